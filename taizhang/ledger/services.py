"""Writes of the ledger. Every web view, API route, command and importer calls these.

Status is never assigned here: lifecycle.problem_transition owns it.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from taizhang.audit.services import assign_fields, audit_record, record_create, record_update
from taizhang.campaigns.models import Campaign
from taizhang.core.exceptions import NotFound, PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.core.validation import full_clean_or_raise
from taizhang.ledger.evidence import validate_and_store
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Attachment,
    LookBack,
    LookBackVerdict,
    Measure,
    MeasureStatus,
    Problem,
    ProblemStatus,
    ProgressReport,
    RectificationKind,
)
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

ASSIGNED, RESPONSIBLE = "problem.assigned", "problem.responsible"


def emit(code: str, **kwargs) -> None:
    """Tell the people a problem's event concerns once the transaction commits (notifications.events)."""
    from taizhang.notifications.events import emit as emit_event

    emit_event(code, **kwargs)


PROBLEM_FIELDS = ["title", "description", "category", "source", "level", "leader", "leader_name", "lead_unit",
                  "responsible", "responsible_name", "kind", "target", "deadline", "review_cadence_months", "extra",
                  "unit"]
EDITABLE_FIELDS = [f for f in PROBLEM_FIELDS]


def _require(actor, action: str, unit, what: str) -> None:
    if actor is None:
        return
    if not has_action(actor, P.VIEW, unit) and not has_action(actor, action, unit):
        raise NotFound("记录不存在或不在您的权限范围内")
    if not has_action(actor, action, unit):
        raise PermissionDenied(f"您没有{what}的权限")


def _check_codes(campaign: Campaign, category: str, source: str) -> None:
    if category and category not in dict(campaign.code_choices("problem_category")):
        raise ValidationFailed(f"问题类别「{category}」不在本专项工作的代码表中", field="category")
    if source and source not in dict(campaign.code_choices("problem_source")):
        raise ValidationFailed(f"问题来源「{source}」不在本专项工作的代码表中", field="source")


def _check_deadline(problem: Problem) -> None:
    if problem.kind == RectificationKind.LONG_TERM:
        return
    if problem.deadline and problem.deadline < problem.campaign.start_date:
        raise ValidationFailed(f"整改时限 {problem.deadline:%Y-%m-%d} 早于专项工作开始日期", field="deadline")


def next_number(campaign: Campaign) -> tuple[int, str]:
    """The next readable number in the campaign (ZG-0001 …). Call with the campaign row locked."""
    seq = (Problem.objects.filter(campaign=campaign).aggregate(m=Max("seq"))["m"] or 0) + 1
    return seq, format_number(campaign, seq)


def format_number(campaign: Campaign, seq: int) -> str:
    return f"{campaign.number_prefix or 'ZG'}-{seq:04d}"


@transaction.atomic
def problem_create(*, actor, campaign: Campaign, unit, title: str, co_units=(), origin_kind: str = "",
                   origin_ref: str = "", **fields) -> Problem:
    """Record a problem in `unit`'s ledger (status 待认领); `origin_kind`/`origin_ref` name the record it comes from
    (an import batch, say)."""
    _require(actor, P.CREATE, unit, "在该单位录入问题")
    if not unit.path.startswith(campaign.root_unit.path):
        raise ValidationFailed(f"「{unit.name}」不在专项工作「{campaign.name}」的参加范围内", field="unit")
    unknown = set(fields) - set(PROBLEM_FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}")
    # Lock the campaign row: numbers are handed out one at a time.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    seq, number = next_number(campaign)
    problem = Problem(campaign=campaign, unit=unit, seq=seq, number=number, title=(title or "").strip(),
                      created_by=actor if getattr(actor, "pk", None) else None, origin_kind=origin_kind,
                      origin_ref=origin_ref, **fields)
    _check_codes(campaign, problem.category, problem.source)
    _check_deadline(problem)
    record_create(actor=actor, obj=problem, tracked=PROBLEM_FIELDS, action="problem.create", exclude=["co_units"])
    if co_units:
        problem.co_units.set(co_units)
    emit(ASSIGNED, obj=problem, actor=actor, occasion="create")
    return problem


@transaction.atomic
def problem_update(*, actor, problem: Problem, expected_version: int | None, co_units=None, **fields) -> Problem:
    """Edit a problem's facts. A stale `expected_version` raises Conflict (该记录已被 XXX 于 HH:MM 修改)."""
    _require(actor, P.CHANGE, problem.unit, "修改该问题")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改字段：{'、'.join(sorted(unknown))}")
    if problem.status in FINISHED_STATUSES:
        raise ValidationFailed(f"问题已{problem.get_status_display()}，不能修改")
    if "unit" in fields and fields["unit"] != problem.unit:
        _require(actor, P.CHANGE, fields["unit"], "把问题移交到该单位")
    old_unit, old_responsible = problem.unit_id, problem.responsible_id
    before = assign_fields(problem, fields, allowed=EDITABLE_FIELDS, tracked=PROBLEM_FIELDS)
    _check_codes(problem.campaign, problem.category, problem.source)
    _check_deadline(problem)
    full_clean_or_raise(problem, exclude=["co_units", "campaign", "number", "seq"])
    record_update(actor=actor, obj=problem, before=before, tracked=PROBLEM_FIELDS, expected_version=expected_version,
                  fields=fields, action="problem.update")
    if co_units is not None:
        problem.co_units.set(co_units)
    if problem.unit_id != old_unit:
        emit(ASSIGNED, obj=problem, actor=actor, occasion=f"unit:{problem.unit_id}:v{problem.version}")
    elif problem.responsible_id and problem.responsible_id != old_responsible:
        emit(RESPONSIBLE, obj=problem, actor=actor,
             occasion=f"responsible:{problem.responsible_id}:v{problem.version}")
    return problem


@transaction.atomic
def measure_add(*, actor, problem: Problem, text: str, deadline: date | None = None,
                responsible_name: str = "") -> Measure:
    _require(actor, P.CHANGE, problem.unit, "为该问题添加整改措施")
    if not (text or "").strip():
        raise ValidationFailed("请填写措施内容", field="text")
    order = problem.measures.count()
    measure = Measure(problem=problem, text=text.strip(), deadline=deadline, responsible_name=responsible_name,
                      sort_order=order)
    full_clean_or_raise(measure)
    measure.save()
    audit_record(actor=actor, action="measure.create", obj=measure, unit=problem.unit,
                 changes={"problem": problem.number, "text": measure.text})
    return measure


@transaction.atomic
def measure_set_status(*, actor, measure: Measure, status: str) -> Measure:
    _require(actor, P.CHANGE, measure.problem.unit, "修改整改措施")
    if status not in MeasureStatus.values:
        raise ValidationFailed(f"措施状态「{status}」无效", field="status")
    old = measure.status
    measure.status = status
    measure.completed_at = timezone.now() if status == MeasureStatus.DONE else None
    measure.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(actor=actor, action="measure.status", obj=measure, unit=measure.problem.unit,
                 changes={"status": [old, status]})
    return measure


def _attach(actor, problem, files, **owner) -> list[Attachment]:
    rows = [Attachment(problem=problem, uploaded_by=actor if getattr(actor, "pk", None) else None,
                       **owner, **validate_and_store(f)) for f in files]
    for row in rows:
        row.save()
    return rows


@transaction.atomic
def progress_add(*, actor, problem: Problem, text: str, percent: int = 0, on: date | None = None,
                 files=()) -> ProgressReport:
    """填报进展 (with optional evidence files) on a problem being rectified."""
    _require(actor, P.CHANGE, problem.unit, "填报该问题的进展")
    if problem.status not in (ProblemStatus.IN_PROGRESS, ProblemStatus.REVIEW):
        raise TransitionRefused(f"问题当前状态为「{problem.get_status_display()}」，不能填报进展（请先认领）")
    if not (text or "").strip():
        raise ValidationFailed("请填写进展情况", field="text")
    if not 0 <= int(percent) <= 100:
        raise ValidationFailed("完成比例应在 0 到 100 之间", field="percent")
    report = ProgressReport(problem=problem, text=text.strip(), percent=int(percent), date=on or timezone.localdate(),
                            author=actor if getattr(actor, "pk", None) else None)
    report.save()
    attachments = _attach(actor, problem, files, progress=report)
    audit_record(actor=actor, action="progress.create", obj=report, unit=problem.unit,
                 changes={"problem": problem.number, "percent": report.percent,
                          "files": [a.original_name for a in attachments]})
    return report


@transaction.atomic
def attachment_add(*, actor, problem: Problem, files, progress: ProgressReport | None = None) -> list[Attachment]:
    _require(actor, P.CHANGE, problem.unit, "上传该问题的佐证材料")
    if progress is not None and progress.problem_id != problem.pk:
        raise NotFound("进展记录不存在")
    rows = _attach(actor, problem, files, progress=progress)
    for row in rows:
        audit_record(actor=actor, action="attachment.create", obj=row, unit=problem.unit,
                     changes={"problem": problem.number, "name": row.original_name, "sha256": row.sha256})
    return rows


@transaction.atomic
def lookback_record(*, actor, problem: Problem, verdict: str, comment: str = "", on: date | None = None,
                    solved: bool = True, changed: bool = True, improved: bool = True, felt: bool = True) -> LookBack:
    """回头看 of a closed problem; 反弹 reopens it (through the lifecycle) with the comment as the reason."""
    _require(actor, P.REVIEW, problem.unit, "对该问题开展回头看")
    if problem.status != ProblemStatus.CLOSED:
        raise TransitionRefused("只有已销号的问题才能回头看")
    if verdict not in LookBackVerdict.values:
        raise ValidationFailed("请选择回头看结论（巩固或反弹）", field="verdict")
    comment = (comment or "").strip()
    if verdict == LookBackVerdict.REBOUND and not comment:
        raise ValidationFailed("结论为反弹时须填写意见", field="comment")
    lb = LookBack.objects.create(problem=problem, date=on or timezone.localdate(),
                                 reviewer=actor if getattr(actor, "pk", None) else None, solved=solved,
                                 changed=changed, improved=improved, felt=felt, verdict=verdict, comment=comment)
    audit_record(actor=actor, action="lookback.create", obj=lb, unit=problem.unit,
                 changes={"problem": problem.number, "verdict": verdict})
    if verdict == LookBackVerdict.REBOUND:
        problem_transition(actor=actor, problem=problem, action="reopen", reason=f"回头看发现反弹：{comment}")
    return lb


# --- carry-over ------------------------------------------------------------------------------------

COPY_FIELDS = ["unit_id", "title", "description", "category", "source", "level", "leader_id", "leader_name",
               "lead_unit_id", "responsible_id", "responsible_name", "kind", "target", "deadline",
               "review_cadence_months", "extra"]


@transaction.atomic
def campaign_carry_over(*, actor, source: Campaign, target: Campaign) -> dict:
    """承接: copy the unfinished problems of `source` into `target`, each linked to its origin.

    Idempotent — a problem already carried over into `target` is skipped. Copies start at 待认领 with their
    facts; measures are copied (unfinished ones) so the ledger keeps the plan.
    """
    if source.pk == target.pk:
        raise ValidationFailed("承接的源批次与目标批次不能相同")
    if actor is not None and not has_action(actor, P.REVIEW, target.root_unit):
        raise PermissionDenied("只有目标专项工作参加单位的主题教育办公室可以承接问题")
    target = Campaign.objects.select_for_update().get(pk=target.pk)
    done = set(Problem.objects.filter(campaign=target, carried_over_from__isnull=False)
               .values_list("carried_over_from_id", flat=True))
    origins = list(Problem.objects.filter(campaign=source, status__in=OPEN_STATUSES)
                   .exclude(pk__in=done).order_by("seq"))
    origins = [p for p in origins if p.unit.path.startswith(target.root_unit.path)] if origins else []
    seq = (Problem.objects.filter(campaign=target).aggregate(m=Max("seq"))["m"] or 0)
    copies = []
    for origin in origins:
        seq += 1
        copy = Problem(campaign=target, seq=seq, number=format_number(target, seq), carried_over_from=origin,
                       origin_kind="carry_over", origin_ref=f"{source.slug}:{origin.number}",
                       created_by=actor if getattr(actor, "pk", None) else None,
                       **{f: getattr(origin, f) for f in COPY_FIELDS})
        copy.extra = {**(origin.extra or {}), "承接自": f"{source.name} {origin.number}"}
        copies.append(copy)
    Problem.objects.bulk_create(copies, batch_size=1000)
    from taizhang.stats.cells import mark_units

    mark_units(target.pk, {c.unit_id for c in copies})
    by_origin = dict(Problem.objects.filter(campaign=target, carried_over_from__in=[o.pk for o in origins])
                     .values_list("carried_over_from_id", "pk"))
    measures = [Measure(problem_id=by_origin[m.problem_id], text=m.text, deadline=m.deadline,
                        responsible_name=m.responsible_name, sort_order=m.sort_order)
                for m in Measure.objects.filter(problem__in=origins).exclude(status=MeasureStatus.DONE)]
    Measure.objects.bulk_create(measures, batch_size=2000)
    result = {"from": source.slug, "to": target.slug, "copied": len(copies),
              "skipped_already_carried": len(done), "numbers": [c.number for c in copies][:1000]}
    audit_record(actor=actor, action="campaign.carry_over", obj=target, unit=target.root_unit,
                 changes={k: v for k, v in result.items() if k != "numbers"})
    return result


# --- workday calendar -------------------------------------------------------------------------------

@transaction.atomic
def calendar_day_save(*, actor, day: date, is_workday: bool, name: str = ""):
    from taizhang.ledger import workdays
    from taizhang.ledger.models import CalendarDay

    if actor is not None and not any(a.role == P.SYSADMIN for a in _assignments(actor)):
        raise PermissionDenied("只有系统管理员可以维护工作日历")
    row, created = CalendarDay.objects.update_or_create(date=day, defaults={"is_workday": is_workday,
                                                                           "name": name[:40]})
    audit_record(actor=actor, action="calendar.save", obj=row, object_repr=str(day),
                 changes={"date": day, "is_workday": is_workday, "name": name})
    # Now for the rest of this transaction, and again at commit for any process that read the rows in between.
    workdays.changed()
    transaction.on_commit(workdays.changed)
    return row


@transaction.atomic
def calendar_day_delete(*, actor, day: date) -> None:
    from taizhang.ledger import workdays
    from taizhang.ledger.models import CalendarDay

    if actor is not None and not any(a.role == P.SYSADMIN for a in _assignments(actor)):
        raise PermissionDenied("只有系统管理员可以维护工作日历")
    CalendarDay.objects.filter(date=day).delete()
    audit_record(actor=actor, action="calendar.delete", object_repr=str(day), changes={"date": day})
    # Now for the rest of this transaction, and again at commit for any process that read the rows in between.
    workdays.changed()
    transaction.on_commit(workdays.changed)


def _assignments(user):
    from taizhang.orgs.scope import user_assignments

    return user_assignments(user)


def resolve_person(text: str, *, within=None, field: str | None = None):
    """(account, "") when `text` is an active account's username — or, with `within` (the user filling in the
    form), the name of exactly one account in their scope — else (None, text): a name kept as typed. A name that
    several accounts in the scope carry is refused (ValidationFailed under `field`): pick one from the list."""
    from taizhang.orgs.models import User
    from taizhang.orgs.selectors import person_named

    text = (text or "").strip()
    if not text:
        return None, ""
    user = User.objects.filter(username=text, is_active=True).first()
    if user is None and within is not None:
        user = person_named(within, text, field=field)
    return (user, "") if user else (None, text)
