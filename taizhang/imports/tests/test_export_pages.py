"""The 导出Excel button of every list page, and what clicking it downloads: the list's rows with its filters, in
the user's scope, directly or through a background job for large lists."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from taizhang.audit.models import AuditEvent
from taizhang.imports.models import ExportJob
from taizhang.imports.tests.test_export_records import institutions, matters, staff, topics


def rows(response) -> list[list]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[3:]


def export_href(page: str) -> str:
    start = page.index('id="tz-export" href="') + len('id="tz-export" href="')
    return page[start:page.index('"', start)].replace("&amp;", "&")


LISTS = [
    ("ledger:list", {"status": "in_progress"}, "county_office", "/excel/export/problems/?campaign=test-campaign&status=in_progress"),
    ("research:topic_list", {"status": "taken"}, "county_office", "/excel/export/research/?status=taken"),
    ("study:activity_list", {"type": "party_day"}, "county_office", "/excel/export/study/?type=party_day"),
    ("matters:matter_list", {"status": "done"}, "county_office", "/excel/export/matters/?status=done"),
    ("institutions:institution_list", {"kind": "revised"}, "county_office", "/excel/export/institutions/?kind=revised"),
    ("orgs:unit_tree", {"q": "村"}, "county_office", "/excel/export/units/?q=%E6%9D%91"),
    ("orgs:user_list", {"q": "li"}, "sysadmin", "/excel/export/users/?q=li"),
]


@pytest.mark.parametrize(("name", "query", "user", "href"), LISTS, ids=[x[0] for x in LISTS])
def test_every_list_has_an_export_button_carrying_its_filters(login, world, name, query, user, href):
    page = login(user).get(reverse(name), query).content.decode()
    got = export_href(page)
    if name.startswith(("research", "study", "matters", "institutions")):
        got = got.replace("campaign=test-campaign&", "")  # the current campaign is named too
    assert got == href


def test_a_unit_page_exports_that_units_subtree(login, world):
    page = login("county_office").get(reverse("orgs:unit_detail", args=["T1"])).content.decode()
    assert export_href(page) == "/excel/export/units/?unit=T1"


def test_no_button_for_who_may_not_export(login, world):
    page = login("auditor").get(reverse("orgs:unit_tree")).content.decode()
    assert "tz-export" not in page


def test_the_ledger_button_follows_the_filters_changed_in_place(login, world):
    """The ledger list filters with htmx: its response replaces the button out of band."""
    client = login("county_office")
    response = client.get(reverse("ledger:list"), {"campaign": "test-campaign", "light": "red"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'hx-swap-oob="true"' in page and export_href(page).endswith("campaign=test-campaign&light=red")


def test_the_download_holds_the_lists_rows_in_the_users_scope(login, world):
    topics(world)
    response = login("county_office").get(reverse("imports:export_kind", args=["research"]),
                                          {"campaign": "test-campaign"})
    assert quote("测试主题教育调研课题") in response["Content-Disposition"]
    assert {r[0] for r in rows(response)} == {"基层减负落实情况调研", "村级事务公开调研", "待揭榜的课题"}
    outsider = login("outsider").get(reverse("imports:export_kind", args=["research"]), {"campaign": "test-campaign"})
    assert [r[0] for r in rows(outsider)] == ["中县的课题"]
    event = AuditEvent.objects.filter(action="export.research").order_by("-seq").first()
    assert event.actor.username == "outsider" and event.changes["count"] == 1


def test_the_download_applies_the_filters(login, world):
    institutions(world)
    response = login("province_office").get(reverse("imports:export_kind", args=["institutions"]),
                                            {"campaign": "test-campaign", "kind": "abolished"})
    assert [r[0] for r in rows(response)] == ["远县的制度"]
    matters(world)
    response = login("county_office").get(reverse("imports:export_kind", args=["matters"]),
                                          {"campaign": "test-campaign", "unit": "V1"})
    assert [r[0] for r in rows(response)] == ["修缮村道"]


def test_large_lists_export_through_a_job_named_for_their_kind(login, world, settings,
                                                                django_capture_on_commit_callbacks):
    topics(world)
    settings.EXPORT_SYNC_LIMIT = 1
    client = login("county_office")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("imports:export_kind", args=["research"]),
                              {"campaign": "test-campaign", "unit": "K1"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("imports:export_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.kind, job.status, job.done, job.params["unit"]) == ("research", "done", 3, "K1")
    assert "导出调研课题" in client.get(response["Location"]).content.decode()
    download = client.get(reverse("imports:export_download", args=[job.pk]))
    assert quote("测试主题教育调研课题") in download["Content-Disposition"] and len(rows(download)) == 3


def test_a_job_without_a_campaign(login, world, settings, django_capture_on_commit_callbacks):
    staff(world)
    settings.EXPORT_SYNC_LIMIT = 1
    client = login("secadmin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("imports:export_kind", args=["users"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.campaign is None
    job.refresh_from_db()
    assert job.status == "done" and job.unit.code == "P"
    download = client.get(reverse("imports:export_download", args=[job.pk]))
    assert quote("用户及角色") in download["Content-Disposition"] and "li4" in {r[0] for r in rows(download)}
    assert login("sysadmin").get(reverse("imports:export_job", args=[job.pk])).status_code == 404  # not theirs


def test_a_large_ledger_job_keeps_every_unit_of_an_inspectors_scope(login, world, settings,
                                                                     django_capture_on_commit_callbacks):
    """The inspector oversees 东县 and 远县: the job exports both, not only the first of them."""
    from taizhang.imports.importers import run_import
    from taizhang.imports.tests.factories import ROWS, ledger_bytes

    far = [3, "远县县委", "工作作风", "远县的问题", "精简会议", "", "2026-12-01", None]
    run_import(actor=None, kind="problems", data=ledger_bytes(*ROWS, far), filename="a.xlsx",
               campaign=world.campaign())
    settings.EXPORT_SYNC_LIMIT = 1
    client = login("inspector")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("imports:export"), {"campaign": "test-campaign"})
    download = client.get(reverse("imports:export_download", args=[ExportJob.objects.get().pk]))
    assert response.status_code == 302 and sorted(r[5] for r in rows(download)) == ["会议偏多", "学习不够系统", "远县的问题"]


def test_a_direct_export_leaves_no_file_behind_whether_it_succeeds_or_fails(login, world, tmp_path, monkeypatch):
    import tempfile

    from taizhang.imports.export import EXPORTS

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    topics(world)
    client = login("county_office")
    ok = client.get(reverse("imports:export_kind", args=["research"]), {"campaign": "test-campaign"})
    assert len(rows(ok)) == 3 and list(tmp_path.iterdir()) == []

    def broken(self, path, **kwargs):
        path.write_bytes(b"PK half a workbook")
        raise OSError("disk went away")

    monkeypatch.setattr(EXPORTS["research"], "write", broken)
    client.raise_request_exception = False
    failed = client.get(reverse("imports:export_kind", args=["research"]), {"campaign": "test-campaign"})
    assert failed.status_code == 500 and list(tmp_path.iterdir()) == []
    assert AuditEvent.objects.filter(action="export.research").count() == 1  # only the export that was handed out
