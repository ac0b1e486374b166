"""`taizhang export <kind> …` for every kind: JSON on stdout, Chinese errors, exit 1 for bad input, 2 for wrong
usage."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from taizhang.imports.tests.test_export_records import activities, institutions, matters, staff, topics


def rows(path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[3:]


def export(capsys, *args) -> dict:
    call_command("export", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("kind", "build", "count"), [("research", topics, 3), ("study", activities, 2),
                                                       ("matters", matters, 2), ("institutions", institutions, 2)])
def test_campaign_kinds_export_the_units_subtree(world, tmp_path, capsys, kind, build, count):
    build(world)
    out = tmp_path / f"{kind}.xlsx"
    result = export(capsys, kind, "--campaign", "test-campaign", "--unit", "K1", "-o", str(out))
    assert result == {"kind": kind, "rows": count, "file": str(out)} and len(rows(out)) == count


def test_filters_take_the_list_pages_values_or_their_chinese_labels(world, tmp_path, capsys):
    institutions(world)
    out = tmp_path / "i.xlsx"
    assert export(capsys, "institutions", "--campaign", "test-campaign", "--unit", "P", "--kind", "修订",
                  "-o", str(out))["rows"] == 1
    assert export(capsys, "institutions", "--campaign", "test-campaign", "--unit", "P", "--kind", "abolished",
                  "-o", str(out))["rows"] == 1
    with pytest.raises(CommandError) as exc:
        call_command("export", "institutions", "--campaign", "test-campaign", "--unit", "P", "--kind", "作废",
                     "-o", str(out))
    assert exc.value.returncode == 1 and "「类型」的值「作废」无效，可选：新建、修订、废止" in str(exc.value)


def test_units_and_users_need_no_campaign(world, tmp_path, capsys):
    staff(world)
    out = tmp_path / "u.xlsx"
    assert export(capsys, "units", "--unit", "T1", "-o", str(out))["rows"] == 3
    assert [r[0] for r in rows(out)] == ["T1", "V1", "V2"]
    result = export(capsys, "users", "--unit", "T1", "--q", "li4", "-o", str(out))
    assert result["rows"] == 1 and rows(out)[0][:5] == ["li4", "李四", "东镇党委", "组织委员", "13900001111"]


def test_as_a_user_the_export_keeps_to_that_users_scope(world, tmp_path, capsys):
    matters(world)
    out = tmp_path / "m.xlsx"
    assert export(capsys, "matters", "--campaign", "test-campaign", "--unit", "P", "--user", "outsider",
                  "-o", str(out))["rows"] == 1
    assert [r[1] for r in rows(out)] == ["中县县委"]
    assert export(capsys, "matters", "--campaign", "test-campaign", "--unit", "K1", "--user", "outsider",
                  "-o", str(out))["rows"] == 0
    with pytest.raises(CommandError) as exc:
        call_command("export", "users", "--unit", "P", "--user", "county_office", "-o", str(out))
    assert exc.value.returncode == 1 and "不能导出用户及角色" in str(exc.value)


def test_chinese_errors_and_exit_codes(world, tmp_path, capsys):
    out = str(tmp_path / "x.xlsx")
    cases = [
        (("research", "--campaign", "nope", "--unit", "K1"), 1, "专项工作「nope」不存在"),
        (("research", "--campaign", "test-campaign", "--unit", "ZZ"), 1, "单位「ZZ」不存在"),
        (("research", "--unit", "K1"), 2, "导出调研课题需要指定专项工作"),
        (("units", "--unit", "K1", "--status", "done"), 2, "组织单位不能按 --status 筛选（可用：--q）"),
    ]
    for args, code, message in cases:
        with pytest.raises(CommandError) as exc:
            call_command("export", *args, "-o", out)
        assert (exc.value.returncode, message in str(exc.value)) == (code, True), str(exc.value)
    with pytest.raises(CommandError):
        call_command("export", "research", "--campaign", "nope", "--unit", "K1", "-o", out, "--json")
    assert json.loads(capsys.readouterr().out) == {"ok": False, "error": "专项工作「nope」不存在"}


def test_problems_take_their_new_filters_too(world, tmp_path, capsys):
    from taizhang.imports.importers import run_import
    from taizhang.imports.tests.factories import ledger_bytes

    run_import(actor=None, kind="problems", data=ledger_bytes(), filename="a.xlsx", campaign=world.campaign())
    out = tmp_path / "p.xlsx"
    assert export(capsys, "problems", "--campaign", "test-campaign", "--unit", "K1", "--kind", "long_term",
                  "-o", str(out))["rows"] == 1
    assert [r[5] for r in rows(out)] == ["会议偏多"]  # the 长期坚持 problem only
