"""Quality checks of problems (问题质量): each finding says which rule it breaks and why.

The checks look at what the office reviews: a statement that any unit could have written (nearly identical to
those of many other units), placeholder text left from a template, no responsible person or no deadline,
measures that only repeat the problem, a 销号 without evidence, and a closure dated before its measures were
done (文字整改、数字整改). They are computed from the ledger's rows when asked, never stored, so a corrected
problem loses its warning at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from taizhang.ledger.models import MeasureStatus, ProblemStatus, RectificationKind
from taizhang.quality.text import TextIndex, near_each, normalise, shingles, similar_among

# Defaults the deployment sets (settings, from the environment); the report page may override N per request.
GENERIC_UNITS = settings.TAIZHANG_QUALITY_GENERIC_UNITS
GENERIC_SIMILARITY = min(settings.TAIZHANG_QUALITY_GENERIC_PERCENT, 100) / 100
RESTATE_SHARE = 0.8

KINDS = {
    "generic": "万能问题",
    "placeholder": "模板占位符未替换",
    "no_responsible": "未明确责任人",
    "no_deadline": "未明确整改时限",
    "restating_measure": "措施照抄问题",
    "closure_without_evidence": "销号无佐证",
    "closed_before_measures": "销号早于措施完成",
}

# Placeholders of templates: X, XX, xx, ××, 某某, ○○, 此处填写 … (checked on the NFKC form, so Ｘ is X).
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:[Xx]{1,4}|×{1,4})(?![A-Za-z])|某某|○○|＊＊|\*\*|此处填写|请填写|待填写|待补充|此处输入")
# Words a restating measure wraps around the problem's own words.
_FILLER = re.compile(r"针对|对于|关于|存在|的问题|问题|进行|开展|加以|予以|立即|认真|切实|进一步|积极|抓好|做好|"
                     r"加强|强化|整改|解决|改正|纠正|落实|到位|坚决|全面|着力|推动|推进|的|了|和|并")


@dataclass(frozen=True)
class Finding:
    """One warning on one problem: `kind` (a key of KINDS) and `why`, the reason in the office's words."""

    kind: str
    why: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def statement(title: str, description: str) -> str:
    """The text a typed problem is compared with: its title and 问题表现. (Clusters and the generic check compare
    titles, the short statement of a problem.)"""
    return f"{title}。{description}" if description else title


def placeholders(text: str) -> list[str]:
    return sorted({m.group(0) for m in PLACEHOLDER.finditer(unicodedata.normalize("NFKC", text or ""))})


def restates(measure: str, problem_text: str) -> float | None:
    """The share of the measure's words taken from the problem, once the usual wrapping words (针对…问题进行整改)
    are removed; None when the measure says something of its own."""
    rest = _FILLER.sub("", normalise(measure))
    if len(rest) < 4:
        return 1.0
    grams = set(shingles(rest))
    source = set(shingles(problem_text))
    bigrams = {g for g in grams if len(g) == 2}
    share = len(bigrams & source) / len(bigrams) if bigrams else 1.0
    return share if share >= RESTATE_SHARE else None


SCAN_TARGETS = 50  # up to this many statements are each checked by a scan; more, through an index of the scope


def generic_counts(by_text: dict, targets: dict, *, threshold: float) -> dict:
    """For each target problem (pk → (its normalised statement, its unit id)), how many other units wrote a
    statement at least `threshold` similar. `by_text` maps each distinct statement of the scope to its
    [(pk, unit id)]."""
    wanted = {key for key, _ in targets.values() if key in by_text}
    near: dict[str, set[str]] = {key: {key} for key in wanted}
    if len(wanted) > SCAN_TARGETS:
        index = TextIndex(((key, key) for key in by_text), idf=False)
        for key, others in near_each(index, wanted, threshold).items():
            near[key].update(o for o, _ in others)
    else:
        for key in wanted:
            near[key].update(similar_among(key, by_text, threshold))
    out = {}
    for pk, (key, unit_id) in targets.items():
        units = {u for k in near.get(key, ()) for _, u in by_text[k]}
        units.discard(unit_id)
        out[pk] = len(units)
    return out


def problem_findings(problem, *, measures, has_evidence: bool, generic_units: int | None = None,
                     generic_limit: int = GENERIC_UNITS) -> list[Finding]:
    """The findings of one problem. `measures` are its Measure rows, `has_evidence` whether its decisive
    销号 request or its progress carries files, `generic_units` how many other units wrote nearly the same."""
    out: list[Finding] = []
    text = statement(problem.title, problem.description)
    if generic_units is not None and generic_units >= generic_limit:
        out.append(Finding("generic", f"问题表述与其他 {generic_units} 个单位的问题几乎相同，看不出本单位的具体情况"))
    for field, label in (("title", "问题标题"), ("description", "问题表现"), ("target", "整改目标")):
        found = placeholders(getattr(problem, field))
        if found:
            out.append(Finding("placeholder", f"{label}中有模板占位符「{'」「'.join(found)}」，内容没有按实际填写"))
    for m in measures:
        found = placeholders(m.text)
        if found:
            out.append(Finding("placeholder", f"整改措施「{m.text[:30]}」中有模板占位符「{'」「'.join(found)}」"))
    active = problem.status != ProblemStatus.WITHDRAWN
    if active and not (problem.responsible_id or (problem.responsible_name or "").strip()):
        out.append(Finding("no_responsible", "没有填写责任人，整改无人负责"))
    if active and problem.kind != RectificationKind.LONG_TERM and problem.deadline is None:
        out.append(Finding("no_deadline", "没有填写整改时限（只有长期坚持类可以不填）"))
    for m in measures:
        share = restates(m.text, text)
        if share is not None:
            out.append(Finding("restating_measure", f"整改措施「{m.text[:30]}」只是把问题重新说了一遍"
                                                    f"（{round(share * 100)}% 的字词来自问题本身），没有说明怎么改"))
    if problem.status in (ProblemStatus.REVIEW, ProblemStatus.CLOSED) and not has_evidence:
        out.append(Finding("closure_without_evidence", "申请销号没有上传任何佐证材料（销号申请和整改进展中都没有）"))
    if problem.status in (ProblemStatus.REVIEW, ProblemStatus.CLOSED):
        closed_at = problem.closed_at if problem.status == ProblemStatus.CLOSED else None
        undone = [m for m in measures if m.status != MeasureStatus.DONE]
        later = [m for m in measures if closed_at and m.completed_at and m.completed_at > closed_at]
        if undone:
            when = "已销号" if closed_at else "已申请销号"
            out.append(Finding("closed_before_measures", f"{when}，但还有 {len(undone)} 项整改措施未完成"
                                                         f"（如「{undone[0].text[:20]}」）"))
        elif later:
            last = max(m.completed_at for m in later)
            out.append(Finding("closed_before_measures",
                               f"销号日期 {timezone.localdate(closed_at):%Y-%m-%d} 早于措施完成日期 "
                               f"{timezone.localdate(last):%Y-%m-%d}：措施还没做完就销了号"))
    return out
