"""共性问题: clusters of a unit's descendants, and the rule or research topic made from one."""

import random

import pytest
from django.urls import reverse

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import PermissionDenied
from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.tests.factories import problem
from taizhang.quality import selectors, services
from taizhang.quality.tests.factories import FAMILIES, SINGLES, family_statement

BRANCHES = ("T1", "V1", "V2", "T2", "V3")


def _generated(world, seed=3):
    """Five problems of each family spread over the branches of 东县, ten unrelated ones, and one problem of a
    family outside the county (which must stay out)."""
    rng = random.Random(seed)
    truth: dict[str, set[int]] = {f: set() for f in FAMILIES}
    for family in FAMILIES:
        for code in BRANCHES:
            truth[family].add(problem(world, code, title=family_statement(rng, family)).pk)
    singles = {problem(world, rng.choice(BRANCHES), title=text).pk for text in SINGLES}
    outside = problem(world, "V4", title=family_statement(rng, "formality"), actor="province_office")
    return truth, singles, outside


def test_the_clusters_of_generated_data_are_exactly_the_families(world):
    truth, singles, outside = _generated(world)
    clusters = selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"), threshold=0.5)
    assert sorted(sorted(c.problem_ids) for c in clusters) == sorted(sorted(ids) for ids in truth.values())
    for c in clusters:
        assert c.size == 5 and len(c.units) == 5 and c.key in c.problem_ids
        assert c.statuses == [("待认领", 5)]
        assert not set(c.problem_ids) & (singles | {outside.pk})


def test_the_same_data_gives_the_same_clusters(world):
    _generated(world)
    a = selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"), threshold=0.5)
    b = selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"), threshold=0.5)
    assert [(c.key, c.problem_ids) for c in a] == [(c.key, c.problem_ids) for c in b]


def test_the_threshold_and_the_number_of_units_are_the_offices_choice(world):
    truth, _, _ = _generated(world)
    assert selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"), threshold=0.99) == []
    assert selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"), threshold=0.5,
                                      min_units=6) == []
    township = selectors.problem_clusters(world.county_office, world.campaign(), world.unit("T1"), threshold=0.5,
                                          min_units=2)
    assert all({p.unit.code for p in c.problems} <= {"V1", "V2"} for c in township) and len(township) == 3


def test_withdrawn_problems_and_the_units_own_problems_are_left_out(world):
    truth, _, _ = _generated(world)
    one = sorted(truth["meetings"])[0]
    from taizhang.ledger.models import Problem

    problem_transition(actor=world.county_office, problem=Problem.objects.get(pk=one), action="withdraw",
                       reason="录入错误")
    problem(world, "K1", title=family_statement(random.Random(1), "meetings"))
    clusters = selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"), threshold=0.5)
    meetings = next(c for c in clusters if set(c.problem_ids) & truth["meetings"])
    assert set(meetings.problem_ids) == truth["meetings"] - {one}


def test_a_status_summary_per_unit(world):
    truth, _, _ = _generated(world)
    from taizhang.ledger.models import Problem

    first = Problem.objects.filter(pk__in=truth["service"], unit__code="V1").get()
    problem_transition(actor=world.county_office, problem=first, action="accept")
    c = next(c for c in selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"),
                                                   threshold=0.5) if set(c.problem_ids) == truth["service"])
    assert dict(c.statuses) == {"待认领": 4, "整改中": 1}
    assert {"unit": world.unit("V1"), "statuses": [("整改中", 1)]} in c.units


def test_a_rule_made_from_a_cluster_is_linked_to_every_problem(world, login):
    truth, _, _ = _generated(world)
    ids = sorted(truth["formality"])
    response = login("county_office").post("/quality/clusters/institution/", {
        "campaign": "test-campaign", "unit_code": "K1", "problems": ",".join(map(str, ids)),
        "title": "党员学习管理办法", "kind": "new", "doc_number": "东办发〔2026〕30号"}, follow=True)
    from taizhang.institutions.models import Institution

    inst = Institution.objects.get(title="党员学习管理办法")
    assert sorted(inst.problems.values_list("pk", flat=True)) == ids
    assert inst.unit.code == "K1" and inst.created_by == world.county_office
    assert "已关联 5 个问题" in response.content.decode()
    clusters = selectors.problem_clusters(world.county_office, world.campaign(), world.unit("K1"), threshold=0.5)
    formality = next(c for c in clusters if c.problem_ids == ids)
    assert [(i.pk, i.covered) for i in formality.institutions] == [(inst.pk, 5)]
    assert AuditEvent.objects.filter(action="institution.create", object_id=str(inst.pk)).exists()
    assert AuditEvent.objects.filter(action="institution.link_problems", object_id=str(inst.pk)).exists()


def test_an_existing_rule_can_be_linked_to_a_cluster(world):
    truth, _, _ = _generated(world)
    inst = make_institution(world)
    from taizhang.ledger.models import Problem

    problems = list(Problem.objects.filter(pk__in=truth["meetings"]))
    services.cluster_link_institution(actor=world.county_office, institution=inst, problems=problems)
    assert set(inst.problems.values_list("pk", flat=True)) == truth["meetings"]


def test_a_research_topic_made_from_a_cluster_is_linked_to_every_problem(world):
    truth, _, _ = _generated(world)
    from taizhang.ledger.models import Problem

    problems = list(Problem.objects.filter(pk__in=truth["service"]))
    topic = services.cluster_create_topic(actor=world.county_office, campaign=world.campaign(),
                                          unit=world.unit("K1"), problems=problems, title="窗口服务作风调研")
    assert set(topic.problems.values_list("pk", flat=True)) == truth["service"]
    assert topic.status == "proposed" and topic.is_open
    assert AuditEvent.objects.filter(action="researchtopic.link_problems", object_id=str(topic.pk)).exists()


def test_only_the_office_acts_on_a_cluster_and_nothing_is_half_written(world):
    truth, _, _ = _generated(world)
    from taizhang.institutions.models import Institution
    from taizhang.ledger.models import Problem

    problems = list(Problem.objects.filter(pk__in=truth["service"]))
    with pytest.raises(PermissionDenied):
        services.cluster_create_institution(actor=world.county_clerk, campaign=world.campaign(),
                                            unit=world.unit("K1"), problems=problems, title="制度")
    assert not Institution.objects.filter(title="制度").exists()


def test_a_cluster_with_a_problem_outside_the_scope_is_refused(world, login):
    truth, _, outside = _generated(world)
    ids = sorted(truth["formality"]) + [outside.pk]
    response = login("county_office").post("/quality/clusters/institution/", {
        "campaign": "test-campaign", "unit_code": "K1", "problems": ",".join(map(str, ids)), "title": "办法"})
    assert response.status_code == 404
    from taizhang.institutions.models import Institution

    assert not Institution.objects.filter(title="办法").exists()


def test_the_page_shows_each_cluster_with_size_statement_units_and_actions(world, login):
    truth, _, _ = _generated(world)
    html = login("county_office").get("/quality/clusters/", {"campaign": "test-campaign", "unit": "K1",
                                                             "threshold": "0.5"}).content.decode()
    assert html.count("5 个问题 · 5 个单位") == 3
    assert "东村党支部" in html and "北村党支部" in html and "待认领" in html
    assert "登记制度并关联 5 个问题" in html and "登记课题并关联 5 个问题" in html
    assert "/quality/clusters/institution/" in html


def test_the_topic_page_lists_the_problems_of_its_cluster(world, login):
    truth, _, _ = _generated(world)
    from taizhang.ledger.models import Problem

    problems = list(Problem.objects.filter(pk__in=truth["service"]).order_by("pk"))
    topic = services.cluster_create_topic(actor=world.county_office, campaign=world.campaign(),
                                          unit=world.unit("K1"), problems=problems, title="窗口服务作风调研")
    html = login("county_office").get(reverse("research:topic_detail", kwargs={"pk": topic.pk})).content.decode()
    assert "5 个问题" in html and all(f"/ledger/p/{p.pk}/" in html for p in problems)
