"""Office-made Word templates (docxtpl) over the catalogue, rendered in a Jinja sandbox.

In a template every figure is a catalogue key, written either way:

    {{ m["problems.close_rate"] }}        by key
    {{ 指标.整改率 }}                        by the catalogue label (labels that are unique)

with the lists ``下级单位`` (children: ``c.name`` and ``c.m["key"]``), ``逾期问题`` (overdue problems: number,
title, unit, deadline, days) and ``制度`` (institutions: title, doc_number, kind, issued), plus ``单位``,
``专项``, ``截至`` and ``日期``.  English names (``children``, ``overdue``, ``institutions``, ``unit``,
``campaign``, ``as_of``) work too.

Upload checks every placeholder against the catalogue (a misspelt key is refused with the key named) and
renders once against sample data with StrictUndefined; rendering always runs in a SandboxedEnvironment,
so ``{{ ''.__class__.__mro__ }}`` and the like are refused. The trial render and every real render run
under limits on iterations, time, output and memory in a child process (taizhang.reports.sandbox), so a
template with nested loops stops with a message instead of holding a web process or a worker.
"""

from __future__ import annotations

import io
import re
import zipfile

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from taizhang.core.exceptions import ValidationFailed
from taizhang.documents.layout import cn_date
from taizhang.reports import records
from taizhang.reports.figures import fmt
from taizhang.reports.request import Rendered
from taizhang.reports.sandbox import COUNTER, LimitedEnvironment, Limits, TemplateLimitExceeded, run_isolated
from taizhang.stats.catalogue import CATALOGUE, KEYS

LIST_NAMES = {"下级单位": "children", "逾期问题": "overdue", "制度": "institutions"}
SCALARS = {"单位": "unit", "专项": "campaign", "截至": "as_of", "日期": "as_of"}
FIGURE_NAMES = ("m", "指标")
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def label_map() -> dict[str, str]:
    """Catalogue label → key, for the labels no two keys share."""
    seen: dict[str, list[str]] = {}
    for key in KEYS:
        seen.setdefault(CATALOGUE[key].label, []).append(key)
    return {label: keys[0] for label, keys in seen.items() if len(keys) == 1}


def allowed_names() -> set[str]:
    return {*FIGURE_NAMES, *LIST_NAMES, *LIST_NAMES.values(), *SCALARS, *SCALARS.values(), "loop", COUNTER}


def environment(limits: Limits | None = None) -> SandboxedEnvironment:
    """A fresh sandbox with a fresh budget (one per rendering)."""
    return LimitedEnvironment(limits or Limits.from_settings(), undefined=StrictUndefined, autoescape=True)


class _Figures(dict):
    """m["key"] → printed value; a key outside the catalogue is an error naming it."""

    def __missing__(self, key):
        raise UndefinedError(f"统计指标「{key}」不存在")


class _Labels:
    """指标.整改率 → printed value."""

    def __init__(self, values: dict):
        self._values = values

    def __getattr__(self, name):
        key = label_map().get(name)
        if key is None:
            raise UndefinedError(f"指标「{name}」不存在")
        return self._values[key]

    __getitem__ = __getattr__


def context_for(req, values: dict, children: list, overdue: list, institutions: list) -> dict:
    printed = _Figures({k: fmt(k, v) for k, v in values.items()})
    ctx = {
        "m": printed, "指标": _Labels(printed),
        "unit": req.unit.name, "campaign": req.campaign.name, "as_of": cn_date(req.day),
        "children": children, "overdue": overdue, "institutions": institutions,
    }
    for alias, name in {**LIST_NAMES, **SCALARS}.items():
        ctx[alias] = ctx[name]
    return ctx


def _children(req) -> list[dict]:
    from taizhang.reports.builders.rectification import child_figures

    return [{"name": c.name, "code": c.code, "m": _Figures({k: fmt(k, v) for k, v in vals.items()})}
            for c, vals in child_figures(req, list(KEYS))]


def sample_context(req_like) -> dict:
    """One made-up row per list, to find misspelt attributes on upload without touching the ledger."""
    values = dict.fromkeys(KEYS, 1)
    child = {"name": "示例单位", "code": "X", "m": _Figures({k: "1" for k in KEYS})}
    problem = {"number": "ZG-0001", "title": "示例问题", "unit": "示例单位", "deadline": "2024年1月5日", "days": 3}
    inst = {"title": "示例制度", "doc_number": "示发〔2024〕1号", "kind": "新建", "issued": "2024年1月5日"}
    return context_for(req_like, values, [child], [problem], [inst])


# --- checking ----------------------------------------------------------------------------------------

def template_source(data: bytes) -> str:
    """The Jinja source docxtpl would render (document body, headers and footers), or a clear error."""
    from docxtpl import DocxTemplate

    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationFailed("模板文件超过 10 MB", field="file")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationFailed("模板须为 Word（.docx）文件", field="file")
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
        parts = [tpl.patch_xml(tpl.get_xml())]
        for _rel, part in [*tpl.get_headers_footers(tpl.HEADER_URI), *tpl.get_headers_footers(tpl.FOOTER_URI)]:
            parts.append(tpl.patch_xml(tpl.get_part_xml(part)))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise ValidationFailed(f"无法读取模板文件：{exc}", field="file") from None
    return "\n".join(parts)


# The fields of a row of each list, as context_for fills them.
LIST_FIELDS = {"children": {"name", "code", "m"},
               "overdue": {"number", "title", "unit", "deadline", "days"},
               "institutions": {"title", "doc_number", "kind", "issued"}}
_DOCXTPL_TAG = re.compile(r"\{([{%])(?:p|tr|tc|r)\s")  # {%p for …%}, {{r x}}: docxtpl's own tag kinds
_TAG = re.compile(r"\{[{%].*?[%}]\}", re.S)


def template_places(data: bytes) -> list[tuple[str, str]]:
    """(where, text) of every paragraph, table cell, header and footer of a .docx, in reading order, where is
    how a user finds it in Word: 第3段, 第1个表格第2行第1列, 页眉, 页脚."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(io.BytesIO(data))
    except Exception:  # template_source has already said why the file cannot be read
        return []
    places: list[tuple[str, str]] = []
    paragraphs = tables = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            places.append((f"第{paragraphs}段", Paragraph(child, doc).text))
        elif tag == "tbl":
            tables += 1
            for r, row in enumerate(Table(child, doc).rows, start=1):
                seen = set()
                for c, cell in enumerate(row.cells, start=1):
                    if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                        continue
                    seen.add(id(cell._tc))
                    places.append((f"第{tables}个表格第{r}行第{c}列", cell.text))
    for section in doc.sections:
        for where, part in (("页眉", section.header), ("页脚", section.footer)):
            if not part.is_linked_to_previous:
                places.extend((where, p.text) for p in part.paragraphs)
    return places


def _tags(text: str) -> str:
    """The placeholders and tags of a place's text, in Jinja's own spelling."""
    return " ".join(_TAG.findall(_DOCXTPL_TAG.sub(r"{\1 ", text)))


def _where(places, pattern: re.Pattern | None) -> str:
    """「第2段、第5段」: the places whose placeholders match, or "" when none does (or nothing to look for)."""
    if pattern is None:
        return ""
    found = []
    for where, text in places:
        if pattern.search(_tags(text)) and where not in found:
            found.append(where)
    return "、".join(found[:5]) + ("等" if len(found) > 5 else "")


def _syntax_place(env, places) -> str:
    """The place whose own tags do not parse (block tags left open across places are no error there)."""
    for where, text in places:
        tags = _tags(text)
        if not tags:
            continue
        try:
            env.parse(tags)
        except TemplateSyntaxError as exc:
            if "end of template" in exc.message or "unknown tag" in exc.message:
                continue
            return where
    return ""


def check_source(source: str, places: list[tuple[str, str]] = ()) -> list[str]:
    """The catalogue keys a template uses; ValidationFailed naming every unknown key, name or list field at once,
    each with where it stands (`places`, from template_places)."""
    env = environment()
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        where = _syntax_place(env, places)
        at = f"{where}" if where else f"第{exc.lineno}行"
        raise ValidationFailed(f"模板语法错误（{at}）：{exc.message}", field="file") from None
    labels = label_map()
    used: list[str] = []
    problems: list[tuple[str, re.Pattern | None]] = []  # (what is wrong, how to find it in the document)

    def problem(message: str, pattern: str | None) -> None:
        if all(message != m for m, _ in problems):
            problems.append((message, re.compile(pattern) if pattern else None))

    local_names = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    rows = {}  # loop variable → the list it walks: {% for c in 下级单位 %}
    for loop in ast.find_all(nodes.For):
        walked = loop.iter  # the sandbox wraps every loop's iterable in its iteration counter
        if isinstance(walked, nodes.Call) and isinstance(walked.node, nodes.Name) and walked.node.name == COUNTER:
            walked = walked.args[0]
        if isinstance(loop.target, nodes.Name) and isinstance(walked, nodes.Name):
            listed = LIST_NAMES.get(walked.name, walked.name)
            if listed in LIST_FIELDS:
                rows[loop.target.name] = listed
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else (
            node.arg.value if isinstance(node.arg, nodes.Const) else None)
        if isinstance(attr, str) and attr.startswith("_"):
            problem(f"不允许访问「{attr}」", re.escape(attr))
            continue
        target = node.node
        if isinstance(target, nodes.Name) and target.name in rows and isinstance(attr, str):
            if attr not in LIST_FIELDS[rows[target.name]]:
                alias = next(a for a, n in LIST_NAMES.items() if n == rows[target.name])
                problem(f"{alias}没有字段「{attr}」", rf"(?<![\w.]){re.escape(target.name)}\s*(\.\s*{re.escape(attr)}"
                        rf"(?!\w)|\[\s*['\"]{re.escape(attr)}['\"])")
            continue
        if isinstance(target, nodes.Getattr) and target.attr == "m":  # c.m["key"] in a loop
            target = nodes.Name("m", "load")
        if not isinstance(target, nodes.Name) or target.name not in FIGURE_NAMES:
            continue
        if attr is None:
            problem("指标须直接写出，例如 m[\"problems.close_rate\"]", None)
            continue
        key = attr if target.name == "m" else labels.get(attr)
        if key not in CATALOGUE:
            problem(f"指标「{attr}」不存在", rf"(?<!\w){re.escape(attr)}(?![\w.])")
        elif key not in used:
            used.append(key)
    from jinja2 import meta

    for name in sorted(meta.find_undeclared_variables(ast) - allowed_names() - local_names):
        problem(f"名称「{name}」不存在", rf"(?<![\w.]){re.escape(name)}(?!\w)")
    if problems:
        lines = []
        for message, pattern in problems:
            where = _where(places, pattern)
            lines.append(f"{where}：{message}" if where else message)
        if len(lines) == 1:
            text = f"模板中{lines[0]}，请在“可用指标”页核对写法"
        else:
            text = f"模板中有{len(lines)}处写法无法识别，请在“可用指标”页核对写法：" + "；".join(
                f"{n}. {line}" for n, line in enumerate(lines, start=1))
        raise ValidationFailed(text, field="file", errors={"file": lines})
    return used


def check_data(data: bytes) -> list[str]:
    """check_source over a .docx, with each problem's paragraph or table cell named."""
    return check_source(template_source(data), template_places(data))


def _trial_render(data: bytes, req_like, limits: Limits) -> None:
    render_bytes(data, sample_context(req_like), limits)


def check_template(data: bytes, req_like) -> list[str]:
    """Validate an uploaded template fully: placeholders against the catalogue, then a sandboxed trial render in a
    child process under the (short) limits of the upload check."""
    used = check_data(data)  # parsing is linear in the template's length: it names every problem at once here
    limits = Limits.from_settings(check=True)
    try:
        run_isolated(_trial_render, data, req_like, limits, limits=limits)
        return used
    except TemplateLimitExceeded as exc:
        raise ValidationFailed(str(exc), field="file") from None


def render_bytes(data: bytes, context: dict, limits: Limits | None = None) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.render(context, jinja_env=environment(limits), autoescape=True)
    except TemplateLimitExceeded as exc:
        raise ValidationFailed(str(exc), field="file") from None
    except SecurityError:
        raise ValidationFailed("模板包含不允许的表达式（只能使用指标和列表字段）", field="file") from None
    except UndefinedError as exc:
        raise ValidationFailed(f"模板中的名称不存在：{exc.message}", field="file") from None
    except TemplateSyntaxError as exc:
        raise ValidationFailed(f"模板语法错误：{exc.message}", field="file") from None
    except Exception as exc:  # a TypeError from a filter misuse and the like
        raise ValidationFailed(f"模板无法生成：{exc}", field="file") from None
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render(req, data: bytes, name: str) -> Rendered:
    """Render a (checked) template for a real unit, campaign and day."""
    from taizhang.reports.figures import Figures

    used = check_data(data)
    f = Figures(req.unit, req.campaign, req.as_of, None)
    overdue = [{"number": p.number, "title": p.title, "unit": p.unit.name, "deadline": cn_date(p.deadline),
                "days": (req.day - p.deadline).days} for p in records.overdue_problems(req, 500)]
    insts = [{"title": i.title, "doc_number": i.doc_number, "kind": i.get_kind_display(),
              "issued": cn_date(i.issued_date) if i.issued_date else ""} for i in records.institutions(req, 500)]
    limits = Limits.from_settings()
    context = context_for(req, f.values, _children(req), overdue, insts)  # the database is read here, not in the child
    try:
        content = run_isolated(render_bytes, data, context, limits, limits=limits)
    except TemplateLimitExceeded as exc:
        raise ValidationFailed(str(exc), field="file") from None
    figures = {k: f.values[k] for k in used}
    return Rendered(content, figures, f"{req.unit.name}{name}（截至{req.day:%Y%m%d}）.docx")
