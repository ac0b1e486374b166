"""All writes of 督办单: issuing (with its race-safe number) and the one transition service.

    已发出 ──sign──▶ 已签收 ──reply──▶ 已反馈 ──close──▶ 已办结
                      ▲                   │
                      └──send_back (理由)──┘

sign and reply are the target unit's (CHANGE on the target); close and send_back are the issuer's
(SUPERVISE on the target, and the issuer unit in the actor's scope or the actor issued the slip).
Every step writes a StatusChange and an AuditEvent in one transaction and notifies the other side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from taizhang.audit.services import audit_record, status_change_record
from taizhang.audit.versioning import conflict_message, save_versioned
from taizhang.core.exceptions import Conflict, NotFound, PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.core.validation import full_clean_or_raise
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, user_assignments
from taizhang.supervision.models import (
    SlipAttachment,
    SlipKind,
    SlipLink,
    SlipOrigin,
    SlipSequence,
    SlipStatus,
    SupervisionSlip,
)

S = SlipStatus
KIND_TITLES = {k: f"督办{k.label}" if k != SlipKind.NOTICE else "督办通知单" for k in SlipKind}


# --- notifications ----------------------------------------------------------------------------------

def send_notice(*, recipients: Iterable, title: str, body: str = "", link: str = "", kind: str = "",
                obj=None, dedupe_key: str | None = None, actor=None) -> int:
    """The one place this app tells people something (inbox, robots, e-mail through notifications.notify).
    Runs in the caller's transaction. Returns the number of inbox rows created."""
    from taizhang.notifications.services import notify

    return len(notify(recipients=list(recipients), title=title, body=body, link=link, kind=kind, obj=obj,
                      dedupe_key=dedupe_key, actor=actor))


def unit_handlers(unit, roles: tuple[str, ...] = (P.CLERK, P.OFFICE)) -> list:
    """The accounts that answer for `unit`: holders of `roles` assigned on the unit itself; when it has
    none, the offices of the nearest ancestor that has one (a village without accounts is run by its
    township)."""
    from taizhang.orgs.models import RoleAssignment, Unit

    users = [a.user for a in RoleAssignment.objects.filter(unit=unit, role__in=roles, user__is_active=True)
             .select_related("user", "user__unit")]
    if users:
        return users
    for ancestor in reversed(list(Unit.objects.filter(path__in=[unit.path[:i] for i in range(
            unit.steplen, len(unit.path), unit.steplen)]).order_by("depth"))):
        users = [a.user for a in RoleAssignment.objects.filter(
            unit=ancestor, role=P.OFFICE, include_subunits=True, user__is_active=True).select_related("user", "user__unit")]
        if users:
            return users
    return []


def issuer_handlers(slip: SupervisionSlip) -> list:
    if slip.issued_by_id and slip.issued_by.is_active:
        return [slip.issued_by]
    return unit_handlers(slip.issuer_unit, roles=(P.OFFICE, P.INSPECTOR))


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def slip_link(slip: SupervisionSlip) -> str:
    return reverse("supervision:slip_detail", kwargs={"pk": slip.pk})


# --- numbering ---------------------------------------------------------------------------------------

def next_number(unit, year: int) -> int:
    """The next 督字 sequence number of `unit` in `year`: a conditional UPDATE … SET last = last + 1, so
    concurrent issuers are serialised by the row lock the UPDATE takes; the first slip of a year creates
    the row (a racing creator hits the unique constraint and retries the update)."""
    for _attempt in range(3):
        with transaction.atomic():
            if SlipSequence.objects.filter(unit=unit, year=year).update(last=F("last") + 1):
                return SlipSequence.objects.filter(unit=unit, year=year).values_list("last", flat=True).get()
            try:
                with transaction.atomic():
                    SlipSequence.objects.create(unit=unit, year=year, last=1)
                    return 1
            except IntegrityError:
                continue
    raise Conflict("督办单编号分配冲突，请重试")


def format_number(year: int, seq: int) -> str:
    return f"督字〔{year}〕{seq}号"


def issuer_unit_for(actor, target_unit):
    """The unit an actor issues from: the highest of its SUPERVISE assignments that covers the target."""
    from taizhang.orgs.permissions import roles_granting

    roles = roles_granting(P.SUPERVISE)
    covering = [a.unit for a in user_assignments(actor) if a.role in roles and (
        a.unit_id == target_unit.pk or (a.include_subunits and target_unit.path.startswith(a.unit.path)))]
    if not covering:
        return None
    return min(covering, key=lambda u: (u.depth, u.path))


# --- issue -------------------------------------------------------------------------------------------

@transaction.atomic
def slip_issue(*, actor, kind: str, target_unit, content: str, title: str = "", campaign=None,
               problems: Iterable = (), reply_deadline: date | None = None, links: Iterable[dict] = (),
               issuer_unit=None, origin: str = SlipOrigin.MANUAL, at=None,
               notice_key: str | None = None) -> SupervisionSlip:
    """Issue a 督办单 to `target_unit` about `problems` (each must be owned inside the target's subtree).

    `actor=None` is the system (the reminder rules), which must name `issuer_unit`. The target's handlers
    are notified."""
    if kind not in SlipKind.values:
        raise ValidationFailed(f"督办单类型「{kind}」无效，可选：{'、'.join(SlipKind.values)}", field="kind")
    if actor is not None:
        if not has_action(actor, P.SUPERVISE, target_unit):
            raise PermissionDenied(f"您没有权限向「{target_unit.name}」签发督办单")
        issuer_unit = issuer_unit or issuer_unit_for(actor, target_unit)
    if issuer_unit is None:
        raise ValidationFailed("未指定签发单位", field="issuer_unit")
    problems = list(problems)
    for p in problems:
        if not (p.unit_id == target_unit.pk or p.unit.path.startswith(target_unit.path)):
            raise ValidationFailed(f"问题「{p.number}」不属于接收单位「{target_unit.name}」", field="problems")
        if campaign is None:
            campaign = p.campaign
        elif p.campaign_id != campaign.pk:
            raise ValidationFailed(f"问题「{p.number}」不属于专项工作「{campaign.name}」", field="problems")
    content = (content or "").strip()
    if not content:
        raise ValidationFailed("请填写督办内容", field="content")
    now = at or timezone.now()
    year = timezone.localtime(now).year
    seq = next_number(issuer_unit, year)
    slip = SupervisionSlip(
        campaign=campaign, kind=kind, issuer_unit=issuer_unit,
        issued_by=actor if getattr(actor, "pk", None) else None, target_unit=target_unit, year=year, seq=seq,
        number=format_number(year, seq), title=(title or "").strip() or f"关于{target_unit.name}的{SlipKind(kind).label}",
        content=content, reply_deadline=reply_deadline, origin=origin, issued_at=now)
    full_clean_or_raise(slip)
    slip.save()
    if problems:
        slip.problems.set(problems)
    SlipLink.objects.bulk_create([SlipLink(slip=slip, object_type=str(link["object_type"])[:100],
                                           object_id=str(link["object_id"])[:64], label=str(link.get("label", ""))[:200])
                                  for link in links])
    status_change_record(obj=slip, action="issue", old="", new=S.SENT, actor=actor, at=now)
    audit_record(actor=actor, action="supervisionslip.issue", obj=slip, unit=target_unit, changes={
        "number": slip.number, "kind": kind, "target_unit": target_unit.code, "issuer_unit": issuer_unit.code,
        "problems": [p.number for p in problems], "reply_deadline": reply_deadline})
    deadline = f"，请于{cn_day(reply_deadline)}前反馈" if reply_deadline else ""
    send_notice(recipients=unit_handlers(target_unit), title=f"收到{slip.get_kind_display()}：{slip.number}",
                body=f"{issuer_unit.name}签发{slip.get_kind_display()}「{slip.title}」{deadline}。",
                link=slip_link(slip), kind=f"slip.{kind}", obj=slip,
                dedupe_key=notice_key or f"slip:{slip.pk}:issue", actor=actor)
    return slip


# --- transitions -------------------------------------------------------------------------------------

def _is_issuer_side(actor, slip: SupervisionSlip) -> bool:
    if actor is None:
        return True
    if not has_action(actor, P.SUPERVISE, slip.target_unit):
        return False
    return slip.issued_by_id == actor.pk or has_action(actor, P.SUPERVISE, slip.issuer_unit)


def _is_target_side(actor, slip: SupervisionSlip) -> bool:
    return actor is None or has_action(actor, P.CHANGE, slip.target_unit)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    may: Callable[[object, SupervisionSlip], bool]
    side: str  # whose step it is: "target" or "issuer" (the other side is notified)
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("sign", "签收", frozenset({S.SENT}), S.SIGNED, _is_target_side, "target"),
    Transition("reply", "反馈", frozenset({S.SIGNED}), S.REPLIED, _is_target_side, "target"),
    Transition("close", "办结", frozenset({S.REPLIED}), S.CLOSED, _is_issuer_side, "issuer"),
    Transition("send_back", "退回", frozenset({S.REPLIED}), S.SIGNED, _is_issuer_side, "issuer",
               reason_required=True),
]}
ACTION_ALIASES = {"send-back": "send_back", "return": "send_back"}


def allowed_actions(slip: SupervisionSlip, actor) -> list[Transition]:
    """Transitions the actor may attempt now (state and side; reply text and reasons are checked on submit)."""
    return [t for t in TRANSITIONS.values() if slip.status in t.sources and t.may(actor, slip)]


def slip_transition(*, actor, slip: SupervisionSlip, action: str, reason: str = "", reply: str = "",
                    files: Iterable = (), expected_version: int | None = None, at=None) -> SupervisionSlip:
    """Perform one step of a slip's lifecycle: lock, check, save, StatusChange + AuditEvent, notify the
    other side — one transaction. The only code that assigns `SupervisionSlip.status` after issue."""
    from taizhang.ledger.evidence import validate_and_store
    from taizhang.supervision.selectors import slips_visible

    action = ACTION_ALIASES.get((action or "").strip(), (action or "").strip())
    t = TRANSITIONS.get(action)
    if t is None:
        raise TransitionRefused(f"未知操作「{action}」，可选：{'、'.join(TRANSITIONS)}")
    reason, reply = (reason or "").strip(), (reply or "").strip()
    if t.reason_required and not reason:
        raise TransitionRefused(f"{t.label}须填写理由", field="reason")
    if action == "reply" and not reply:
        raise TransitionRefused("请填写反馈内容", field="reply")
    stored = [validate_and_store(f) for f in files] if action == "reply" else []
    with transaction.atomic():
        visible = actor is None or slips_visible(actor).filter(pk=slip.pk).exists()
        locked = SupervisionSlip.objects.select_for_update().filter(pk=slip.pk).first()
        if locked is None or not visible:
            raise NotFound("督办单不存在或不在您的权限范围内")
        slip = SupervisionSlip.objects.select_related("issuer_unit", "target_unit", "issued_by").get(pk=locked.pk)
        if not t.may(actor, slip):
            raise PermissionDenied(f"您没有对该督办单执行「{t.label}」的权限")
        if slip.status not in t.sources:
            raise TransitionRefused(f"督办单当前状态为「{slip.get_status_display()}」，不能{t.label}")
        if expected_version is not None and expected_version != slip.version:
            raise Conflict(conflict_message(slip))
        now = at or timezone.now()
        who = actor if getattr(actor, "pk", None) else None
        fields = ["status"]
        if action == "sign":
            slip.signed_at, slip.signed_by = now, who
            fields += ["signed_at", "signed_by"]
        elif action == "reply":
            slip.reply, slip.replied_at, slip.replied_by = reply, now, who
            fields += ["reply", "replied_at", "replied_by"]
            SlipAttachment.objects.bulk_create([SlipAttachment(slip=slip, uploaded_by=who, **f) for f in stored])
        elif action == "close":
            slip.closed_at, slip.closed_by = now, who
            fields += ["closed_at", "closed_by"]
        elif action == "send_back":
            slip.return_reason = reason
            fields.append("return_reason")
        old = slip.status
        slip.status = t.target
        save_versioned(slip, expected_version=None, fields=fields)
        status_change_record(obj=slip, action=action, old=old, new=t.target, actor=actor, reason=reason, at=now)
        audit_record(actor=actor, action=f"supervisionslip.{action}", obj=slip, unit=slip.target_unit,
                     changes={"status": [old, t.target], **({"reason": reason} if reason else {}),
                              **({"reply": reply} if reply else {})})
        other = issuer_handlers(slip) if t.side == "target" else unit_handlers(slip.target_unit)
        side_name = slip.target_unit.name if t.side == "target" else slip.issuer_unit.name
        body = f"{side_name}已{t.label}{slip.get_kind_display()}「{slip.title}」。"
        if reason:
            body += f"理由：{reason}"
        seq = slip.version
        send_notice(recipients=other, title=f"督办单{slip.number}已{t.label}", body=body, link=slip_link(slip),
                    kind=f"slip.{action}", obj=slip, dedupe_key=f"slip:{slip.pk}:{action}:{seq}", actor=actor)
    return slip


# --- 约谈建议 ----------------------------------------------------------------------------------------

@transaction.atomic
def suggestion_resolve(*, actor, suggestion, slip: SupervisionSlip | None = None, reason: str = ""):
    """Close an open 约谈建议: issued (with the 约谈单 that answers it) or dismissed (reason required)."""
    from taizhang.supervision.models import InterviewSuggestion, SuggestionStatus

    suggestion = InterviewSuggestion.objects.select_for_update().select_related("unit").get(pk=suggestion.pk)
    if actor is not None and not has_action(actor, P.SUPERVISE, suggestion.unit):
        raise NotFound("约谈建议不存在或不在您的权限范围内")
    if suggestion.status != SuggestionStatus.OPEN:
        raise TransitionRefused(f"该约谈建议已{suggestion.get_status_display()}")
    if slip is None and not (reason or "").strip():
        raise TransitionRefused("不予约谈须填写理由", field="reason")
    old = suggestion.status
    suggestion.status = SuggestionStatus.ISSUED if slip is not None else SuggestionStatus.DISMISSED
    suggestion.slip = slip
    suggestion.save(update_fields=["status", "slip"])
    status_change_record(obj=suggestion, action="issue" if slip else "dismiss", old=old, new=suggestion.status,
                         actor=actor, reason=reason)
    audit_record(actor=actor, action=f"interviewsuggestion.{'issue' if slip else 'dismiss'}", obj=suggestion,
                 unit=suggestion.unit, changes={"status": [old, suggestion.status],
                                                **({"slip": slip.number} if slip else {"reason": reason})})
    return suggestion
