"""Study activities: derived 人次, validation, and a member's own record."""

from datetime import date

import pytest

from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.study import selectors, services
from taizhang.study.models import StudyActivity
from taizhang.study.tests.factories import make_activity


def test_a_reading_class_appears_in_the_members_own_record(login, world):
    member = world.member
    activity = make_activity(world, participants=[member], participant_count=26, speakers=9)
    assert (activity.days, activity.participant_count, activity.attendance, activity.speakers) == (3, 26, 78, 9)
    assert list(selectors.my_activities(member)) == [activity]
    body = login("member").get("/study/mine/").content.decode()
    assert "主题教育读书班" in body and "读书班" in body and ">26<" in body and ">9<" in body
    assert selectors.my_totals(member)["days"] == 3


def test_the_member_api_lists_own_activities(login, world):
    make_activity(world, participants=[world.member])
    data = login("member").get("/api/v1/study/mine").json()["items"]
    assert data[0]["days"] == 3 and data[0]["participant_count"] == 26 and data[0]["speakers"] == 9


def test_linked_members_count_as_participants(world):
    activity = make_activity(world, participant_count=0, participants=[world.member, world.village_clerk],
                             speakers=0, start_date=date(2026, 9, 1), end_date=date(2026, 9, 1))
    assert activity.participant_count == 2 and activity.attendance == 2


def test_days_beyond_the_date_range_are_refused(world):
    with pytest.raises(ValidationFailed, match="天数 5"):
        make_activity(world, days=5)


def test_more_speakers_than_attendance_is_refused(world):
    with pytest.raises(ValidationFailed, match="发言人次"):
        make_activity(world, participant_count=2, speakers=30, start_date=date(2026, 9, 1),
                      end_date=date(2026, 9, 1))


def test_an_inspector_cannot_record_activities(world):
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=world.inspector, campaign=world.campaign(), unit=world.unit("K1"),
                                 type="seminar", title="研讨", start_date=date(2026, 9, 1))


def test_reading_list_is_kept_by_the_campaign_office(world):
    item = services.reading_item_add(actor=world.province_office, campaign=world.campaign(), title="党章",
                                     kind="required")
    activity = make_activity(world, materials=[item])
    assert list(activity.materials.all()) == [item]
    with pytest.raises(PermissionDenied):
        services.reading_item_add(actor=world.county_office, campaign=world.campaign(), title="选读")


def test_a_version_conflict_refuses_the_second_edit(world):
    from taizhang.core.exceptions import Conflict

    activity = make_activity(world)
    services.activity_update(actor=world.village_clerk, activity=activity, expected_version=1, title="新主题")
    stale = StudyActivity.objects.get(pk=activity.pk)
    with pytest.raises(Conflict):
        services.activity_update(actor=world.village_clerk, activity=stale, expected_version=1, title="另一主题")
