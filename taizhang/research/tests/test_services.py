"""The research writes besides the lifecycle: proposing and editing topics, the report, the grade, and visits."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from taizhang.research import services
from taizhang.research.models import ResearchTopic, ResearchVisit, TopicStatus, VisitStatus
from taizhang.research.tests.factories import make_topic, make_visit


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _event(obj, action: str) -> AuditEvent:
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action).get()


def _reported(world) -> ResearchTopic:
    topic = make_topic(world, status=TopicStatus.RESEARCHING)
    make_visit(world, topic)
    services.topic_report(actor=None, topic=topic, expected_version=None, abstract="摘要")
    return services.topic_transition(actor=None, topic=topic, action="report", expected_version=None)


# --- topics ------------------------------------------------------------------------------------------------

def test_proposing_a_topic_stores_it_and_audits_it(world):
    topic = services.topic_create(actor=world.county_office, campaign=world.campaign(), unit=world.unit("K1"),
                                  title="  基层减负调研 ", lead_leader=world.county_leader,
                                  planned_start=date(2026, 10, 1), planned_end=date(2026, 10, 31))
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert (stored.title, stored.status, stored.lead_leader_name, stored.created_by) == (
        "基层减负调研", TopicStatus.PROPOSED, str(world.county_leader), world.county_office)
    assert _event(topic, "researchtopic.create").changes["title"] == "基层减负调研"


def test_a_topic_ending_before_it_starts_is_refused(world):
    with pytest.raises(ValidationFailed, match="早于开始日期"):
        services.topic_create(actor=None, campaign=world.campaign(), unit=world.unit("K1"), title="课题",
                              planned_start=date(2026, 10, 31), planned_end=date(2026, 10, 1))


def test_editing_a_topic_saves_the_fields_and_audits_the_difference(world):
    topic = make_topic(world)
    services.topic_update(actor=world.county_office, topic=topic, expected_version=topic.version,
                          title="农村集体经济发展调研", planned_sites="东村、南村")
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert (stored.title, stored.planned_sites, stored.version) == ("农村集体经济发展调研", "东村、南村", 2)
    assert _event(topic, "researchtopic.update").changes == {
        "title": ["农村集体经济调研", "农村集体经济发展调研"], "planned_sites": ["", "东村、南村"]}


def test_editing_a_topic_on_a_stale_version_is_a_conflict(world):
    topic = make_topic(world)
    services.topic_update(actor=world.county_office, topic=ResearchTopic.objects.get(pk=topic.pk),
                          expected_version=1, title="先到者")
    with pytest.raises(Conflict):
        services.topic_update(actor=world.county_clerk, topic=topic, expected_version=1, title="后到者")
    assert ResearchTopic.objects.get(pk=topic.pk).title == "先到者"


def test_editing_a_topic_refuses_other_fields_and_other_people(world):
    topic = make_topic(world)
    with pytest.raises(ValidationFailed, match="不能修改的字段：status"):
        services.topic_update(actor=world.county_office, topic=topic, expected_version=None, status="done")
    with pytest.raises(PermissionDenied):
        services.topic_update(actor=world.inspector, topic=topic, expected_version=None, title="改")


def test_the_report_keeps_the_abstract_and_the_file(world):
    topic = make_topic(world, status=TopicStatus.RESEARCHING)
    upload = SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services.topic_report(actor=world.county_leader, topic=topic, expected_version=topic.version,
                          abstract=" 三方面问题 ", upload=upload)
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert stored.report_abstract == "三方面问题" and stored.report_file.name.endswith(".pdf")
    assert _event(topic, "researchtopic.report").changes["report_abstract"] == "三方面问题"


def test_the_report_waits_for_the_research(world):
    with pytest.raises(ValidationFailed, match="尚未开始调研"):
        services.topic_report(actor=None, topic=make_topic(world), expected_version=None, abstract="摘要")


def test_the_office_grades_a_reported_topic(world):
    topic = _reported(world)
    services.topic_grade(actor=world.county_office, topic=topic, expected_version=topic.version, grade="excellent",
                         score=Decimal("92.5"))
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert (stored.exchange_grade, stored.exchange_score) == ("excellent", Decimal("92.5"))
    assert _event(topic, "researchtopic.grade").changes == {"exchange_grade": ["", "excellent"],
                                                            "exchange_score": [None, "92.5"]}


def test_grading_is_the_offices_after_the_report_and_within_100(world):
    with pytest.raises(ValidationFailed, match="形成报告后"):
        services.topic_grade(actor=None, topic=make_topic(world), expected_version=None, grade="good")
    topic = _reported(world)
    with pytest.raises(PermissionDenied):
        services.topic_grade(actor=world.county_leader, topic=topic, expected_version=None, grade="good")
    with pytest.raises(ValidationFailed, match="应在 0 到 100 之间"):
        services.topic_grade(actor=None, topic=topic, expected_version=None, score=Decimal("101"))
    assert ResearchTopic.objects.get(pk=topic.pk).exchange_grade == ""


# --- visits ------------------------------------------------------------------------------------------------

def test_a_visit_is_recorded_with_its_site_and_audited(world):
    topic = make_topic(world, status=TopicStatus.RESEARCHING)
    visit = make_visit(world, topic, site="V2")
    stored = ResearchVisit.objects.get(pk=visit.pk)
    assert (stored.site_unit, stored.site_key, stored.leader, stored.status) == (
        world.unit("V2"), f"u:{world.unit('V2').pk}", world.county_leader, VisitStatus.PLANNED)
    assert _event(visit, "researchvisit.create").changes["method"] == "forum"


def test_recording_what_a_visit_found_saves_and_audits_it(world):
    visit = make_visit(world)
    services.visit_update(actor=world.county_leader, visit=visit, expected_version=visit.version,
                          status=VisitStatus.DONE, people_met_count=12, needs_collected="村道需要硬化",
                          site_unit=None, site_place="东村文化礼堂")
    stored = ResearchVisit.objects.get(pk=visit.pk)
    assert (stored.status, stored.people_met_count, stored.needs_collected, stored.site_key, stored.version) == (
        VisitStatus.DONE, 12, "村道需要硬化", "p:东村文化礼堂", 2)
    changes = _event(visit, "researchvisit.update").changes
    assert changes["status"] == ["planned", "done"] and changes["people_met_count"] == [0, 12]


def test_a_visit_update_refuses_a_stale_version_and_a_missing_site(world):
    visit = make_visit(world)
    with pytest.raises(Conflict):
        services.visit_update(actor=None, visit=visit, expected_version=visit.version + 1, solved_count=1)
    with pytest.raises(ValidationFailed, match="请选择调研单位或填写调研地点"):
        services.visit_update(actor=None, visit=visit, expected_version=None, site_unit=None, site_place=" ")
    assert ResearchVisit.objects.get(pk=visit.pk).solved_count == 0
