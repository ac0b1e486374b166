"""All writes of the study workstream: activities and the campaign's reading list."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from taizhang.audit.services import assign_fields, audit_record, record_update, snapshot
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.core.uploads import check_upload
from taizhang.core.validation import full_clean_or_raise
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, require_action
from taizhang.study.models import ReadingItem, StudyActivity

ACTIVITY_FIELDS = ["type", "title", "start_date", "end_date", "days", "host", "participant_count", "attendance",
                   "speakers", "outputs", "summary"]


def _derive(activity: StudyActivity, linked: int, attendance_given: bool) -> None:
    """Days default to the date range; participants to the linked members; 人次 to participants × days."""
    if activity.end_date < activity.start_date:
        raise ValidationFailed(f"结束日期 {activity.end_date:%Y-%m-%d} 早于开始日期 {activity.start_date:%Y-%m-%d}",
                               field="end_date")
    span = (activity.end_date - activity.start_date).days + 1
    if not activity.days:
        activity.days = span
    if activity.days > span:
        raise ValidationFailed(f"天数 {activity.days} 超过起止日期之间的 {span} 天", field="days")
    activity.participant_count = max(activity.participant_count or 0, linked)
    if not attendance_given:
        activity.attendance = activity.participant_count * activity.days
    if activity.speakers > activity.attendance and activity.attendance:
        raise ValidationFailed(f"发言人次 {activity.speakers} 超过参加人次 {activity.attendance}", field="speakers")


def _check_materials(campaign, materials) -> None:
    for item in materials:
        if item.campaign_id != campaign.pk:
            raise ValidationFailed(f"书目「{item.title}」不属于本专项工作", field="materials")


@transaction.atomic
def activity_create(*, actor, campaign, unit, type: str, title: str, start_date: date, end_date: date | None = None,
                    days: int = 0, host: str = "", participant_count: int = 0, participants=(),
                    attendance: int | None = None, speakers: int = 0, outputs: int = 0, summary: str = "",
                    materials=(), upload=None) -> StudyActivity:
    if actor is not None and not has_action(actor, P.CREATE, unit):
        raise PermissionDenied("您没有权限在该单位登记学习活动")
    participants = list(participants)
    activity = StudyActivity(campaign=campaign, unit=unit, type=type, title=(title or "").strip(),
                             start_date=start_date, end_date=end_date or start_date, days=days or 0, host=host,
                             participant_count=participant_count or 0, attendance=attendance or 0,
                             speakers=speakers or 0, outputs=outputs or 0, summary=summary,
                             created_by=actor if getattr(actor, "pk", None) else None)
    _derive(activity, len(participants), attendance_given=bool(attendance))
    _check_materials(campaign, materials)
    if upload is not None:
        check_upload(upload, field="attachment")
        activity.attachment.save(upload.name, upload, save=False)
    full_clean_or_raise(activity)
    activity.save()
    if participants:
        activity.participants.set(participants)
    if materials:
        activity.materials.set(materials)
    audit_record(actor=actor, action="studyactivity.create", obj=activity,
                 changes={**snapshot(activity, ACTIVITY_FIELDS), "participants": [u.pk for u in participants]})
    return activity


@transaction.atomic
def activity_update(*, actor, activity: StudyActivity, expected_version: int | None, participants=None,
                    materials=None, **fields) -> StudyActivity:
    require_action(actor, activity.unit, P.CHANGE, message="您没有权限修改该学习活动")
    before = assign_fields(activity, {name: value if value is not None else 0 for name, value in fields.items()},
                           allowed=ACTIVITY_FIELDS)
    linked = len(participants) if participants is not None else activity.participants.count()
    _derive(activity, linked, attendance_given=bool(fields.get("attendance")))
    full_clean_or_raise(activity)
    record_update(actor=actor, obj=activity, before=before, tracked=ACTIVITY_FIELDS,
                  expected_version=expected_version, fields=ACTIVITY_FIELDS, action="studyactivity.update")
    if participants is not None:
        activity.participants.set(participants)
    if materials is not None:
        _check_materials(activity.campaign, materials)
        activity.materials.set(materials)
    return activity


@transaction.atomic
def reading_item_add(*, actor, campaign, title: str, kind: str = "required") -> ReadingItem:
    """Add a title to the campaign's reading list (office over the campaign's root unit)."""
    if actor is not None and not has_action(actor, P.CONFIGURE, campaign.root_unit):
        raise PermissionDenied("只有本级主题教育办公室可以维护学习书目")
    title = (title or "").strip()
    if ReadingItem.objects.filter(campaign=campaign, title=title).exists():
        raise ValidationFailed(f"书目「{title}」已在学习书目中", field="title")
    item = ReadingItem(campaign=campaign, title=title, kind=kind,
                       sort_order=ReadingItem.objects.filter(campaign=campaign).count())
    full_clean_or_raise(item)
    item.save()
    audit_record(actor=actor, action="readingitem.add", obj=item, unit=campaign.root_unit,
                 changes={"title": title, "kind": kind})
    return item
