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
])
def test_bad_input_fails_with_a_clear_message(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as info:
        _run(*args, "-o", str(tmp_path / "x.docx"))
    assert info.value.returncode == 1


def test_a_user_out_of_scope_gets_not_found(world, tmp_path):
    with pytest.raises(CommandError, match="不在您的权限范围内"):
        _run("stage-summary", "--campaign", "test-campaign", "--unit", "K1", "--user", "outsider_office",
             "-o", str(tmp_path / "x.docx"))


@pytest.mark.parametrize(("args", "message"), [
    (["stage-summary", "--template", "t.docx"], "报告类型 stage-summary 不接受 --template"),
    (["circular", "--compilation", "3"], "报告类型 circular 不接受 --compilation"),
    (["stage-summary", "--metrics", "problems.found"], "不接受 --metrics"),
    (["materials-compilation"], "报告类型 materials-compilation 须指定 --compilation"),
    (["template"], "报告类型 template 须指定 --template"),
])
def test_an_option_the_kind_does_not_take_or_lacks_is_a_usage_error(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message) as info:
        _run(*args, "--campaign", "test-campaign", "--unit", "K1", "-o", str(tmp_path / "x.docx"))
    assert info.value.returncode == 2


@pytest.mark.parametrize(("args", "message"), [
    (["stage-summary", "--campaign", "test-campaign", "-o", "x.docx"], "缺少必填参数：--unit"),
    (["stage-summary", "--unit", "K1", "--campaign", "test-campaign", "-o", "x.docx", "--colour"], "无法识别的参数：--colour"),
    (["summary", "--unit", "K1", "--campaign", "test-campaign", "-o", "x.docx"], "参数 kind 的取值 'summary' 无效"),
])
def test_argument_errors_are_usage_errors_in_chinese(world, args, message):
    with pytest.raises(CommandError, match=message) as info:
        _run(*args)
    assert info.value.returncode == 2


def test_a_user_template_with_misspelt_placeholders_names_them_all(world, data, tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ 单位 }}：查摆问题{{ m[\"problems.fund\"] }}个")
    doc.add_paragraph("整改率{{ 指标.整改律 }}")
    path = tmp_path / "月报.docx"
    doc.save(path)
    with pytest.raises(CommandError) as info:
        _run("template", "--template", str(path), "--campaign", "test-campaign", "--unit", "K1",
             "-o", str(tmp_path / "x.docx"))
    assert "第1段：指标「problems.fund」不存在" in str(info.value)
    assert "第2段：指标「整改律」不存在" in str(info.value)
    assert info.value.returncode == 1


def test_the_materials_compilation_keeps_to_the_unit(world, tmp_path):
    from docx import Document

    from taizhang.materials import services
    from taizhang.materials.tests.factories import make_material

    comp = services.compilation_create(actor=None, campaign=world.campaign(), unit=world.unit("K1"), title="交流材料汇编")
    for code in ("K1", "T1", "V1", "T2", "K2"):
        material = make_material(world, code, author=None, title=f"{world.unit(code).name}的做法", body="一、做法")
        services.compilation_add(actor=None, compilation=comp, material=material)

    def titles(unit):
        target = tmp_path / f"{unit}.docx"
        _run("materials-compilation", "--compilation", str(comp.pk), "--campaign", "test-campaign", "--unit", unit,
             "-o", str(target))
        text = "\n".join(p.text for p in Document(target).paragraphs)
        return {code for code in ("K1", "T1", "V1", "T2", "K2") if f"{world.unit(code).name}的做法" in text}

    assert titles("T1") == {"T1", "V1"}
    assert titles("K1") == {"K1", "T1", "V1", "T2", "K2"}  # the compilation's own unit: the volume as compiled
