"""Importers of the simple sheets: units, users + roles, research topics, study activities, matters, institutions."""

from __future__ import annotations

import datetime as dt

from taizhang.audit.models import AuditEvent
from taizhang.imports.importers import run_import
from taizhang.imports.tests.builders import xlsx_bytes


def run(world, kind, rows, user="county_office", **kw):
    kw.setdefault("campaign", world.campaign())
    return run_import(actor=world.user(user) if user else None, kind=kind, data=xlsx_bytes(rows),
                      filename="表.xlsx", **kw)


def test_units_are_created_under_parents_named_in_the_same_file(world):
    from taizhang.orgs.models import Unit

    rows = [["单位编码", "单位名称", "简称", "上级单位", "单位类型"],
            ["K1-01", "东县县委办公室", "县委办", "K1", "机关"],
            ["K1-01-1", "综合科", "", "县委办", "部门"]]
    result = run(world, "units", rows, user="sysadmin", campaign=None)
    assert (result.created, result.errors) == (2, [])
    child = Unit.objects.get(code="K1-01-1")
    assert Unit.objects.get(code="K1-01").path == child.path[:-4] and child.kind == "department"
    rows[1][1] = "东县县委办"
    again = run(world, "units", rows, user="sysadmin", campaign=None)
    assert (again.created, again.updated, again.skipped) == (0, 1, 1)
    assert AuditEvent.objects.filter(action="unit.update").count() == 1


def test_units_outside_scope_are_row_errors(world):
    rows = [["单位编码", "单位名称", "上级单位"], ["X1", "某单位", "K1"]]
    result = run(world, "units", rows, user="county_office", campaign=None)
    assert result.created == 0 and "权限范围" in result.errors[0]["message"] and result.errors[0]["row"] == 2


def test_users_with_roles(world):
    from taizhang.orgs.models import RoleAssignment, User

    rows = [["用户名", "姓名", "单位", "职务", "手机号", "角色"],
            ["zhang3", "张三", "东县县委", "主任", "13800000000", "经办人"]]
    result = run(world, "users", rows, user=None, campaign=None)
    assert (result.created, result.errors) == (1, [])
    user = User.objects.get(username="zhang3")
    assert user.display_name == "张三" and RoleAssignment.objects.filter(user=user, role="clerk").exists()


def test_research_study_matters_institutions(world):
    research = run(world, "research", [["课题名称", "单位", "领题领导", "计划开始时间", "计划完成时间"],
                                       ["减负调研", "东县县委", "county_leader", "2026-09-10", "2026-10-31"]])
    study = run(world, "study", [["学习形式", "学习主题", "单位", "日期", "参加人数", "发言人次"],
                                 ["中心组学习", "学习党章", "东县县委", "2026-09-15", 12, 5]])
    matters = run(world, "matters", [["实事名称", "单位", "类别", "来源", "完成时限"],
                                     ["修缮村道", "东村党支部", "基础设施", "群众诉求", "2026-12-31"]])
    inst = run(world, "institutions", [["制度名称", "文号", "类型", "印发时间", "单位"],
                                       ["机关学习制度", "东委发〔2026〕1号", "新建", "2026-10-01", "东县县委"]])
    for result in (research, study, matters, inst):
        assert (result.created, result.errors) == (1, []), result.errors
    from taizhang.institutions.models import Institution
    from taizhang.research.models import ResearchTopic

    assert ResearchTopic.objects.get(title="减负调研").lead_leader == world.county_leader
    assert Institution.objects.get(title="机关学习制度").issued_date == dt.date(2026, 10, 1)


def test_record_errors_quote_the_value(world):
    result = run(world, "study", [["学习形式", "学习主题", "单位", "日期", "参加人数"],
                                  ["打牌", "学习党章", "东县县委", "某天", "十来个"]])
    messages = {e["column"]: e for e in result.errors}
    assert result.created == 0 and messages["日期"]["value"] == "某天" and "参加人数" in messages


USER_HEAD = ["用户名", "姓名", "单位", "职务", "手机号", "角色"]
ZHANG3 = ["zhang3", "张三", "东县县委", "主任", "13800000000"]


def roles_of(username):
    from taizhang.orgs.models import RoleAssignment

    return set(RoleAssignment.objects.filter(user__username=username)
               .values_list("role", "unit__code", "include_subunits"))


def test_reimport_grants_the_roles_added_to_the_sheet_and_removes_none(world):
    run(world, "users", [USER_HEAD, [*ZHANG3, "经办人"]], user=None, campaign=None)
    again = run(world, "users", [USER_HEAD, [*ZHANG3, "经办人、领导"]], user=None, campaign=None)
    assert (again.created, again.updated, again.skipped, again.errors) == (0, 1, 0, [])
    assert roles_of("zhang3") == {("clerk", "K1", True), ("leader", "K1", True)}
    fewer = run(world, "users", [USER_HEAD, [*ZHANG3, "领导"]], user=None, campaign=None)
    assert (fewer.updated, fewer.skipped) == (0, 1)
    assert roles_of("zhang3") == {("clerk", "K1", True), ("leader", "K1", True)}


def test_a_changed_subunits_flag_is_an_update_when_the_sheet_has_that_column(world):
    head = [*USER_HEAD, "含下级单位"]
    run(world, "users", [head, [*ZHANG3, "经办人", "是"]], user=None, campaign=None)
    result = run(world, "users", [head, [*ZHANG3, "经办人", "否"]], user=None, campaign=None)
    assert result.updated == 1 and roles_of("zhang3") == {("clerk", "K1", False)}
    without = run(world, "users", [USER_HEAD, [*ZHANG3, "经办人"]], user=None, campaign=None)
    assert without.skipped == 1 and roles_of("zhang3") == {("clerk", "K1", False)}


def test_roles_over_other_units_take_one_row_per_unit(world):
    head = [*USER_HEAD, "授权单位", "含下级单位"]
    rows = [head, [*ZHANG3, "督导组", "东县县委", "是"], [*ZHANG3, "督导组", "远县县委", "是"]]
    result = run(world, "users", rows, user=None, campaign=None)
    assert (result.created, result.errors) == (2, [])
    assert roles_of("zhang3") == {("inspector", "K1", True), ("inspector", "K3", True)}
    assert run(world, "users", rows, user=None, campaign=None).skipped == 2
    clash = [*ZHANG3[:1], "张叁", *ZHANG3[2:], "领导", "远县县委", "否"]
    bad = run(world, "users", [*rows, clash], user=None, campaign=None)
    assert bad.errors == [{"row": 4, "column": "姓名", "value": "张叁",
                           "message": "与第2行同一用户「zhang3」的内容不一致"}]


def test_columns_left_out_of_the_sheet_are_left_as_they_are(world):
    from taizhang.orgs.models import User

    run(world, "users", [USER_HEAD, [*ZHANG3, "经办人"]], user=None, campaign=None)
    result = run(world, "users", [["用户名", "单位", "角色"], ["zhang3", "东县县委", "经办人"]], user=None,
                 campaign=None)
    assert result.skipped == 1
    user = User.objects.get(username="zhang3")
    assert (user.display_name, user.phone, user.title) == ("张三", "13800000000", "主任")


def test_reimporting_records_led_by_an_account_changes_nothing(world):
    topic = [["课题名称", "单位", "领题领导"], ["减负调研", "东县县委", "county_leader"]]
    matter = [["实事名称", "单位", "类别", "领办领导"], ["修缮村道", "东县县委", "基础设施", "county_leader"]]
    for kind, rows in (("research", topic), ("matters", matter)):
        assert run(world, kind, rows).created == 1
        again = run(world, kind, rows)
        assert (again.updated, again.skipped) == (0, 1), kind


def test_a_unit_may_hold_sessions_of_the_same_title_on_different_days(world):
    head = ["学习形式", "学习主题", "单位", "日期"]
    rows = [head, ["现场教学", "赴廉政教育基地开展现场教学", "东县县委", "2026-09-13"],
            ["现场教学", "赴廉政教育基地开展现场教学", "东县县委", "2026-10-23"]]
    assert (run(world, "study", rows).created, run(world, "study", rows).skipped) == (2, 2)
    again = run(world, "study", [*rows, rows[1]])
    assert again.errors[0]["message"] == "与表中前面的行是同一条记录"
