"""Importing a 整改台账 into a campaign: creates, row errors, scope, re-import and round trip."""

from __future__ import annotations

import datetime as dt

import pytest

from taizhang.audit.models import AuditEvent
from taizhang.imports.export import export_problems
from taizhang.imports.importers import run_import
from taizhang.imports.tests.builders import xlsx_bytes
from taizhang.ledger.models import Problem

HEAD = ["序号", "责任单位", "问题类别", "问题", "整改措施", "责任领导", "整改时限", "督导组意见"]


def ledger(*rows):
    return xlsx_bytes([["东县主题教育整改台账"], HEAD, *rows])


def run(world, data, user="county_office", **kw):
    kw.setdefault("campaign", world.campaign())
    return run_import(actor=world.user(user) if user else None, kind="problems", data=data, filename="台账.xlsx",
                      **kw)


ROWS = [
    [1, "东县县委", "理论学习", "学习不够系统", "1. 制定计划\n2. 每月研讨", "张某某", "2026年12月底", "抓得较实"],
    [None, None, None, None, "建立学习台账", None, None, None],
    [2, "东镇党委", "工作作风", "会议偏多", "精简会议", "county_leader", "长期坚持", None],
]


def test_it_imports_problems_with_measures_and_extra(world):
    result = run(world, ledger(*ROWS))
    assert result.as_dict() == {"rows": 2, "created": 2, "updated": 0, "skipped": 0, "errors": []}
    p1, p2 = Problem.objects.filter(campaign=world.campaign()).order_by("seq")
    assert p1.unit.code == "K1" and p1.category == "theory" and p1.deadline == dt.date(2026, 12, 31)
    assert [m.text for m in p1.measures.all()] == ["制定计划", "每月研讨", "建立学习台账"]
    assert p1.leader is None and p1.leader_name == "张某某"  # a name without an account is kept as a name
    assert p1.extra == {"督导组意见": "抓得较实"}
    assert p2.leader == world.county_leader and p2.kind == "long_term"
    assert AuditEvent.objects.filter(action="problem.create").count() >= 2


def test_errors_name_the_excel_row_and_nothing_is_written(world):
    bad = [3, "远县县委", "理论学习", "越权的问题", "措施", "", "2026-12-01", None]
    wrong_date = [4, "东县县委", "理论学习", "日期不对", "措施", "", "年底看看", None]
    result = run(world, ledger(*ROWS, bad, wrong_date))
    assert result.created == 0 and not result.imported
    rows = {e["row"]: e for e in result.errors}
    assert set(rows) == {6, 7}
    assert "权限范围" in rows[6]["message"] and rows[6]["column"] == "责任单位"
    assert rows[7]["column"] == "整改时限" and rows[7]["value"] == "年底看看"
    assert not Problem.objects.filter(campaign=world.campaign()).exists()


def test_partial_imports_the_valid_rows(world):
    bad = [3, "远县县委", "理论学习", "越权的问题", "措施", "", "2026-12-01", None]
    result = run(world, ledger(*ROWS, bad), partial=True)
    assert (result.created, len(result.errors)) == (2, 1)


def test_dry_run_counts_without_writing(world):
    result = run(world, ledger(*ROWS), dry_run=True)
    assert result.created == 2
    assert not Problem.objects.filter(campaign=world.campaign()).exists()


def test_ambiguous_unit_names_are_listed(world):
    from taizhang.orgs.services import unit_create

    unit_create(actor=None, parent=world.unit("T2"), code="T2-X", name="东镇党委", kind="township")
    result = run(world, ledger(ROWS[2]))
    assert "对应多个单位" in result.errors[0]["message"] and "T1" in result.errors[0]["message"]


def test_reimport_updates_only_what_changed(world):
    run(world, ledger(*ROWS))
    p1 = Problem.objects.get(campaign=world.campaign(), seq=1)
    changed = [list(r) for r in ROWS]
    changed[0][6] = "2026-11-30"
    changed[2][4] = "精简会议；压缩文件"
    result = run(world, ledger(*changed))
    assert (result.created, result.updated, result.skipped) == (0, 2, 0)
    assert Problem.objects.filter(campaign=world.campaign()).count() == 2
    p1.refresh_from_db()
    assert p1.deadline == dt.date(2026, 11, 30)
    event = AuditEvent.objects.filter(action="problem.update", object_id=str(p1.pk)).get()
    assert event.changes == {"deadline": ["2026-12-31", "2026-11-30"]}
    again = run(world, ledger(*changed))
    assert (again.created, again.updated, again.skipped) == (0, 0, 2)


def test_round_trip_into_an_empty_campaign(world, tmp_path, settings):
    from taizhang.campaigns.services import campaign_create

    run(world, ledger(*ROWS))
    path = tmp_path / "out.xlsx"
    assert export_problems(user=world.county_office, campaign=world.campaign(), path=path) == 2
    target = campaign_create(actor=None, name="第二批", slug="second", root_unit=world.unit("P"),
                             start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 1, 31))
    settings.IMPORT_PER_RECORD_LIMIT = 0  # also exercise the bulk path
    result = run(world, path.read_bytes(), campaign=target)
    assert (result.created, result.errors) == (2, [])

    def facts(campaign):
        return [(p.number, p.unit_id, p.title, p.category, p.kind, p.deadline, p.leader_id, p.leader_name, p.extra,
                 [m.text for m in p.measures.all()]) for p in Problem.objects.filter(campaign=campaign).order_by("seq")]

    assert facts(target) == facts(world.campaign())
    assert AuditEvent.objects.filter(action="problem.import").count() == 1


def test_unreadable_file_is_refused_in_chinese(world):
    from taizhang.imports.importers import ImportRefused

    with pytest.raises(ImportRefused) as exc:
        run(world, b"PK\x03\x04 truncated")
    assert "文件" in exc.value.message


def test_a_ledger_recorded_in_taizhang_exports_and_reimports_unchanged(world, tmp_path, settings):
    """Problems typed in the app (an account as leader, a name beside it, no lead unit, two of one unit with the
    same wording) come back from their own export as "no change", and fill an empty campaign one for one."""
    from taizhang.campaigns.services import campaign_create
    from taizhang.ledger.tests import factories as F

    F.problem(world, "K1", title="台账更新不及时", leader=world.user("county_leader"), leader_name="县领导甲")
    F.problem(world, "K1", title="台账更新不及时", responsible_name="李四")
    F.problem(world, "V1", title="学习笔记不全")
    path = tmp_path / "ledger.xlsx"
    assert export_problems(user=world.county_office, campaign=world.campaign(), path=path) == 3

    again = run(world, path.read_bytes())
    assert (again.created, again.updated, again.skipped, again.errors) == (0, 0, 3, [])

    target = campaign_create(actor=None, name="第二批", slug="second", root_unit=world.unit("P"),
                             start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 1, 31))
    for limit in (1000, 0):  # record by record, and in bulk
        settings.IMPORT_PER_RECORD_LIMIT = limit
        result = run(world, path.read_bytes(), campaign=target, dry_run=True)
        assert (result.created, result.errors) == (3, [])
