"""Exporting the one-row-per-record kinds: each sheet imports back as the same records, holds only what the
exporting user may see, and names its columns as the kind's importer knows them."""

from __future__ import annotations

import datetime as dt

import pytest
from python_calamine import CalamineWorkbook

from taizhang.imports.export import EXPORTS, export_records
from taizhang.imports.importers import importer_for, run_import

D = dt.date


def sheet(path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def export(world, tmp_path, kind, user="county_office", **kw) -> list[list]:
    path = tmp_path / f"{kind}.xlsx"
    export_records(kind, user=world.user(user) if isinstance(user, str) else user, path=path, **kw)
    return sheet(path)


def reimport(world, tmp_path, kind, campaign=None, actor="county_office", **kw):
    path = tmp_path / f"{kind}.xlsx"
    return run_import(actor=world.user(actor) if actor else None, kind=kind, data=path.read_bytes(),
                      filename=path.name, campaign=campaign, **kw)


@pytest.fixture
def second(world):
    """An empty campaign over the same tree, to import an export into."""
    from taizhang.campaigns.services import campaign_create

    return campaign_create(actor=None, name="第二批主题教育", slug="second", root_unit=world.unit("P"),
                           start_date=D(2026, 9, 1), end_date=D(2027, 1, 31))


def topics(world):
    from taizhang.research.services import topic_create

    c = world.campaign()
    topic_create(actor=None, campaign=c, unit=world.unit("K1"), title="基层减负落实情况调研", direction="基层减负",
                 lead_leader=world.county_leader, member_names="李某某、王某某", rationale="群众反映较多",
                 planned_start=D(2026, 9, 10), planned_end=D(2026, 10, 31), planned_sites="东镇、西镇")
    topic_create(actor=None, campaign=c, unit=world.unit("V1"), title="村级事务公开调研", lead_leader_name="赵某某",
                 planned_start=D(2026, 9, 20))
    topic_create(actor=None, campaign=c, unit=world.unit("T2"), title="待揭榜的课题")
    topic_create(actor=None, campaign=c, unit=world.unit("K2"), title="中县的课题")


def activities(world):
    from taizhang.study.services import activity_create

    c = world.campaign()
    activity_create(actor=None, campaign=c, unit=world.unit("K1"), type="group_study", title="学习党章",
                    start_date=D(2026, 9, 15), host="张某某", participant_count=12, speakers=5, outputs=3,
                    summary="交流研讨\n形成共识")
    activity_create(actor=None, campaign=c, unit=world.unit("T1"), type="reading_class", title="读书班第一期",
                    start_date=D(2026, 10, 8), end_date=D(2026, 10, 12), days=4, participant_count=30,
                    attendance=110)
    activity_create(actor=None, campaign=c, unit=world.unit("K3"), type="party_day", title="远县主题党日",
                    start_date=D(2026, 9, 1))


def matters(world):
    from taizhang.matters.services import matter_create

    c = world.campaign()
    matter_create(actor=None, campaign=c, unit=world.unit("V1"), title="修缮村道", category="infrastructure",
                  description="修缮村道2公里", lead_leader_name="赵某某", deadline=D(2026, 12, 31))
    matter_create(actor=None, campaign=c, unit=world.unit("K1"), title="便民服务窗口延时", category="service",
                  source="hotline", lead_leader=world.county_leader)
    matter_create(actor=None, campaign=c, unit=world.unit("K2"), title="中县的实事", category="livelihood")


def institutions(world):
    from taizhang.institutions.services import institution_create

    c = world.campaign()
    institution_create(actor=None, campaign=c, unit=world.unit("K1"), title="机关学习制度", doc_number="东委发〔2026〕1号",
                       issued_date=D(2026, 10, 1), summary="规范集中学习")
    institution_create(actor=None, campaign=c, unit=world.unit("T2"), title="会议管理办法", kind="revised")
    institution_create(actor=None, campaign=c, unit=world.unit("K3"), title="远县的制度", kind="abolished")


FACTS = {
    "research": ("unit__code", "title", "direction", "lead_leader__username", "lead_leader_name", "member_names",
                 "rationale", "planned_start", "planned_end", "planned_sites"),
    "study": ("unit__code", "title", "type", "start_date", "end_date", "days", "host", "participant_count",
              "attendance", "speakers", "outputs", "summary"),
    "matters": ("unit__code", "title", "category", "source", "description", "lead_leader__username",
                "lead_leader_name", "deadline"),
    "institutions": ("unit__code", "title", "doc_number", "kind", "issued_date", "summary"),
}
BUILD = {"research": topics, "study": activities, "matters": matters, "institutions": institutions}


def facts(kind, campaign, **where) -> list[tuple]:
    model = importer_for(kind)(actor=None).model
    return sorted(model.objects.filter(campaign=campaign, **where).values_list(*FACTS[kind]))


@pytest.mark.parametrize("kind", ["research", "study", "matters", "institutions"])
def test_an_export_imports_into_an_empty_campaign_as_the_same_records(world, tmp_path, second, kind):
    BUILD[kind](world)
    export(world, tmp_path, kind, campaign=world.campaign())
    result = reimport(world, tmp_path, kind, campaign=second)
    assert (result.errors, result.skipped) == ([], 0)
    mine = {"unit__path__startswith": world.unit("K1").path}
    assert result.created == len(facts(kind, world.campaign(), **mine)) > 0
    assert facts(kind, second) == facts(kind, world.campaign(), **mine)
    again = reimport(world, tmp_path, kind, campaign=second)
    assert (again.created, again.updated, again.skipped) == (0, 0, result.created)


@pytest.mark.parametrize("kind", ["research", "study", "matters", "institutions"])
def test_an_export_holds_only_the_users_scope(world, tmp_path, kind):
    BUILD[kind](world)
    unit_col = [c.header for c in EXPORTS[kind].columns].index("单位")
    units = {r[unit_col] for r in export(world, tmp_path, kind, campaign=world.campaign())[3:]}
    assert units and units <= {"东县县委", "东镇党委", "西镇党委", "东村党支部"}
    outsider = {r[unit_col] for r in export(world, tmp_path, kind, user="outsider", campaign=world.campaign())[3:]}
    assert outsider <= {"中县县委"}
    assert export(world, tmp_path, kind, user="member", campaign=world.campaign())[3:] == []


def test_the_list_pages_filters_apply(world, tmp_path):
    topics(world)
    rows = export(world, tmp_path, "research", campaign=world.campaign(), unit=world.unit("T2"))
    assert [r[0] for r in rows[3:]] == ["待揭榜的课题"]
    from taizhang.matters.models import PracticalMatter
    from taizhang.matters.services import matter_claim

    matters(world)
    window = PracticalMatter.objects.get(title="便民服务窗口延时")
    matter_claim(actor=world.county_office, matter=window, expected_version=window.version)
    rows = export(world, tmp_path, "matters", campaign=world.campaign(), filters={"status": "claimed"})
    assert [r[0] for r in rows[3:]] == ["便民服务窗口延时"]
    activities(world)
    rows = export(world, tmp_path, "study", campaign=world.campaign(), filters={"type": "reading_class"})
    assert [r[1] for r in rows[3:]] == ["读书班第一期"]
    institutions(world)
    rows = export(world, tmp_path, "institutions", campaign=world.campaign(), filters={"kind": "revised"})
    assert [r[0] for r in rows[3:]] == ["会议管理办法"]


def test_title_note_header_and_real_date_cells(world, tmp_path):
    topics(world)
    rows = export(world, tmp_path, "research", campaign=world.campaign())
    assert rows[0][0] == "测试主题教育调研课题台账"
    assert rows[1][0].startswith("单位：东县县委") and "共 3 个课题" in rows[1][0]
    first = next(r for r in rows[3:] if r[0] == "基层减负落实情况调研")
    assert first[1:4] == ["东县县委", "基层减负", "county_leader姓名"]  # an account is written as its name
    assert (first[6], first[7]) == (D(2026, 9, 10), D(2026, 10, 31))


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_every_header_is_a_field_of_the_importer_or_left_for_the_reader(world, tmp_path, kind):
    from taizhang.imports.sheets import detect_header, read_workbook

    path = tmp_path / "out.xlsx"
    export_records(kind, user=world.sysadmin if kind in ("units", "users") else world.county_office,
                   campaign=None if kind in ("units", "users") else world.campaign(), path=path)
    mapping = detect_header(read_workbook(path.read_bytes(), path.name)[0], importer_for(kind).synonyms)
    assert mapping.header_rows == (3,) and mapping.confident
    unread = {c.header for c in mapping.columns if c.field is None}
    assert unread <= {"状态", "账号状态", "惠及人数", "资金（万元）"}
    assert len({c.field for c in mapping.columns if c.field}) == len(mapping.columns) - len(unread)


# --- units --------------------------------------------------------------------------------------

def pilot_units(world):
    """东县试点办 K1-X with a child and a grandchild (names invented for the test)."""
    from taizhang.orgs.services import unit_create

    top = unit_create(actor=None, parent=world.unit("K1"), code="K1-X", name="东县试点办", short_name="试点办",
                      kind="organ")
    child = unit_create(actor=None, parent=top, code="K1-X-1", name="综合科", kind="department")
    unit_create(actor=None, parent=child, code="K1-X-1-1", name="综合科党支部", kind="branch")
    unit_create(actor=None, parent=top, code="K1-X-2", name="东镇党委", kind="township")  # a name used twice


def unit_facts(root_code):
    from taizhang.orgs.models import Unit

    root = Unit.objects.get(code=root_code)
    return sorted((u.code, u.name, u.short_name, u.kind, u.depth, Unit.objects.get_parent(u).code)
                  for u in Unit.objects.filter(root.subtree_q("")))


def test_units_import_into_a_fresh_tree_as_the_same_units(world, tmp_path):
    from taizhang.orgs.models import Unit

    pilot_units(world)
    before = unit_facts("K1-X")
    rows = export(world, tmp_path, "units", user="sysadmin", unit=world.unit("K1-X"))
    assert [r[:4] for r in rows[3:5]] == [["K1-X", "东县试点办", "试点办", "K1"], ["K1-X-1", "综合科", "", "K1-X"]]
    Unit.objects.get(code="K1-X").delete()
    result = reimport(world, tmp_path, "units", actor="sysadmin")
    assert (result.created, result.errors) == (4, [])
    assert unit_facts("K1-X") == before


def test_a_parent_outside_the_users_view_is_left_blank(world, tmp_path):
    rows = export(world, tmp_path, "units", user="township_office")
    assert [r[:4] for r in rows[3:]] == [["T1", "东镇党委", "", ""], ["V1", "东村党支部", "", "T1"],
                                         ["V2", "南村党支部", "", "T1"]]


def test_units_search_as_on_the_tree_page(world, tmp_path):
    rows = export(world, tmp_path, "units", user="county_office", filters={"q": "村"})
    assert [r[0] for r in rows[3:]] == ["V1", "V2", "V3"]


# --- users and roles ----------------------------------------------------------------------------

def staff(world):
    """li4: clerk of 东镇 only and inspector over 远县; wang5: a member without any other role."""
    from taizhang.orgs.services import role_assign, user_create

    li4 = user_create(actor=None, username="li4", password="x", display_name="李四", phone="13900001111",
                      title="组织委员", unit=world.unit("T1"), check_password=False)
    role_assign(actor=None, user=li4, role="clerk", unit=world.unit("T1"), include_subunits=False)
    role_assign(actor=None, user=li4, role="leader", unit=world.unit("T1"), include_subunits=False)
    role_assign(actor=None, user=li4, role="inspector", unit=world.unit("K3"))
    user_create(actor=None, username="wang5", password="x", display_name="王五", unit=world.unit("V1"),
                check_password=False)


def user_facts(*usernames):
    from taizhang.orgs.models import User

    return [(u.username, u.display_name, u.phone, u.title, u.unit.code,
             sorted(u.assignments.values_list("role", "unit__code", "include_subunits")))
            for u in User.objects.filter(username__in=usernames).order_by("username")]


def test_users_and_roles_import_into_a_fresh_tree_as_the_same_accounts(world, tmp_path):
    from taizhang.orgs.models import User

    staff(world)
    before = user_facts("li4", "wang5")
    rows = export(world, tmp_path, "users", user="sysadmin", unit=world.unit("T1"))
    li4 = [r for r in rows[3:] if r[0] == "li4"]
    assert [r[4:8] for r in li4] == [["13900001111", "领导、经办人", "东镇党委", "否"],
                                     ["13900001111", "督导组", "远县县委", "是"]]
    User.objects.filter(username__in=["li4", "wang5"]).delete()
    result = reimport(world, tmp_path, "users", actor=None)
    assert (result.created, result.errors) == (3, [])  # li4 on two rows, wang5 on one; the others are unchanged
    assert user_facts("li4", "wang5") == before


def test_users_export_holds_only_the_admins_units_and_masks_no_phone_it_omits(world, tmp_path):
    from taizhang.orgs.services import role_assign, user_create

    staff(world)
    k1_admin = user_create(actor=None, username="k1_admin", password="x", unit=world.unit("K1"),
                           check_password=False)
    role_assign(actor=None, user=k1_admin, role="sysadmin", unit=world.unit("K1"))
    rows = export(world, tmp_path, "users", user=k1_admin)
    assert {r[2] for r in rows[3:]} <= {"东县县委", "东镇党委", "西镇党委", "东村党支部", "南村党支部", "北村党支部"}
    assert [r[6] for r in rows[3:] if r[0] == "li4"] == ["东镇党委"]  # not the 远县 assignment
    assert "outsider" not in {r[0] for r in rows[3:]}
    secadmin = export(world, tmp_path, "users", user="secadmin")
    assert "手机号" not in secadmin[2] and "13900001111" not in str(secadmin)
    assert export(world, tmp_path, "users", user="sysadmin", filters={"q": "王五"})[3][0] == "wang5"


def test_rows_are_as_tall_as_their_wrapped_text():
    from taizhang.imports.export.layout import text_lines

    assert text_lines("短", 10) == 1
    assert text_lines("调查研究浮于表面，解决实际问题不多", 10) == 4  # 17 Chinese characters = 34 units, 9 a line
    assert text_lines("1. 制定计划\n2. 每月研讨", 40) == 2
