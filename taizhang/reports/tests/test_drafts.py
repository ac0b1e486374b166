"""Editable drafts: the office's wording survives regeneration while the figures follow the records."""

from io import BytesIO

import pytest
from docx import Document

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from taizhang.reports import drafts
from taizhang.reports.models import ReportDraft
from taizhang.reports.tests.drafting import close, use_drafting_builder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _builder(monkeypatch):
    use_drafting_builder(monkeypatch)


def generate(w, user="county_office"):
    return drafts.draft_generate(actor=w.user(user), kind="stage-summary", unit=w.unit("K1"), campaign=w.campaign())


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


def para(draft, block_id):
    return next(v.block for v in drafts.block_views(draft) if v.id == block_id)


def test_generation_keeps_the_builders_draft_and_writes_an_audit_event(world, data):
    d = generate(world)
    assert [b["id"] for b in d.generated["blocks"]][:3] == ["rect", "rect.figures", "rect.measures"]
    assert d.generated["figures"]["problems.closed"] == 1
    event = AuditEvent.objects.get(action="report_draft.generate", object_id=str(d.pk))
    assert event.actor == world.county_office and event.changes["unit"] == "K1"


def test_edited_wording_survives_regeneration_with_refreshed_figures(world, data):
    d = generate(world)
    one = "整改工作扎实推进，共查摆问题【查摆问题】，已销号【已销号问题】，整改率达【整改率】。"
    two = "措施方面，制定措施【整改措施·数字】项，完成【已完成措施】。"
    drafts.draft_edit_block(actor=world.county_office, draft=d, block_id="rect.figures", text=one,
                            lead="一是压实整改责任。", expected_version=d.version)
    drafts.draft_edit_block(actor=world.county_office, draft=d, block_id="rect.measures", text=two,
                            expected_version=d.version)
    assert d.edits["rect.figures"]["text"] == ("整改工作扎实推进，共查摆问题{problems.found}，已销号{problems.closed}，"
                                              "整改率达{problems.close_rate}。")
    assert d.edits["rect.measures"]["text"] == "措施方面，制定措施{measures.total:n}项，完成{measures.done}。"
    assert AuditEvent.objects.filter(action="report_draft.edit", object_id=str(d.pk)).count() == 2

    close(world, data["open"])  # the records change: one more problem closed
    d = ReportDraft.objects.get(pk=d.pk)
    moved = drafts.draft_regenerate(actor=world.county_office, draft=d, expected_version=d.version)

    text = docx_text(drafts.draft_render(ReportDraft.objects.get(pk=d.pk))[0])
    assert "一是压实整改责任。整改工作扎实推进，共查摆问题4个，已销号2个，整改率达50.0%。" in text
    assert "措施方面，制定措施2项，完成1项。" in text
    # the paragraph the office left alone follows the builder, with the new figures
    assert "持续抓好整改，确保整改率50.0%稳步提高。" in text
    moved_keys = {m["key"]: (m["label"], m["old"], m["new"]) for m in moved}
    assert moved_keys["problems.closed"] == ("已销号问题", "1个", "2个")
    assert moved_keys["problems.close_rate"] == ("整改率", "25.0%", "50.0%")
    assert "problems.found" not in moved_keys
    assert drafts.moved_figures(ReportDraft.objects.get(pk=d.pk)) == moved
    event = AuditEvent.objects.get(action="report_draft.regenerate", object_id=str(d.pk))
    assert event.changes["moved"]["problems.closed"] == [1, 2]


def test_an_edited_paragraph_the_builder_no_longer_makes_is_kept_and_flagged(world, data):
    d = generate(world)
    drafts.draft_edit_block(actor=world.county_office, draft=d, block_id="rect.overdue",
                            text="逾期问题还有【逾期问题】，已约谈责任人。", expected_version=d.version)
    close(world, data["overdue"])
    drafts.draft_regenerate(actor=world.county_office, draft=d, expected_version=d.version)
    d = ReportDraft.objects.get(pk=d.pk)
    views = drafts.block_views(d)
    ids = [v.id for v in views]
    orphan = views[ids.index("rect.overdue")]
    assert orphan.orphan and not orphan.dropped
    assert ids.index("rect.overdue") == ids.index("rect.measures") + 1  # where it stood
    assert "逾期问题还有0个，已约谈责任人。" in docx_text(drafts.draft_render(d)[0])


def test_a_dropped_case_is_not_in_the_document_and_can_be_kept_again(world, data):
    d = generate(world)
    case = f"rect.case.{data['closed'].pk}"
    assert "东村党支部针对“基层减负落实不到位”问题" in docx_text(drafts.draft_render(d)[0])
    drafts.draft_set_dropped(actor=world.county_office, draft=d, block_id=case, dropped=True,
                             expected_version=d.version)
    assert "基层减负落实不到位" not in docx_text(drafts.draft_render(ReportDraft.objects.get(pk=d.pk))[0])
    assert AuditEvent.objects.filter(action="report_draft.drop", object_id=str(d.pk)).exists()
    drafts.draft_set_dropped(actor=world.county_office, draft=d, block_id=case, dropped=False,
                             expected_version=d.version)
    assert "基层减负落实不到位" in docx_text(drafts.draft_render(ReportDraft.objects.get(pk=d.pk))[0])


def test_a_paragraph_that_states_required_figures_cannot_be_dropped(world, data):
    d = generate(world)
    with pytest.raises(ValidationFailed, match="不能删去"):
        drafts.draft_set_dropped(actor=world.county_office, draft=d, block_id="rect.figures", dropped=True,
                                 expected_version=d.version)
    assert ReportDraft.objects.get(pk=d.pk).edits == {}


def test_an_unknown_figure_is_refused_naming_it(world, data):
    d = generate(world)
    with pytest.raises(ValidationFailed) as exc:
        drafts.draft_edit_block(actor=world.county_office, draft=d, block_id="rect.figures",
                                text="共查摆问题【查摆问题数】，已销号{problems.clsed}。", expected_version=d.version)
    assert "「【查摆问题数】」" in exc.value.message and "「{problems.clsed}」" in exc.value.message
    assert ReportDraft.objects.get(pk=d.pk).edits == {}
    assert not AuditEvent.objects.filter(action="report_draft.edit").exists()


def test_a_figure_the_builder_did_not_read_is_fetched_and_stays_live(world, data):
    d = generate(world)
    drafts.draft_edit_block(actor=world.county_office, draft=d, block_id="rect.measures",
                            text="收到督办单【督办单】。", expected_version=d.version)
    assert "收到督办单0份。" in docx_text(drafts.draft_render(ReportDraft.objects.get(pk=d.pk))[0])


def test_the_tokens_the_office_edits_name_no_key():
    text = "共查摆问题{problems.found}，计{problems.found:n}条"
    assert drafts.to_tokens(text) == "共查摆问题【查摆问题】，计【查摆问题·数字】条"
    assert drafts.from_tokens(drafts.to_tokens(text)) == text


def test_a_stale_version_is_refused_with_the_conflict_message(world, data):
    d = generate(world)
    stale = d.version
    drafts.draft_edit_block(actor=world.county_office, draft=d, block_id="rect.measures", text="措施落实到位。",
                            expected_version=stale)
    with pytest.raises(Conflict, match="该记录已被 county_office"):
        drafts.draft_edit_block(actor=world.county_leader, draft=ReportDraft.objects.get(pk=d.pk),
                                block_id="rect.figures", text="另一种写法。", expected_version=stale)
    assert "rect.figures" not in ReportDraft.objects.get(pk=d.pk).edits


def test_resetting_a_paragraph_gives_it_back_to_the_builder(world, data):
    d = generate(world)
    drafts.draft_edit_block(actor=world.county_office, draft=d, block_id="rect.measures", text="措施落实到位。",
                            expected_version=d.version)
    drafts.draft_reset_block(actor=world.county_office, draft=d, block_id="rect.measures", expected_version=d.version)
    assert para(ReportDraft.objects.get(pk=d.pk), "rect.measures").text == "细化整改措施{measures.total}，已完成{measures.done}。"
    assert AuditEvent.objects.filter(action="report_draft.reset", object_id=str(d.pk)).exists()


def test_only_an_office_reporting_on_the_unit_may_generate_or_edit(world, data):
    with pytest.raises(PermissionDenied):
        generate(world, "township_office")
    d = generate(world)
    with pytest.raises(PermissionDenied):
        drafts.draft_edit_block(actor=world.outsider_office, draft=d, block_id="rect.measures", text="改写。",
                                expected_version=d.version)


def test_a_kind_without_a_draft_is_refused_in_chinese(world, data):
    with pytest.raises(ValidationFailed, match="「调研成果汇编」不能在线编辑草稿"):
        drafts.draft_generate(actor=world.county_office, kind="research-compilation", unit=world.unit("K1"),
                              campaign=world.campaign())
