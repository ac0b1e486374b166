"""Office templates: placeholders checked against the catalogue on upload, rendering in a sandbox."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from taizhang.core.exceptions import ValidationFailed
from taizhang.reports.figures import fmt
from taizhang.reports.request import ReportRequest
from taizhang.reports.services import report_render, report_template_upload
from taizhang.stats.rollup import stats_for


def docx_with(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def upload(world, *lines, name="月报模板"):
    f = SimpleUploadedFile("模板.docx", docx_with(*lines))
    return report_template_upload(actor=world.county_office, unit=world.unit("K1"), name=name, upload=f)


GOOD = [
    "{{ 单位 }}截至{{ 截至 }}：查摆问题{{ m[\"problems.found\"] }}个，整改率{{ 指标.整改率 }}。",
    "{%p for c in 下级单位 %}",
    "{{ c.name }}：{{ c.m[\"problems.close_rate\"] }}",
    "{%p endfor %}",
    "{%p for p in 逾期问题 %}",
    "{{ p.number }} {{ p.title }} 逾期{{ p.days }}天",
    "{%p endfor %}",
]


def test_a_template_renders_catalogue_figures_and_lists(world, data):
    tpl = upload(world, *GOOD)
    assert tpl.placeholders == ["problems.found", "problems.close_rate"]
    rendered = report_render(ReportRequest("template", world.unit("K1"), world.campaign(), template=tpl))
    text = "\n".join(p.text for p in Document(io.BytesIO(rendered.content)).paragraphs)
    live = stats_for(world.unit("K1"), world.campaign())
    assert f"查摆问题{fmt('problems.found', live['problems.found'])}个" in text
    assert f"整改率{fmt('problems.close_rate', live['problems.close_rate'])}。" in text
    assert "东镇党委：50%" in text and "西镇党委：0%" in text
    assert f"{data['overdue'].number} 村务公开不及时 逾期10天" in text
    assert rendered.figures == {k: live[k] for k in ("problems.found", "problems.close_rate")}


@pytest.mark.parametrize(("line", "named"), [
    ("{{ m[\"problems.clos_rate\"] }}", "problems.clos_rate"),
    ("{{ 指标.整改律 }}", "整改律"),
    ("{{ 单元 }}", "单元"),
    ("{% for c in 下级单位 %}{{ c.m[\"problem.found\"] }}{% endfor %}", "problem.found"),
])
def test_a_misspelt_key_is_refused_on_upload_with_the_key_named(world, line, named):
    with pytest.raises(ValidationFailed, match=named.replace(".", r"\.")):
        upload(world, line)


def test_a_misspelt_list_field_is_refused_on_upload(world):
    with pytest.raises(ValidationFailed, match="nmae"):
        upload(world, "{%p for c in 下级单位 %}", "{{ c.nmae }}", "{%p endfor %}")


@pytest.mark.parametrize("line", [
    "{{ ''.__class__.__mro__ }}",
    "{{ m.__class__.__init__.__globals__ }}",
    "{{ 单位.__class__ }}",
    "{{ (1).__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{% set x = 下级单位|attr('__class__') %}{{ x }}",
])
def test_template_injection_is_refused(world, line):
    with pytest.raises(ValidationFailed):
        upload(world, line)


def test_the_sandbox_refuses_unsafe_access_even_past_the_upload_check():
    from taizhang.reports.usertemplates import render_bytes

    with pytest.raises(ValidationFailed, match="不允许"):
        render_bytes(docx_with("{{ x|attr('__class__') }}"), {"x": ""})


def test_a_file_that_is_not_docx_is_refused(world):
    f = SimpleUploadedFile("模板.docx", b"not a zip")
    with pytest.raises(ValidationFailed, match="Word"):
        report_template_upload(actor=world.county_office, unit=world.unit("K1"), name="x", upload=f)


def test_every_misspelt_placeholder_is_reported_at_once_with_its_place(world):
    doc = Document()
    doc.add_paragraph("{{ 单位 }}的整改情况")
    doc.add_paragraph("查摆问题{{ m[\"problems.fund\"] }}个，整改率{{ 指标.整改律 }}。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "单位"
    table.cell(1, 0).text = "{{ 单元 }}"
    table.cell(1, 1).text = "{% for c in 下级单位 %}{{ c.nmae }}{% endfor %}"
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(ValidationFailed) as info:
        report_template_upload(actor=world.county_office, unit=world.unit("K1"), name="月报",
                               upload=SimpleUploadedFile("模板.docx", buf.getvalue()))
    message = info.value.message
    assert message.startswith("模板中有4处写法无法识别")
    assert "第2段：指标「problems.fund」不存在" in message
    assert "第2段：指标「整改律」不存在" in message
    assert "第1个表格第2行第1列：名称「单元」不存在" in message
    assert "第1个表格第2行第2列：下级单位没有字段「nmae」" in message
    assert len(info.value.errors["file"]) == 4
