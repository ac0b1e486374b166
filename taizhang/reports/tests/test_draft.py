"""The editable draft: figure fields print from the figures of the moment, and a draft survives storage."""

from datetime import date
from io import BytesIO

from docx import Document

from taizhang.reports.draft import Annex, Draft, fields_of, fill, render


def a_draft() -> Draft:
    d = Draft("stage-summary", "某县关于主题教育阶段性工作情况的报告", "中共某县委", date(2026, 12, 1),
              addressee="县委主题教育领导小组", figures={"problems.found": 12, "problems.close_rate": 93.5})
    d.heading("rect", "检视整改")
    d.para("rect.figures", "共查摆问题{problems.found}，整改率{problems.close_rate}。", lead="一是抓整改。")
    d.table("rect.units", ["单位", "问题数"], [["甲乡", 5], ["乙乡", 7]], total=["合计", 12])
    d.annexes.append(Annex("问题整改台账", [d.block("rect.units")]))
    return d


def test_a_field_prints_its_value_with_the_unit_or_the_number_alone():
    figures = {"problems.found": 12}
    assert fill("查摆问题{problems.found}，计{problems.found:n}条", figures) == "查摆问题12个，计12条"


def test_a_field_whose_key_is_unknown_stays_visible():
    assert fill("共{problems.fuond}", {"problems.found": 3}) == "共{problems.fuond}"
    assert fields_of("共{problems.found}，率{problems.close_rate}") == ["problems.found", "problems.close_rate"]


def test_a_draft_survives_a_round_trip_through_json_storage():
    d = a_draft()
    assert Draft.from_dict(d.to_dict()) == d


def test_the_rendered_document_prints_addressee_figures_and_the_total_row():
    doc = Document(BytesIO(render(a_draft())))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "县委主题教育领导小组：" in text
    assert "一是抓整改。共查摆问题12个，整改率93.5%。" in text
    cells = [c.text for c in doc.tables[0].rows[-1].cells]
    assert cells == ["合计", "12"]


def test_a_table_cell_given_as_a_lazy_label_is_stored_as_its_text():
    import json

    from django.utils.translation import gettext_lazy

    d = a_draft()
    d.table("t", [gettext_lazy("状态")], [[1, gettext_lazy("整改中")]], total=["合计", gettext_lazy("—")])
    stored = json.loads(json.dumps(d.to_dict()))
    assert stored["blocks"][-1]["rows"] == [[1, "整改中"]] and stored["blocks"][-1]["headers"] == ["状态"]
