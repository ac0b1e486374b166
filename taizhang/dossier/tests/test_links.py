"""Closing the loop from the pages and the API: problems found on a visit, rules filed from a problem."""

import pytest

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.dossier import services
from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.models import Problem
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.research.tests.factories import make_visit


def test_a_problem_found_on_a_visit_is_a_research_problem_linked_to_it(world):
    visit = make_visit(world)
    p = services.visit_record_problem(actor=world.county_office, visit=visit, unit=world.unit("V1"),
                                      title="村级事务办理流程繁琐", category="style")
    assert p.source == "research" and p.unit.code == "V1" and p.status == "pending"
    assert list(visit.problems.all()) == [p]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"problem.create", "researchvisit.link_problems"} <= actions


def test_a_failed_link_leaves_no_problem_behind(world):
    visit = make_visit(world)
    with pytest.raises(ValidationFailed):
        services.visit_record_problem(actor=world.county_office, visit=visit, unit=world.unit("K1"), title="")
    assert not Problem.objects.exists()


def test_an_inspector_cannot_record_problems_on_a_visit(world):
    with pytest.raises(PermissionDenied):
        services.visit_record_problem(actor=world.inspector, visit=make_visit(world), unit=world.unit("K1"),
                                      title="问题")


def test_the_office_files_a_rule_from_a_problem(world):
    p = make_problem(world, "T1")
    inst = services.problem_create_institution(actor=world.county_office, problem=p, title="村务办理规程",
                                               doc_number="东办发〔2026〕30号", kind="new")
    assert inst.unit.code == "T1" and list(inst.problems.all()) == [p]


def test_a_clerk_cannot_file_a_rule_from_a_problem(world):
    with pytest.raises(PermissionDenied, match="主题教育办公室"):
        services.problem_create_institution(actor=world.county_clerk, problem=make_problem(world, "K1"),
                                            title="规程")


def test_the_visit_page_records_and_links_problems(login, world):
    visit = make_visit(world)
    other = make_problem(world, "K1", title="会议文件过多")
    client = login("county_office")
    client.post(f"/research/visits/{visit.pk}/problems/new/",
                {"unit_code": "V1", "title": "群众办事多头跑", "description": "需跑三个窗口", "category": "style"})
    client.post(f"/research/visits/{visit.pk}/problems/link/", {"number": other.number})
    body = client.get(f"/research/visits/{visit.pk}/").content.decode()
    assert "群众办事多头跑" in body and other.number in body and "记录调研发现的问题" in body
    assert visit.problems.count() == 2


def test_linking_an_unknown_number_says_so(login, world):
    visit = make_visit(world)
    response = login("county_office").post(f"/research/visits/{visit.pk}/problems/link/", {"number": "ZG-9999"},
                                           follow=True)
    assert "ZG-9999" in response.content.decode() and visit.problems.count() == 0


def test_the_problem_page_panel_files_and_links_rules(login, world):
    p = make_problem(world, "K1")
    existing = make_institution(world)
    visit = make_visit(world)
    services.visit_link_problems(actor=None, visit=visit, problems=[p])
    client = login("county_office")
    body = client.get(f"/ledger/p/{p.pk}/").content.decode()
    assert "把解决一个问题变成解决一类问题" in body and visit.topic.title in body and f"/dossier/problems/{p.pk}/" in body
    client.post(f"/dossier/problems/{p.pk}/institutions/link/", {"institution": existing.pk})
    client.post(f"/dossier/problems/{p.pk}/institutions/new/",
                {"inst-title": "村务公开规程", "inst-doc_number": "东办发〔2026〕31号", "inst-kind": "revised",
                 "inst-issued_date": "2026-11-01"})
    assert sorted(i.title for i in p.institutions.all()) == sorted([existing.title, "村务公开规程"])


def test_the_panel_forms_are_only_for_the_office(login, world):
    p = make_problem(world, "K1")
    body = login("county_clerk").get(f"/ledger/p/{p.pk}/").content.decode()
    assert "登记制度并关联" not in body and "把解决一个问题变成解决一类问题" in body


def test_the_api_creates_and_links_visit_problems(login, world):
    visit = make_visit(world)
    other = make_problem(world, "K1")
    client = login("county_office")
    r = client.post(f"/api/v1/research/visits/{visit.pk}/problems",
                    {"numbers": [other.number], "unit": "T1", "title": "村级台账重复填报"},
                    content_type="application/json")
    assert r.status_code == 200, r.content
    assert [x["number"] for x in r.json()] == [other.number, Problem.objects.get(title="村级台账重复填报").number]


def test_the_api_answers_404_for_a_visit_out_of_scope(login, world):
    visit = make_visit(world)
    r = login("outsider_office").post(f"/api/v1/research/visits/{visit.pk}/problems", {"numbers": ["ZG-0001"]},
                                      content_type="application/json")
    assert r.status_code == 404


def test_the_api_links_institution_problems(login, world):
    inst = make_institution(world)
    p = make_problem(world, "V1")
    r = login("county_office").post(f"/api/v1/institutions/{inst.pk}/problems", {"numbers": [p.number]},
                                    content_type="application/json")
    assert r.status_code == 200 and r.json()[0]["number"] == p.number
    r = login("county_office").post(f"/api/v1/institutions/{inst.pk}/problems", {"numbers": ["ZG-9999"]},
                                    content_type="application/json")
    assert r.status_code == 404


# --- taking a link back -------------------------------------------------------------------------

def _linked_visit(world):
    visit, problem = make_visit(world), make_problem(world, "K1")
    services.visit_link_problems(actor=world.county_office, visit=visit, problems=[problem])
    return visit, problem


def test_a_link_made_by_mistake_is_taken_back_and_the_problem_stays(world):
    visit, problem = _linked_visit(world)
    services.visit_unlink_problem(actor=world.county_office, visit=visit, problem=problem)
    assert not visit.problems.exists() and Problem.objects.filter(pk=problem.pk).exists()
    event = AuditEvent.objects.get(action="researchvisit.unlink_problem")
    assert event.changes == {"problems": [problem.number]} and event.object_id == str(visit.pk)
    with pytest.raises(ValidationFailed, match="没有关联在这里"):
        services.visit_unlink_problem(actor=world.county_office, visit=visit, problem=problem)


def test_only_those_who_may_change_the_visit_take_a_link_back(world):
    visit, problem = _linked_visit(world)
    with pytest.raises(PermissionDenied, match="取消关联"):
        services.visit_unlink_problem(actor=world.inspector, visit=visit, problem=problem)
    assert list(visit.problems.all()) == [problem]


def test_the_visit_and_institution_pages_take_a_link_back(login, world):
    from django.urls import reverse

    visit, problem = _linked_visit(world)
    client = login("county_office")
    page = client.get(reverse("research:visit_detail", args=[visit.pk])).content.decode()
    unlink = reverse("research:visit_problem_unlink", args=[visit.pk, problem.pk])
    assert unlink in page and "取消关联" in page
    response = client.post(unlink, follow=True)
    assert f"已取消关联问题 {problem.number}" in response.content.decode() and not visit.problems.exists()
    assert client.post(unlink).status_code == 404  # no longer linked here

    inst = make_institution(world, unit="T1")
    services.institution_link_problems(actor=world.county_office, institution=inst, problems=[problem])
    unlink = reverse("institutions:problem_unlink", args=[inst.pk, problem.pk])
    assert unlink in client.get(reverse("institutions:institution_detail", args=[inst.pk])).content.decode()
    client.post(unlink)
    assert not inst.problems.exists()
    assert AuditEvent.objects.filter(action="institution.unlink_problem").count() == 1
    # a viewer without the right to change sees the link but no button to take it back
    services.visit_link_problems(actor=world.county_office, visit=visit, problems=[problem])
    page = login("inspector").get(reverse("research:visit_detail", args=[visit.pk])).content.decode()
    assert problem.number in page and reverse("research:visit_problem_unlink", args=[visit.pk, problem.pk]) not in page


def test_the_api_takes_a_link_back(login, world):
    visit, problem = _linked_visit(world)
    other = make_problem(world, "K1", title="另一个问题")
    services.visit_link_problems(actor=world.county_office, visit=visit, problems=[other])
    client = login("county_office")
    response = client.delete(f"/api/v1/research/visits/{visit.pk}/problems/{problem.pk}")
    assert response.status_code == 200 and [p["number"] for p in response.json()] == [other.number]
    assert client.delete(f"/api/v1/research/visits/{visit.pk}/problems/{problem.pk}").status_code == 404
