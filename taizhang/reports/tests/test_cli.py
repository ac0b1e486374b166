"""`taizhang report …`: writes the document and, with --json, the catalogue figures it used."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from taizhang.stats.rollup import stats_for


def _run(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_stage_summary_and_prints_the_figures(world, data, tmp_path):
    target = tmp_path / "summary.docx"
    result = json.loads(_run("stage-summary", "--campaign", "test-campaign", "--unit", "K1", "-o", str(target),
                             "--json"))
    assert result["ok"] and target.stat().st_size == result["bytes"]
    live = stats_for(world.unit("K1"), world.campaign())
    assert result["figures"]["problems.found"] == live["problems.found"] == 4
    assert all(result["figures"][k] == live[k] for k in result["figures"] if "@" not in k)  # "@": a child's


def test_it_renders_a_circular_on_chosen_metrics(world, data, tmp_path):
    result = json.loads(_run("circular", "--campaign", "test-campaign", "--unit", "K1", "--metrics",
                             "problems.close_rate", "-o", str(tmp_path / "c.docx"), "--json"))
    assert result["figures"]["problems.close_rate@T1"] == 50.0


@pytest.mark.parametrize(("args", "message"), [
    (["stage-summary", "--campaign", "nope", "--unit", "K1"], "专项工作「nope」不存在"),
    (["stage-summary", "--campaign", "test-campaign", "--unit", "ZZ"], "单位「ZZ」不存在"),
    (["stage-summary", "--campaign", "test-campaign", "--unit", "K1", "--as-of", "去年"], "无法识别的日期"),
    (["circular", "--campaign", "test-campaign", "--unit", "K1", "--metrics", "problems.nope"], "problems.nope"),
    (["materials-compilation", "--campaign", "test-campaign", "--unit", "K1"], "--compilation"),
])
def test_bad_input_fails_with_a_clear_message(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as info:
        _run(*args, "-o", str(tmp_path / "x.docx"))
    assert info.value.returncode == 1


def test_a_user_out_of_scope_gets_not_found(world, tmp_path):
    with pytest.raises(CommandError, match="不在您的权限范围内"):
        _run("stage-summary", "--campaign", "test-campaign", "--unit", "K1", "--user", "outsider_office",
             "-o", str(tmp_path / "x.docx"))
