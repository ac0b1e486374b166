"""Excel output of the one-row-per-record lists: 调研课题, 学习活动, 为民办实事, 建章立制, 组织单位 and 用户及角色.

Each kind reads its rows from the list page's own selector (the user's scope, the page's filters), writes them in
the shared sheet layout, and names its columns as its importer (importers/records.py) knows them, so an exported
sheet imports back into another campaign or a fresh tree as the same records. Columns the importer has no field
for (状态, 惠及人数 …) are there for the reader; an import passes over them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from django.utils.module_loading import import_string

from taizhang.core.exceptions import TaizhangError

from .layout import DATE, NUMBER, Col, SheetLayout, note_text, scope_label, unit_labels

CHUNK = 2000


def _labels(choices) -> dict[str, str]:
    return {str(k): str(v) for k, v in choices}


class RecordExport:
    """One kind's export. Subclasses set the class attributes and implement `prepare` and `values`."""

    kind = ""  # the importer's kind
    label = ""  # 调研课题: sheet name, title and file name
    noun = "条记录"  # 共 N …
    needs_campaign = True
    filter_keys: tuple[str, ...] = ()  # the list page's query parameters besides `unit`
    filter_labels: dict[str, str] = {}  # CLI messages: parameter → its name on the page
    columns: tuple[Col, ...] = ()
    freeze_cols = 1
    # the list page's selector, called (user[, campaign], unit=…, **filters), as a dotted path
    selector = ""
    # the TextChoices the kind's filter takes its values from, as a dotted path ("" for free text)
    filter_choices_from = ""

    def __init__(self, *, user, campaign=None, unit=None, filters: dict | None = None):
        if self.needs_campaign and campaign is None:
            raise TaizhangError("请指定专项工作")
        self.user, self.campaign, self.unit = user, campaign, unit
        self.filters = {k: (filters or {}).get(k) or "" for k in self.filter_keys}

    # per kind ------------------------------------------------------------------------------------
    @classmethod
    def filter_choices(cls, key: str) -> list[tuple[str, str]]:
        """The values a filter takes (value, label); empty for free text (a figure's `metric` key is checked by the
        list's own filter, and an unknown one selects no row)."""
        if key == "metric":
            return []
        return import_string(cls.filter_choices_from).choices if cls.filter_choices_from else []

    @classmethod
    def allowed(cls, user) -> bool:
        """Whether the kind's list page exists for the user (else the export answers 404)."""
        from taizhang.orgs import permissions as P
        from taizhang.orgs.scope import has_any_role, roles_granting

        return has_any_role(user, *roles_granting(P.VIEW))

    @classmethod
    def visible_units(cls, user):
        """The units whose subtree the user may narrow the export to."""
        from taizhang.orgs import permissions as P
        from taizhang.orgs.models import Unit

        return Unit.objects.for_user(user, P.VIEW)

    def queryset(self):
        scope = (self.user, self.campaign) if self.needs_campaign else (self.user,)
        return import_string(self.selector)(*scope, unit=self.unit, **self.filters)

    def prepare(self, qs) -> None:
        """Look-ups for the whole sheet (unit names, labels), done once before the rows are written."""

    def values(self, obj) -> Iterable[tuple]:
        """The sheet row(s) of one record, in the order of `columns`."""
        raise NotImplementedError

    # shared --------------------------------------------------------------------------------------
    @classmethod
    def clean_filters(cls, raw: dict) -> dict:
        """Filters as typed on the command line: a choice may be given by value or by its Chinese label."""
        out = {}
        for key in cls.filter_keys:
            value = (raw.get(key) or "").strip()
            choices = cls.filter_choices(key)
            if value and choices:
                table = {str(v): str(v) for v, _ in choices} | {str(lbl): str(v) for v, lbl in choices}
                if value not in table:
                    listed = "、".join(str(lbl) for _, lbl in choices)
                    raise TaizhangError(f"「{cls.filter_labels.get(key, key)}」的值「{value}」无效，可选：{listed}")
                value = table[value]
            out[key] = value
        return out

    @classmethod
    def find_unit(cls, user, code: str):
        """The unit with `code` if the user may narrow the export to it; NotFound otherwise."""
        from taizhang.orgs.selectors import unit_named

        return unit_named(cls.visible_units(user), code)

    @property
    def title(self) -> str:
        return f"{self.campaign.name}{self.label}台账" if self.campaign is not None else f"{self.label}清单"

    def count(self) -> int:
        return self.queryset().order_by().count()

    def write(self, path: str | Path, *, progress: Callable[[int, int], None] | None = None) -> int:
        """Write the sheet to `path`; returns the number of data rows."""
        qs = self.queryset()
        self.prepare(qs)
        total, rows = self.rows(qs)
        layout = SheetLayout(path, sheet=self.label, title=self.title,
                             note=note_text(scope=scope_label(self.user, self.unit), campaign=self.campaign,
                                            count=total, noun=self.noun),
                             columns=self.columns, rows=total, user=self.user, freeze_cols=self.freeze_cols)
        written = 0
        for values in rows:
            layout.write_row(values)
            written += 1
            if progress is not None and written % CHUNK == 0:
                progress(written, total)
        layout.close()
        if progress is not None:
            progress(written, written)
        return written

    def rows(self, qs) -> tuple[int, Iterable[tuple]]:
        """(number of rows, the rows): one per record, read in chunks as they are written."""
        return qs.order_by().count(), (v for obj in qs.iterator(chunk_size=CHUNK) for v in self.values(obj))

    def _units(self, qs, field: str = "unit_id") -> dict[int, str]:
        return unit_labels(qs.order_by().values(field).distinct())


def _person(user, name: str) -> str:
    """People by name: an account's name (the importers find the account again by a name only one bears), else the
    name as typed."""
    return (user.display_name or user.username) if user is not None else name


class ResearchExport(RecordExport):
    kind, label, noun = "research", "调研课题", "个课题"
    filter_keys, filter_labels = ("status", "metric"), {"status": "状态", "metric": "统计指标"}
    columns = (Col("课题名称", 28), Col("单位", 18), Col("调研方向", 16), Col("领题领导", 17), Col("课题组成员", 16),
               Col("选题理由", 30), Col("计划开始时间", 12, DATE), Col("计划完成时间", 12, DATE), Col("调研地点", 18),
               Col("状态", 10))
    selector = "taizhang.research.selectors.topic_list"
    filter_choices_from = "taizhang.research.models.TopicStatus"

    def prepare(self, qs):
        from taizhang.research.models import TopicStatus

        self.unit_of, self.statuses = self._units(qs), _labels(TopicStatus.choices)

    def values(self, t):
        yield (t.title, self.unit_of.get(t.unit_id, ""), t.direction, _person(t.lead_leader, t.lead_leader_name),
               t.member_names, t.rationale, t.planned_start, t.planned_end, t.planned_sites,
               self.statuses.get(t.status, t.status))


class StudyExport(RecordExport):
    kind, label, noun = "study", "学习活动", "次活动"
    filter_keys, filter_labels = ("type", "metric"), {"type": "学习形式", "metric": "统计指标"}
    columns = (Col("学习形式", 12), Col("学习主题", 28), Col("单位", 18), Col("日期", 12, DATE),
               Col("结束日期", 12, DATE), Col("天数", 6, NUMBER), Col("主持人", 10), Col("参加人数", 8, NUMBER),
               Col("参加人次", 8, NUMBER), Col("发言人次", 8, NUMBER), Col("意见建议", 8, NUMBER), Col("内容摘要", 36))
    selector = "taizhang.study.selectors.activity_list"
    filter_choices_from = "taizhang.study.models.StudyType"

    def prepare(self, qs):
        from taizhang.study.models import StudyType

        self.unit_of, self.types = self._units(qs), _labels(StudyType.choices)

    def values(self, a):
        yield (self.types.get(a.type, a.type), a.title, self.unit_of.get(a.unit_id, ""), a.start_date, a.end_date,
               a.days, a.host, a.participant_count, a.attendance, a.speakers, a.outputs, a.summary)


class MatterExport(RecordExport):
    kind, label, noun = "matters", "为民办实事", "件实事"
    filter_keys, filter_labels = ("status", "metric"), {"status": "状态", "metric": "统计指标"}
    columns = (Col("实事名称", 26), Col("单位", 18), Col("类别", 10), Col("来源", 10), Col("具体内容", 34),
               Col("领办领导", 17), Col("完成时限", 12, DATE), Col("状态", 8), Col("惠及人数", 9, NUMBER),
               Col("资金（万元）", 10, NUMBER))
    selector = "taizhang.matters.selectors.matter_list"
    filter_choices_from = "taizhang.matters.models.MatterStatus"

    def prepare(self, qs):
        from taizhang.matters.models import MatterSource, MatterStatus

        self.unit_of = self._units(qs)
        self.categories = _labels(self.campaign.code_choices("matter_category"))
        self.sources, self.statuses = _labels(MatterSource.choices), _labels(MatterStatus.choices)

    def values(self, m):
        yield (m.title, self.unit_of.get(m.unit_id, ""), self.categories.get(m.category, m.category),
               self.sources.get(m.source, m.source), m.description, _person(m.lead_leader, m.lead_leader_name),
               m.deadline, self.statuses.get(m.status, m.status), m.beneficiaries, m.money)


class InstitutionExport(RecordExport):
    kind, label, noun = "institutions", "建章立制", "项制度"
    filter_keys, filter_labels = ("kind", "metric"), {"kind": "类型", "metric": "统计指标"}
    columns = (Col("制度名称", 30), Col("文号", 18), Col("类型", 8), Col("印发时间", 12, DATE), Col("单位", 18),
               Col("主要内容", 44))
    selector = "taizhang.institutions.selectors.institution_list"
    filter_choices_from = "taizhang.institutions.models.InstitutionKind"

    def prepare(self, qs):
        from taizhang.institutions.models import InstitutionKind

        self.unit_of, self.kinds = self._units(qs), _labels(InstitutionKind.choices)

    def values(self, i):
        yield (i.title, i.doc_number, self.kinds.get(i.kind, i.kind), i.issued_date,
               self.unit_of.get(i.unit_id, ""), i.summary)


class UnitExport(RecordExport):
    """The unit tree in tree order, parents first, so an import creates each parent before its children. A
    parent outside what the user sees is left blank: the import then attaches the unit under the unit the
    importer chooses."""

    kind, label, noun, needs_campaign = "units", "组织单位", "个单位", False
    filter_keys = ("q",)
    selector = "taizhang.orgs.selectors.unit_list"
    columns = (Col("单位编码", 14), Col("单位名称", 28), Col("简称", 14), Col("上级单位", 14), Col("单位类型", 10),
               Col("状态", 6))

    @classmethod
    def allowed(cls, user):
        return cls.visible_units(user).exists()

    @classmethod
    def visible_units(cls, user):
        from taizhang.orgs.selectors import units_visible

        return units_visible(user)

    @property
    def title(self):
        return "组织单位清单"

    def prepare(self, qs):
        from taizhang.orgs.models import Unit, UnitKind

        self.kinds = _labels(UnitKind.choices)
        steplen = Unit.steplen
        parents = {u.path[:-steplen] for u in qs.only("path") if u.depth > 1}
        self.parent_code = dict(self.visible_units(self.user).filter(path__in=parents).values_list("path", "code"))
        self.steplen = steplen

    def values(self, u):
        parent = self.parent_code.get(u.path[:-self.steplen], "") if u.depth > 1 else ""
        yield (u.code, u.name, u.short_name, parent, self.kinds.get(u.kind, u.kind), "启用" if u.active else "停用")


class UserExport(RecordExport):
    """Accounts with their role assignments: one row per account and unit where it holds roles (授权单位), the
    roles of that unit listed in 角色. Only assignments on units the exporter manages are written; phone numbers
    only for a system administrator (everyone else sees them masked, and a masked number is no number)."""

    kind, label, noun, needs_campaign = "users", "用户及角色", "行", False
    filter_keys = ("q",)
    selector = "taizhang.orgs.selectors.user_list"

    @classmethod
    def allowed(cls, user):
        from taizhang.orgs import permissions as P
        from taizhang.orgs.scope import has_any_role

        return has_any_role(user, P.SYSADMIN, P.SECADMIN)

    @classmethod
    def visible_units(cls, user):
        from taizhang.orgs import permissions as P
        from taizhang.orgs.models import Unit

        return Unit.objects.for_user(user, P.MANAGE_USERS) | Unit.objects.for_user(user, P.MANAGE_ROLES)

    @property
    def title(self):
        return "用户及角色清单"

    @property
    def with_phone(self) -> bool:
        from taizhang.orgs import permissions as P
        from taizhang.orgs.scope import has_any_role

        return has_any_role(self.user, P.SYSADMIN)

    @property
    def columns(self):
        cols = [Col("用户名", 16), Col("姓名", 10), Col("单位", 18), Col("职务", 14)]
        if self.with_phone:
            cols.append(Col("手机号", 13))
        return (*cols, Col("角色", 18), Col("授权单位", 18), Col("含下级单位", 8), Col("账号状态", 8))

    def rows(self, qs) -> tuple[int, list[tuple]]:
        from taizhang.orgs import permissions as P
        from taizhang.orgs.models import RoleAssignment

        scope = self.visible_units(self.user)
        users = list(qs)
        groups: dict[int, dict[tuple[int, bool], list[str]]] = {}
        for user_id, role, unit_id, sub in (
                RoleAssignment.objects.filter(user__in=qs.order_by().values("pk"), unit__in=scope)
                .order_by("unit__path", "role").values_list("user_id", "role", "unit_id", "include_subunits")):
            groups.setdefault(user_id, {}).setdefault((unit_id, sub), []).append(role)
        unit_of = unit_labels({u.unit_id for u in users} | {k[0] for g in groups.values() for k in g})
        order = {r: i for i, (r, _) in enumerate(P.ROLE_CHOICES)}
        labels = _labels(P.ROLE_CHOICES)
        out = []
        for u in users:
            head = [u.username, u.display_name, unit_of.get(u.unit_id, ""), u.title]
            if self.with_phone:
                head.append(u.phone)
            state = "启用" if u.is_active else "停用"
            held = groups.get(u.pk) or {(None, True): []}
            # the account's own unit first: that is the row that creates the account on import
            for (unit_id, sub), roles in sorted(held.items(), key=lambda kv: kv[0][0] != u.unit_id):
                roles = "、".join(labels[r] for r in sorted(roles, key=order.get))
                out.append((*head, roles, unit_of.get(unit_id, "") if unit_id else "",
                            ("是" if sub else "否") if roles else "", state))
        return len(out), out


EXPORTS: dict[str, type[RecordExport]] = {
    cls.kind: cls for cls in (ResearchExport, StudyExport, MatterExport, InstitutionExport, UnitExport, UserExport)
}


def export_records(kind: str, *, user, path: str | Path, campaign=None, unit=None, filters: dict | None = None,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Write the user's rows of `kind` (a key of EXPORTS) to `path`; returns the number of data rows."""
    return EXPORTS[kind](user=user, campaign=campaign, unit=unit, filters=filters).write(path, progress=progress)

