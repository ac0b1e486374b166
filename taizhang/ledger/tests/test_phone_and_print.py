"""The problem page's action bar (state and open actions at the top, photo evidence in one step) and the A4 print
views of a problem and of the filtered ledger list."""

from taizhang.ledger.models import ProblemStatus
from taizhang.ledger.tests import factories as F


def _bar(body: str) -> str:
    start = body.index('id="tz-actionbar"')
    return body[start:body.index("</div>\n</div>", start)]


def test_the_action_bar_offers_the_clerk_to_accept_at_the_top(world, login):
    p = F.problem(world, title="村务公开不及时")
    clerk = login("county_clerk")
    body = clerk.get(f"/ledger/p/{p.pk}/").content.decode()
    bar = _bar(body)
    assert body.index('id="tz-actionbar"') < body.index("问题信息")
    assert "待认领" in bar and 'value="accept"' in bar
    clerk.post(f"/ledger/p/{p.pk}/transition/", {"action": "accept", "version": p.version})
    p.refresh_from_db()
    assert p.status == ProblemStatus.IN_PROGRESS


def test_the_action_bar_leads_to_the_closure_request_and_takes_a_photo(world, login):
    p = F.accepted(world)
    bar = _bar(login("county_clerk").get(f"/ledger/p/{p.pk}/").content.decode())
    assert 'href="#tz-closure"' in bar
    assert 'accept="image/*"' in bar and 'capture="environment"' in bar and "data-autosubmit" in bar
    assert f'action="/ledger/p/{p.pk}/attachments/"' in bar


def test_a_photo_posted_from_the_bar_becomes_evidence(world, login):
    p = F.accepted(world)
    photo = F.pdf("IMG_0001.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
    login("county_clerk").post(f"/ledger/p/{p.pk}/attachments/", {"files": [photo]})
    assert p.attachments.filter(original_name="IMG_0001.jpg").exists()


def test_the_reviewer_is_led_to_the_review_and_a_reader_gets_no_actions(world, login):
    p = F.in_review(world)
    assert 'href="#tz-review"' in _bar(login("county_office").get(f"/ledger/p/{p.pk}/").content.decode())
    bar = _bar(login("inspector").get(f"/ledger/p/{p.pk}/").content.decode())
    assert "<form" not in bar and "#tz-" not in bar


def test_the_problem_prints_with_timeline_evidence_and_footer(world, login):
    p = F.in_review(world, title="学习走过场")
    body = login("county_office").get(f"/ledger/p/{p.pk}/print/").content.decode()
    assert "学习走过场" in body and "@page" not in body  # the A4 rule lives in print.css
    assert "print.css" in body and "data-print" in body
    timeline = body[body.index("data-print-timeline"):]
    assert "认领" in timeline and "进展" in timeline
    evidence = body[body.index("data-print-evidence"):]
    assert "整改报告.pdf" in evidence
    footer = body[body.index("data-print-footer"):]
    assert p.unit.name in footer and p.campaign.name in footer and "打印时间" in footer


def test_the_ledger_prints_what_the_filter_shows(world, login):
    F.problem(world, "V1", title="东村问题")
    F.problem(world, "T2", title="西镇问题")
    client = login("county_office")
    body = client.get("/ledger/print/", {"campaign": "test-campaign", "unit": "T1"}).content.decode()
    assert "东村问题" in body and "西镇问题" not in body
    footer = body[body.index("data-print-footer"):]
    assert world.unit("T1").name in footer and "打印时间" in footer
    listing = client.get("/ledger/", {"campaign": "test-campaign"}).content.decode()
    assert "/ledger/print/?campaign=test-campaign" in listing


def test_the_dossier_prints(world, login):
    p = F.closed(world, title="台账不全")
    client = login("county_office")
    assert f"/dossier/problems/{p.pk}/print/" in client.get(f"/dossier/problems/{p.pk}/").content.decode()
    body = client.get(f"/dossier/problems/{p.pk}/print/").content.decode()
    assert "一事一档" in body and "台账不全" in body and "打印时间" in body
