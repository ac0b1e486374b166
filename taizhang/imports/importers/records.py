"""Importers of one-row-per-record sheets: units, users + roles, research topics, study activities, practical
matters and institutions. Each writes through its app's services (record by record, audit events included) and
matches existing records on re-import (units by code, users by username, study activities by unit + title + date,
the others by unit + title)."""

from __future__ import annotations

import re
import secrets
from typing import Any

from taizhang.core.exceptions import TaizhangError
from taizhang.imports.resolve import PeopleResolver, UnitResolver
from taizhang.imports.sheets import UNIT_FIELDS, USER_FIELDS, ParseError, parse_deadline, parse_records
from taizhang.orgs import permissions as P

from .base import Importer, Plan, register, write_each

_SPLIT = re.compile(r"[、,，;；/\s]+")


def parse_date(value):
    d = parse_deadline(value)
    if d.date is None:
        raise ParseError(f"「{value}」不是日期")
    return d.date


def parse_int(value) -> int:
    if isinstance(value, bool):
        raise ParseError("应为数字")
    try:
        n = float(str(value).strip().replace(",", "").rstrip("人次个条天"))
    except ValueError:
        raise ParseError(f"「{value}」不是数字")
    if n < 0 or n != int(n):
        raise ParseError(f"「{value}」应为非负整数")
    return int(n)


def _choices(choices) -> dict[str, str]:
    out = {}
    for value, label in choices:
        out[str(value)] = value
        out[str(label)] = value
    return out


class RecordImporter(Importer):
    """A sheet of simple records: subclasses give `synonyms`, `required`, `parsers`, `fields()` and the writes."""

    required: tuple[str, ...] = ()
    parsers: dict = {}
    unit_key = "unit"

    def parse(self, sheet, mapping):
        self.mapping = mapping
        result = parse_records(sheet, mapping, synonyms=self.synonyms, required=self.required, parsers=self.parsers)
        self.errors.extend(result.errors)
        return result.records

    def header(self, key: str) -> str:
        i = self.mapping.index_of(key)
        return next((c.header for c in self.mapping.columns if c.index == i), key)

    def resolve_unit(self, rec) -> Any:
        text = rec.values.get(self.unit_key)
        if text is None:
            if self.unit is None:
                self.error(rec.row, self.header(self.unit_key), None, "缺少单位（请在表中填写，或导入时指定单位）")
            return self.unit
        unit, msg = self.units.find(text)
        if msg:
            self.error(rec.row, self.header(self.unit_key), text, msg)
        return unit

    def choice(self, rec, key: str, table: dict, what: str, default=None):
        if key not in rec.values:
            return default
        value = table.get(str(rec.values[key]).strip())
        if value is None:
            self.error(rec.row, self.header(key), rec.values[key], f"{what}「{rec.values[key]}」无效")
        return value

    def leader(self, rec) -> tuple[Any, str]:
        """(account, name) of the 领题/领办 leader as the services store it: an account keeps its name too, so a
        re-imported sheet naming the same account is no change."""
        leader, name = self.people.find(rec.values.get("leader"))
        return leader, name or (str(leader) if leader is not None else "")

    def text(self, rec, key: str) -> str:
        v = rec.values.get(key)
        return "" if v is None else str(v).strip()

    def plan(self, records):
        root = self.campaign.root_unit if self.campaign is not None else None
        self.units = UnitResolver(self.actor, self.unit_action, root)
        self.people = PeopleResolver([r.values.get("leader") for r in records])
        existing = self.existing()
        plans, seen = [], set()
        for rec in records:
            bad = len(self.errors)
            fields = self.fields(rec)
            if len(self.errors) > bad or fields is None:
                continue
            key = self.key(fields)
            if key in seen:
                self.error(rec.row, None, None, "与表中前面的行是同一条记录")
                continue
            seen.add(key)
            target = existing.get(key)
            if target is None:
                plans.append(Plan(rec.row, "create", str(key), fields))
                continue
            changed = {k: v for k, v in fields.items() if k in self.compared and getattr(target, k) != v}
            plans.append(Plan(rec.row, "update" if changed else "same", str(key), changed, target))
        return plans

    compared: tuple[str, ...] = ()

    def write(self, plans, *, partial):
        return write_each(self, plans, self.write_one, partial=partial)

    def write_one(self, plan: Plan) -> None:
        if plan.action == "create":
            self.create(plan.data)
        else:
            self.update(plan.target, plan.data)

    # per kind
    def existing(self) -> dict:
        return {}

    def key(self, fields) -> Any:
        return (fields["unit"].pk, fields["title"])

    def fields(self, rec) -> dict | None:
        raise NotImplementedError

    def create(self, fields) -> None:
        raise NotImplementedError

    def update(self, obj, changed) -> None:
        raise NotImplementedError


class PendingUnit:
    def __init__(self, text: str):
        self.text = text


@register
class UnitImporter(RecordImporter):
    kind, label = "units", "组织单位"
    synonyms = {**UNIT_FIELDS, "short_name": ("简称", "单位简称"), "parent": ("上级单位", "上级组织", "上级党组织",
                                                                         "隶属单位", "上级单位编码", "上级编码")}
    required = ("code", "name")
    needs_campaign = False
    unit_action = P.MANAGE_UNITS
    compared = ("name", "short_name", "kind")

    def existing(self):
        from taizhang.orgs.models import Unit

        return {u.code: u for u in Unit.objects.all()}

    def key(self, fields):
        return fields["code"]

    def fields(self, rec):
        from taizhang.imports.resolve import _norm
        from taizhang.orgs.models import UnitKind

        pending = self.__dict__.setdefault("pending", set())
        parent = None
        if "parent" in rec.values:
            text = rec.values["parent"]
            parent, msg = self.units.find(text)
            if parent is None and _norm(text) in pending:
                parent = PendingUnit(str(text))  # a unit created by an earlier row of this file
            elif msg:
                self.error(rec.row, self.header("parent"), text, msg)
        elif self.unit is not None:
            parent = self.unit
        pending.update(_norm(rec.values.get(k)) for k in ("code", "name", "short_name") if rec.values.get(k))
        kind = self.choice(rec, "kind", _choices(UnitKind.choices), "单位类型", UnitKind.OTHER)
        return {"code": self.text(rec, "code"), "name": self.text(rec, "name"), "parent": parent,
                "short_name": self.text(rec, "short_name"), "kind": kind}

    def create(self, f):
        from taizhang.orgs.services import unit_create

        parent = f["parent"]
        if isinstance(parent, PendingUnit):
            parent, msg = self.units.find(parent.text)
            if msg:
                raise TaizhangError(msg)
        unit = unit_create(actor=self.actor, parent=parent, code=f["code"], name=f["name"], kind=f["kind"],
                           short_name=f["short_name"])
        self.units.add(unit)  # later rows may name it as their parent

    def update(self, unit, changed):
        from taizhang.orgs.services import unit_update

        unit_update(actor=self.actor, unit=unit, **changed)


@register
class UserImporter(RecordImporter):
    """Accounts and their roles. A row is an account (created by its first row, matched by username) and the roles
    in 角色 granted over 授权单位 — the account's own unit where that column is absent or blank — with or without
    its subunits (含下级单位). An account holding roles over several units takes one row per unit.

    On re-import a row is an update when a shown field of the account changed or when it lists a role the account
    does not hold over that unit yet (or holds with another 含下级单位, when that column is there); roles are only
    ever added, never removed. A column left out of the sheet (e.g. 手机号 in a security administrator's export)
    leaves that field as it is."""

    kind, label = "users", "用户及角色"
    synonyms = {**USER_FIELDS, "username": ("用户名", "账号", "登录名", "帐号"),
                "subunits": ("含下级单位", "含下级"), "role_unit": ("授权单位", "角色所在单位", "授权范围")}
    required = ("username", "unit")
    needs_campaign = False
    unit_action = P.MANAGE_USERS
    compared = ("display_name", "phone", "title", "unit")
    _ACCOUNT = (("name", "display_name"), ("phone", "phone"), ("position", "title"))

    def existing(self):
        from taizhang.orgs.models import User

        return {u.username: u for u in User.objects.select_related("unit")}

    def fields(self, rec):
        unit = self.resolve_unit(rec)
        roles = []
        table = _choices(P.ROLE_CHOICES)
        for part in _SPLIT.split(self.text(rec, "role")):
            if part:
                role = table.get(part)
                if role is None:
                    self.error(rec.row, self.header("role"), part, f"角色「{part}」无效")
                elif role not in roles:
                    roles.append(role)
        role_unit = unit
        if rec.values.get("role_unit") is not None:
            role_unit, msg = self.units.find(rec.values["role_unit"])
            if msg:
                self.error(rec.row, self.header("role_unit"), rec.values["role_unit"], msg)
        sub = self.text(rec, "subunits")
        f = {"username": self.text(rec, "username"), "unit": unit, "roles": roles, "role_unit": role_unit,
             "include_subunits": sub not in ("否", "不含", "0", "N", "n", "no")}
        for key, name in self._ACCOUNT:
            if self.mapping.index_of(key) is not None:
                f[name] = self.text(rec, key)
        return f

    def _held(self, usernames) -> dict[tuple[int, str, int], bool]:
        """(user id, role, unit id) → include_subunits of the assignments the sheet's existing accounts hold."""
        from taizhang.orgs.models import RoleAssignment

        names, held = list(usernames), {}
        for i in range(0, len(names), 500):
            for user_id, role, unit_id, sub in RoleAssignment.objects.filter(user__username__in=names[i:i + 500]) \
                    .values_list("user_id", "role", "unit_id", "include_subunits"):
                held[(user_id, role, unit_id)] = sub
        return held

    def plan(self, records):
        from taizhang.imports.resolve import UnitResolver

        self.units = UnitResolver(self.actor, self.unit_action)
        existing = self.existing()
        held = self._held({self.text(r, "username") for r in records} & set(existing))
        compare_sub = self.mapping.index_of("subunits") is not None
        plans, seen, first = [], set(), {}
        for rec in records:
            bad = len(self.errors)
            f = self.fields(rec)
            if len(self.errors) > bad:
                continue
            username, role_unit = f["username"], f["role_unit"]
            key = (username, role_unit.pk, f["include_subunits"])
            if key in seen:
                self.error(rec.row, None, None, "与表中前面的行是同一条记录")
                continue
            seen.add(key)
            earlier = first.setdefault(username, (rec.row, f))
            if earlier[0] != rec.row:
                diff = next((k for k in self.compared if k in f and k in earlier[1] and f[k] != earlier[1][k]), None)
                if diff is not None:
                    column = {"display_name": "name", "title": "position"}.get(diff, diff)
                    self.error(rec.row, self.header(column), rec.values.get(column),
                               f"与第{earlier[0]}行同一用户「{username}」的内容不一致")
                    continue
            target = existing.get(username)
            if target is None:
                plans.append(Plan(rec.row, "create", username, f))
                continue
            data = {}
            if earlier[0] == rec.row:
                data = {k: v for k, v in f.items() if k in self.compared and getattr(target, k) != v}
            new_roles = [r for r in f["roles"] if (target.pk, r, role_unit.pk) not in held
                         or (compare_sub and held[(target.pk, r, role_unit.pk)] != f["include_subunits"])]
            if new_roles:
                data.update(roles=new_roles, role_unit=role_unit, include_subunits=f["include_subunits"])
            plans.append(Plan(rec.row, "update" if data else "same", username, data, target))
        return plans

    def _roles(self, user, roles, unit, include_subunits):
        from taizhang.orgs.services import role_assign

        for role in roles:
            role_assign(actor=self.actor, user=user, role=role, unit=unit, include_subunits=include_subunits)

    def create(self, f):
        from taizhang.orgs.services import user_create

        created = self.__dict__.setdefault("created", {})
        user = created.get(f["username"])
        if user is None:  # the account's first row; later rows only add their roles
            user = user_create(actor=self.actor, username=f["username"], password=secrets.token_urlsafe(16),
                               display_name=f.get("display_name", ""), phone=f.get("phone", ""),
                               title=f.get("title", ""), unit=f["unit"], check_password=False)
            created[f["username"]] = user
        self._roles(user, f["roles"], f["role_unit"], f["include_subunits"])

    def update(self, user, changed):
        from taizhang.orgs.services import user_update

        roles = changed.pop("roles", ())
        role_unit, include_subunits = changed.pop("role_unit", None), changed.pop("include_subunits", True)
        if changed:
            user = user_update(actor=self.actor, user=user, **changed)
        self._roles(user, roles, role_unit, include_subunits)


class CampaignRecordImporter(RecordImporter):
    model = None

    def existing(self):
        return {(o.unit_id, o.title): o for o in self.model.objects.filter(campaign=self.campaign)}


@register
class ResearchImporter(CampaignRecordImporter):
    kind, label = "research", "调研课题"
    synonyms = {"number": ("序号",), "title": ("课题名称", "调研课题", "调研题目", "课题", "题目"),
                "unit": ("单位", "牵头单位", "责任单位", "所在单位"), "direction": ("调研方向", "方向"),
                "leader": ("领题领导", "领题人", "牵头领导", "负责领导"), "members": ("课题组成员", "成员", "参与人员"),
                "rationale": ("选题理由", "选题依据", "理由"), "planned_start": ("计划开始时间", "开始时间", "计划开始"),
                "planned_end": ("计划完成时间", "结束时间", "计划结束", "完成时间"),
                "sites": ("调研地点", "计划调研地点", "调研对象"), "remarks": ("备注",)}
    required = ("title",)
    parsers = {"planned_start": parse_date, "planned_end": parse_date}
    compared = ("direction", "lead_leader", "lead_leader_name", "member_names", "rationale", "planned_start",
                "planned_end", "planned_sites")

    @property
    def model(self):
        from taizhang.research.models import ResearchTopic

        return ResearchTopic

    def fields(self, rec):
        leader, name = self.leader(rec)
        return {"unit": self.resolve_unit(rec), "title": self.text(rec, "title"),
                "direction": self.text(rec, "direction"), "lead_leader": leader, "lead_leader_name": name,
                "member_names": self.text(rec, "members"), "rationale": self.text(rec, "rationale"),
                "planned_start": rec.parsed.get("planned_start"), "planned_end": rec.parsed.get("planned_end"),
                "planned_sites": self.text(rec, "sites")}

    def create(self, f):
        from taizhang.research.services import topic_create

        topic_create(actor=self.actor, campaign=self.campaign, **f)

    def update(self, topic, changed):
        from taizhang.research.services import topic_update

        topic_update(actor=self.actor, topic=topic, expected_version=topic.version, **changed)


@register
class StudyImporter(CampaignRecordImporter):
    kind, label = "study", "学习活动"
    synonyms = {"number": ("序号",), "type": ("学习形式", "活动类型", "类型", "形式"),
                "title": ("学习主题", "主题", "学习内容", "活动名称", "题目"), "unit": ("单位", "组织单位", "举办单位"),
                "start_date": ("日期", "学习日期", "开始日期", "时间", "学习时间"), "end_date": ("结束日期",),
                "days": ("天数",), "host": ("主持人", "主讲人", "主持"), "participant_count": ("参加人数", "人数"),
                "attendance": ("参加人次", "人次"), "speakers": ("发言人次", "研讨发言人次", "发言人数"),
                "outputs": ("意见建议", "形成意见建议"), "summary": ("内容摘要", "主要内容", "摘要"), "remarks": ("备注",)}
    required = ("type", "title", "start_date")
    parsers = {"start_date": parse_date, "end_date": parse_date, "days": parse_int, "participant_count": parse_int,
               "attendance": parse_int, "speakers": parse_int, "outputs": parse_int}
    compared = ("type", "start_date", "end_date", "host", "participant_count", "speakers", "outputs", "summary")

    @property
    def model(self):
        from taizhang.study.models import StudyActivity

        return StudyActivity

    # A unit holds the same kind of session under the same title again and again (支部党员大会, 现场教学):
    # an activity is its unit, title and date.
    def existing(self):
        return {(o.unit_id, o.title, o.start_date): o for o in self.model.objects.filter(campaign=self.campaign)}

    def key(self, fields):
        return (fields["unit"].pk, fields["title"], fields["start_date"])

    def fields(self, rec):
        from taizhang.study.models import StudyType

        p = rec.parsed
        return {"unit": self.resolve_unit(rec), "title": self.text(rec, "title"),
                "type": self.choice(rec, "type", _choices(StudyType.choices), "学习形式"),
                "start_date": p.get("start_date"), "end_date": p.get("end_date") or p.get("start_date"),
                "days": p.get("days", 0), "host": self.text(rec, "host")[:60],
                "participant_count": p.get("participant_count", 0), "attendance": p.get("attendance"),
                "speakers": p.get("speakers", 0), "outputs": p.get("outputs", 0), "summary": self.text(rec, "summary")}

    def create(self, f):
        from taizhang.study.services import activity_create

        activity_create(actor=self.actor, campaign=self.campaign, **f)

    def update(self, activity, changed):
        from taizhang.study.services import activity_update

        activity_update(actor=self.actor, activity=activity, expected_version=activity.version, **changed)


@register
class MatterImporter(CampaignRecordImporter):
    kind, label = "matters", "为民办实事"
    synonyms = {"number": ("序号",), "title": ("实事名称", "实事项目", "事项名称", "实事", "项目名称"),
                "unit": ("单位", "责任单位", "牵头单位"), "category": ("类别", "实事类别", "分类"),
                "source": ("来源", "实事来源"), "description": ("具体内容", "内容", "说明"),
                "leader": ("领办领导", "牵头领导", "责任领导"), "deadline": ("完成时限", "时限", "计划完成时间"),
                "remarks": ("备注",)}
    required = ("title", "category")
    parsers = {"deadline": parse_date}
    compared = ("category", "source", "description", "lead_leader_name", "deadline")

    @property
    def model(self):
        from taizhang.matters.models import PracticalMatter

        return PracticalMatter

    def fields(self, rec):
        from taizhang.matters.models import MatterSource

        cats = _choices(self.campaign.code_choices("matter_category"))
        leader, name = self.leader(rec)
        return {"unit": self.resolve_unit(rec), "title": self.text(rec, "title"),
                "category": self.choice(rec, "category", cats, "实事类别"),
                "source": self.choice(rec, "source", _choices(MatterSource.choices), "实事来源", MatterSource.PUBLIC),
                "description": self.text(rec, "description"), "lead_leader": leader, "lead_leader_name": name,
                "deadline": rec.parsed.get("deadline")}

    def create(self, f):
        from taizhang.matters.services import matter_create

        matter_create(actor=self.actor, campaign=self.campaign, **f)

    def update(self, matter, changed):
        from taizhang.matters.services import matter_update

        matter_update(actor=self.actor, matter=matter, expected_version=matter.version, **changed)


@register
class InstitutionImporter(CampaignRecordImporter):
    kind, label = "institutions", "制度"
    synonyms = {"number": ("序号",), "title": ("制度名称", "制度", "文件名称", "名称"),
                "doc_number": ("文号", "发文字号", "文件编号"), "kind": ("类型", "制度类型", "建设类型", "新建/修订/废止"),
                "issued_date": ("印发时间", "印发日期", "发布日期", "出台时间"), "unit": ("单位", "制定单位", "发文单位"),
                "summary": ("主要内容", "内容摘要", "摘要"), "remarks": ("备注",)}
    required = ("title",)
    parsers = {"issued_date": parse_date}
    compared = ("doc_number", "kind", "issued_date", "summary")

    @property
    def model(self):
        from taizhang.institutions.models import Institution

        return Institution

    def fields(self, rec):
        from taizhang.institutions.models import InstitutionKind

        return {"unit": self.resolve_unit(rec), "title": self.text(rec, "title"),
                "kind": self.choice(rec, "kind", _choices(InstitutionKind.choices), "制度类型", InstitutionKind.NEW),
                "doc_number": self.text(rec, "doc_number"), "issued_date": rec.parsed.get("issued_date"),
                "summary": self.text(rec, "summary")}

    def create(self, f):
        from taizhang.institutions.services import institution_create

        institution_create(actor=self.actor, campaign=self.campaign, **f)

    def update(self, inst, changed):
        from taizhang.institutions.services import institution_update

        institution_update(actor=self.actor, institution=inst, expected_version=inst.version, **changed)


