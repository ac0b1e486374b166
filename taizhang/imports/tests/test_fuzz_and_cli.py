"""Random sheets never crash the importer (errors are row-level), and the `taizhang import/export` commands."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taizhang.imports.importers import ImportRefused, run_import
from taizhang.imports.tests.builders import xlsx_bytes
from taizhang.imports.tests.factories import ROWS, ledger_bytes
from taizhang.ledger.models import Problem
from taizhang.testing import rolled_back_per_example

HEADERS = ["序号", "责任单位", "问题", "问题描述", "整改措施", "整改时限", "责任领导", "问题类别", "问题来源", "整改类型",
           "问题层面", "配合单位", "意见", "状态"]
cells = st.one_of(st.none(), st.text(max_size=30), st.integers(-10, 100000), st.floats(allow_nan=False, allow_infinity=False, width=32),
                  st.sampled_from(["东县县委", "远县县委", "东镇党委", "理论学习", "立行立改", "2026年底", "1.1", "(1)",
                                   "合计", "一、工作作风方面", "county_leader", "长期坚持", "年底看看"]),
                  st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
       rows=st.lists(st.lists(cells, max_size=9), max_size=12), partial=st.booleans())
@rolled_back_per_example
def test_random_sheets_never_crash_the_importer(world, header, rows, partial):
    before = Problem.objects.count()
    try:
        result = run_import(actor=world.county_office, kind="problems", data=xlsx_bytes([header, *rows]),
                            filename="随机.xlsx", campaign=world.campaign(), partial=partial)
    except ImportRefused as exc:  # the whole file refused, in Chinese
        assert exc.message
        return
    for e in result.errors:
        assert isinstance(e["row"], int) and e["row"] >= 1 and e["message"]
    if result.errors and not partial:
        assert Problem.objects.count() == before  # all-or-nothing
    assert result.rows == result.created + result.updated + result.skipped


@pytest.mark.django_db
def test_cli_import_prints_counts_and_fails_with_errors(world, tmp_path, capsys):
    good = tmp_path / "台账.xlsx"
    good.write_bytes(ledger_bytes())
    call_command("import", "problems", str(good), "--campaign", "test-campaign", "--json", "--dry-run")
    assert json.loads(capsys.readouterr().out) == {"rows": 2, "created": 2, "updated": 0, "skipped": 0, "errors": []}
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(ledger_bytes(*ROWS, [3, "不存在的单位", "理论学习", "问题", "措施", "", "2026-12-01", None]))
    with pytest.raises(SystemExit) as exc:
        call_command("import", "problems", str(bad), "--campaign", "test-campaign", "--json")
    assert exc.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 0 and out["errors"][0]["row"] == 6 and out["errors"][0]["column"] == "责任单位"
    call_command("import", "problems", str(bad), "--campaign", "test-campaign", "--partial", "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 2


@pytest.mark.django_db
def test_cli_export(world, tmp_path, capsys):
    src = tmp_path / "台账.xlsx"
    src.write_bytes(ledger_bytes())
    call_command("import", "problems", str(src), "--campaign", "test-campaign", "--json")
    capsys.readouterr()
    out = tmp_path / "out.xlsx"
    call_command("export", "problems", "--campaign", "test-campaign", "--unit", "K1", "-o", str(out), "--json")
    assert json.loads(capsys.readouterr().out)["rows"] == 2 and out.stat().st_size > 0
    with pytest.raises(CommandError):
        call_command("export", "problems", "--campaign", "nope", "--unit", "K1", "-o", str(out))
