"""The draft page: generate from the 报告 page, edit a paragraph in the browser's words, drop a case, regenerate,
download — and nobody outside the unit's reporting scope sees the draft."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from docx import Document

from taizhang.audit.models import AuditEvent
from taizhang.reports import drafts
from taizhang.reports.models import ReportDraft
from taizhang.reports.tests.drafting import close, use_drafting_builder


@pytest.fixture(autouse=True)
def _builder(monkeypatch):
    use_drafting_builder(monkeypatch)


def act(pk, action):
    return reverse("reports:draft_action", kwargs={"pk": pk, "action": action})


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def download_text(client, pk) -> str:
    response = client.get(reverse("reports:draft_download", args=[pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return "\n".join(p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs)


@pytest.fixture
def draft(world, data):
    return drafts.draft_generate(actor=world.county_office, kind="stage-summary", unit=world.unit("K1"),
                                 campaign=world.campaign())


def test_the_report_page_offers_online_editing_and_generates_a_draft(login, world, data):
    client = login("county_office")
    page = client.get(reverse("reports:index")).content.decode()
    assert "在线编辑草稿" in page and reverse("reports:draft_create") in page
    response = client.post(reverse("reports:draft_create"), {"kind": "stage-summary", "unit_code": "K1"})
    draft = ReportDraft.objects.get()
    assert response["Location"] == reverse("reports:draft_detail", args=[draft.pk])
    assert draft.unit.code == "K1" and draft.created_by == world.county_office
    assert AuditEvent.objects.filter(action="report_draft.generate", object_id=str(draft.pk)).exists()
    assert f"{reverse('reports:draft_detail', args=[draft.pk])}" in client.get(reverse("reports:index")).content.decode()


def test_a_kind_without_a_draft_is_refused_with_a_message(login, world, data):
    client = login("county_office")
    response = client.post(reverse("reports:draft_create"), {"kind": "research-compilation", "unit_code": "K1"},
                           follow=True)
    assert "「调研成果汇编」不能在线编辑草稿" in response.content.decode()
    assert not ReportDraft.objects.exists()


def test_the_page_shows_figures_as_labelled_chips_and_no_key(login, draft):
    html = login("county_office").get(reverse("reports:draft_detail", args=[draft.pk])).content.decode()
    assert 'title="已销号问题">已销号问题 <b>1个</b></span>' in html
    assert "共查摆问题【查摆问题】，已销号【已销号问题】，整改率【整改率】。" in html  # the editor's tokens
    assert "problems." not in html and "measures." not in html
    assert "{" not in html.split('id="tz-draft"', 1)[1]


def test_an_edit_is_kept_audited_and_printed_in_the_download(login, world, draft):
    client = login("county_office")
    response = client.post(act(draft.pk, "edit"), {
        "block": "rect.measures", "version": draft.version, "text": "全县细化措施【整改措施】，已完成【已完成措施·数字】项。"})
    assert response.status_code == 302 and response["Location"].endswith("#b-rect.measures")
    assert texts(response) == ["已保存段落的修改，数字仍随数据更新"]
    assert ReportDraft.objects.get().edits["rect.measures"]["text"] == "全县细化措施{measures.total}，已完成{measures.done:n}项。"
    event = AuditEvent.objects.get(action="report_draft.edit")
    assert event.changes["block"] == "rect.measures" and event.actor == world.county_office
    assert "全县细化措施2项，已完成1项。" in download_text(client, draft.pk)


def test_an_unknown_token_comes_back_in_the_editor_with_the_reason(login, draft):
    client = login("county_office")
    typed = "共有问题【问题总数】。"
    response = client.post(act(draft.pk, "edit"), {"block": "rect.figures", "version": draft.version, "text": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert "统计指标「【问题总数】」不存在" in html and f">{typed}</textarea>" in html
    assert ReportDraft.objects.get().edits == {}


def test_a_stale_version_answers_409_with_the_conflict_message(login, world, draft):
    stale = draft.version
    drafts.draft_edit_block(actor=world.county_leader, draft=draft, block_id="rect.measures", text="措施到位。",
                            expected_version=stale)
    response = login("county_office").post(act(draft.pk, "edit"), {
        "block": "rect.figures", "version": stale, "text": "我的写法。"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "该记录已被 county_leader" in html and ">我的写法。</textarea>" in html
    assert "rect.figures" not in ReportDraft.objects.get().edits


def test_a_dropped_case_is_left_out_of_the_download_and_kept_again(login, world, data, draft):
    client = login("county_office")
    case = f"rect.case.{data['closed'].pk}"
    response = client.post(act(draft.pk, "drop"), {"block": case, "version": draft.version})
    assert texts(response) == ["已删去该段落，下载的文档中不再包含它"]
    assert "基层减负落实不到位" not in download_text(client, draft.pk)
    assert AuditEvent.objects.filter(action="report_draft.drop").exists()
    client.post(act(draft.pk, "keep"), {"block": case, "version": ReportDraft.objects.get().version})
    assert "基层减负落实不到位" in download_text(client, draft.pk)


def test_regenerating_after_a_closure_keeps_the_wording_and_shows_what_moved(login, world, data, draft):
    client = login("county_office")
    client.post(act(draft.pk, "edit"), {"block": "rect.figures", "version": draft.version,
                                        "text": "我县已销号问题【已销号问题】，整改率【整改率】。"})
    close(world, data["open"])
    response = client.post(act(draft.pk, "regenerate"), {"version": ReportDraft.objects.get().version})
    assert texts(response)[-1] == "已按最新数据重新生成，2 个数字有变化；您修改过的文字均已保留"
    html = client.get(reverse("reports:draft_detail", args=[draft.pk])).content.decode()
    assert "已销号问题：1个 → 2个" in html and "整改率：25.0% → 50.0%" in html
    assert "我县已销号问题2个，整改率50.0%。" in download_text(client, draft.pk)
    assert AuditEvent.objects.filter(action="report_draft.regenerate").count() == 1


@pytest.mark.parametrize("username", ["outsider_office", "township_office", "county_clerk"])
def test_a_draft_outside_the_users_reporting_scope_answers_404(login, draft, username):
    client = login(username)
    assert client.get(reverse("reports:draft_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("reports:draft_download", args=[draft.pk])).status_code == 404
    response = client.post(act(draft.pk, "edit"), {"block": "rect.figures", "version": draft.version, "text": "改"})
    assert response.status_code == 404
    assert ReportDraft.objects.get().edits == {}
