"""Permission-matrix entries for the study routes."""

from taizhang.study.tests.factories import make_activity
from taizhang.testing import Route, row_exists, with_file

VIEWERS = ("county_office", "county_leader", "inspector", "village_clerk", "township_office")
OUTSIDERS = ("outsider", "outsider_office")

MATRIX = [
    Route("study:activity_list", allowed=VIEWERS, denied=("sysadmin", "member")),
    Route("study:activity_create", allowed=("county_office", "village_clerk"),
          denied=("inspector", "county_leader", "member", "sysadmin")),
    Route("study:activity_create", method="post",
          data=lambda w: {"unit_code": "V1", "type": "seminar", "title": "专题研讨", "start_date": "2026-10-01"},
          allowed=("village_clerk", "county_office"), denied=("inspector", "member"), audit="studyactivity.create",
          effect=row_exists("study.StudyActivity", unit__code="V1", title="专题研讨")),
    Route("study:activity_detail", kwargs=lambda w: {"pk": make_activity(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("member",)),
    Route("study:activity_file", kwargs=lambda w: {"pk": with_file(make_activity(w), "attachment").pk},
          allowed=VIEWERS, denied=OUTSIDERS + ("member",)),
    Route("study:activity_edit", kwargs=lambda w: {"pk": make_activity(w).pk},
          allowed=("village_clerk", "county_office"), denied=OUTSIDERS + ("inspector", "county_clerk")),
    Route("study:reading_list", allowed=VIEWERS + ("member",), denied=("sysadmin", "auditor")),
    Route("study:reading_list", method="post", data=lambda w: {"title": "党章", "kind": "required"},
          allowed=("province_office",), denied=("county_office", "member"), audit="readingitem.add",
          effect=row_exists("study.ReadingItem", title="党章")),
    Route("study:my_record", allowed=("member",), denied=("county_office", "village_clerk", "sysadmin")),
    Route("api:activity_list", allowed=VIEWERS),
    Route("api:activity_detail", kwargs=lambda w: {"activity_id": make_activity(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("member",)),
    Route("api:my_record", allowed=("member",), denied=("county_office", "sysadmin")),
]
