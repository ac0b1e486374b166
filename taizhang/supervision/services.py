"""All writes of 督办单: issuing (with its race-safe number) and the one transition service.

    已发出 ──sign──▶ 已签收 ──reply──▶ 已反馈 ──close──▶ 已办结
                      ▲                   │
                      └──send_back (理由)──┘

sign and reply are the target unit's (CHANGE on the target); close and send_back are the issuer's
(SUPERVISE on the target, and the issuer unit in the actor's scope or the actor issued the slip).
Every step is applied by the lifecycle engine (taizhang.workflow) and notifies the other side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from taizhang.audit.services import audit_record, status_change_record
from taizhang.core.exceptions import Conflict, PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.core.text import quoted
from taizhang.core.validation import full_clean_or_raise
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, user_assignments
from taizhang.supervision.models import (
    InterviewSuggestion,
    SlipAttachment,
    SlipKind,
    SlipLink,
    SlipOrigin,
    SlipSequence,
    SlipStatus,
    SuggestionStatus,
    SupervisionSlip,
)
from taizhang.workflow import Lifecycle, Step, Transition, holds, transition_apply

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


def format_number(year: int, seq: int, prefix: str = "督字") -> str:
    return f"{prefix}〔{year}〕{seq}号"


def _default_base(unit) -> str:
    return (unit.short_name or unit.name).strip()


def slip_prefix(unit) -> str:
    """The prefix of `unit`'s 督办单 numbers: the one its office set, else its short name (or name) + 督字, with the
    unit code added where another unit bears the same name — so no two units' numbers read the same."""
    from taizhang.orgs.models import Unit
    from taizhang.supervision.models import SlipPrefix

    own = SlipPrefix.objects.filter(unit=unit).values_list("prefix", flat=True).first()
    if own:
        return own
    base = _default_base(unit)
    namesakes = Unit.objects.exclude(pk=unit.pk).filter(Q(short_name=base) | Q(short_name="", name=base))
    if namesakes.exists() or SlipPrefix.objects.filter(prefix=f"{base}督字").exists():
        return f"{base}（{unit.code}）督字"
    return f"{base}督字"


_PREFIX_OK = re.compile(r"^[^\s〔〕\[\]()（）0-9]{1,20}$")


@transaction.atomic
def slip_prefix_set(*, actor, unit, prefix: str):
    """Set the prefix of the 督办单 numbers `unit` issues (its office, or an office above it). A prefix another
    unit uses — set, or its default — is refused; an empty prefix returns the unit to its default."""
    from taizhang.orgs.models import Unit
    from taizhang.supervision.models import SlipPrefix

    if actor is not None and not has_action(actor, P.SUPERVISE, unit):
        raise PermissionDenied(f"您不能设置「{unit.name}」的督办单编号前缀")
    prefix = (prefix or "").strip()
    before = SlipPrefix.objects.filter(unit=unit).values_list("prefix", flat=True).first() or ""
    if not prefix:
        SlipPrefix.objects.filter(unit=unit).delete()
    else:
        if not _PREFIX_OK.match(prefix):
            raise ValidationFailed("编号前缀为1至20个字，不含空格、数字和括号，例如“岭督字”", field="prefix")
        if SlipPrefix.objects.filter(prefix=prefix).exclude(unit=unit).exists():
            raise ValidationFailed(f"编号前缀「{prefix}」已被其他单位使用，请另取一个", field="prefix")
        base = prefix.removesuffix("督字")
        if prefix.endswith("督字") and Unit.objects.exclude(pk=unit.pk).filter(
                Q(short_name=base) | Q(short_name="", name=base)).exclude(
                pk__in=SlipPrefix.objects.values("unit_id")).exists():
            raise ValidationFailed(f"编号前缀「{prefix}」是其他单位默认使用的前缀，请另取一个", field="prefix")
        SlipPrefix.objects.update_or_create(unit=unit, defaults={"prefix": prefix})
    audit_record(actor=actor, action="slipprefix.set", unit=unit, object_repr=f"{unit.name}督办单编号前缀",
                 changes={"prefix": [before, prefix]})
    return slip_prefix(unit)


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
        number=format_number(year, seq, slip_prefix(issuer_unit)), title=(title or "").strip() or f"关于{target_unit.name}的{SlipKind(kind).label}",
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
                body=f"{issuer_unit.name}签发{slip.get_kind_display()}{quoted(slip.title)}{deadline}。",
                link=slip_link(slip), kind=f"slip.{kind}", obj=slip,
                dedupe_key=notice_key or f"slip:{slip.pk}:issue", actor=actor)
    return slip


# --- transitions -------------------------------------------------------------------------------------

def _is_issuer_side(actor, slip: SupervisionSlip) -> bool:
    if not has_action(actor, P.SUPERVISE, slip.target_unit):
        return False
    return slip.issued_by_id == actor.pk or has_action(actor, P.SUPERVISE, slip.issuer_unit)


def _is_target_side(actor, slip: SupervisionSlip) -> bool:
    return has_action(actor, P.CHANGE, slip.target_unit)


def _sees_slip(actor, slip: SupervisionSlip) -> bool:
    from taizhang.supervision.selectors import slips_visible

    return slips_visible(actor).filter(pk=slip.pk).exists()


def _has_reply(step: Step) -> None:
    if not (step.params.get("reply") or "").strip():
        raise TransitionRefused("请填写反馈内容", field="reply")


def _signed(step: Step) -> None:
    step.set(signed_at=step.at, signed_by=step.who)


def _replied(step: Step) -> None:
    from taizhang.ledger.evidence import validate_and_store

    reply = step.params["reply"].strip()
    stored = [validate_and_store(f) for f in step.params.get("files", ())]
    step.set(reply=reply, replied_at=step.at, replied_by=step.who)
    SlipAttachment.objects.bulk_create([SlipAttachment(slip=step.obj, uploaded_by=step.who, **f) for f in stored])
    step.changes["reply"] = reply


def _closed(step: Step) -> None:
    step.set(closed_at=step.at, closed_by=step.who)


def _sent_back(step: Step) -> None:
    step.set(return_reason=step.reason)


def _tell_the_issuer(step: Step) -> None:
    _tell(step, issuer_handlers(step.obj), step.obj.target_unit)


def _tell_the_target(step: Step) -> None:
    _tell(step, unit_handlers(step.obj.target_unit), step.obj.issuer_unit)


def _tell(step: Step, recipients: list, acting_unit) -> None:
    """Notify the other side of the slip that `acting_unit` took the step."""
    slip, t = step.obj, step.transition
    body = f"{acting_unit.name}已{t.label}{slip.get_kind_display()}{quoted(slip.title)}。"
    if step.reason:
        body += f"理由：{step.reason}"
    send_notice(recipients=recipients, title=f"督办单{slip.number}已{t.label}", body=body, link=slip_link(slip),
                kind=f"slip.{t.action}", obj=slip, dedupe_key=f"slip:{slip.pk}:{t.action}:{slip.version}",
                actor=step.actor)


# sign and reply are the target unit's steps, close and send_back the issuer's; each tells the other side.
SLIP = Lifecycle(model=SupervisionSlip, noun="督办单", visible=_sees_slip,
                 related=("issuer_unit", "target_unit", "issued_by"), aliases={"return": "send_back"}, transitions=[
    Transition("sign", "签收", (S.SENT,), S.SIGNED, _is_target_side, effects=(_signed,),
               follow_ups=(_tell_the_issuer,)),
    Transition("reply", "反馈", (S.SIGNED,), S.REPLIED, _is_target_side, guards=(_has_reply,), effects=(_replied,),
               follow_ups=(_tell_the_issuer,)),
    Transition("close", "办结", (S.REPLIED,), S.CLOSED, _is_issuer_side, effects=(_closed,),
               follow_ups=(_tell_the_target,)),
    Transition("send_back", "退回", (S.REPLIED,), S.SIGNED, _is_issuer_side, reason_required=True,
               effects=(_sent_back,), follow_ups=(_tell_the_target,)),
])
TRANSITIONS = SLIP.transitions
ACTION_ALIASES = SLIP.spellings


def slip_transition(*, actor, slip: SupervisionSlip, action: str, reason: str = "", reply: str = "",
                    files: Iterable = (), expected_version: int | None = None, at=None) -> SupervisionSlip:
    """Perform one step of a slip's lifecycle (`reply` and `files` belong to the reply)."""
    return transition_apply(slip, action, actor=actor, reason=reason, expected_version=expected_version, at=at,
                            reply=reply, files=files)


# --- 约谈建议 ----------------------------------------------------------------------------------------

def _answered_by_slip(step: Step) -> None:
    slip = step.params["slip"]
    step.set(slip=slip)
    step.changes["slip"] = slip.number


SUGGESTION = Lifecycle(model=InterviewSuggestion, noun="约谈建议", visible=holds(P.SUPERVISE), transitions=[
    Transition("issue", "约谈", (SuggestionStatus.OPEN,), SuggestionStatus.ISSUED, holds(P.SUPERVISE),
               effects=(_answered_by_slip,)),
    Transition("dismiss", "不予约谈", (SuggestionStatus.OPEN,), SuggestionStatus.DISMISSED, holds(P.SUPERVISE),
               reason_required=True),
])


def suggestion_resolve(*, actor, suggestion: InterviewSuggestion, slip: SupervisionSlip | None = None,
                       reason: str = "") -> InterviewSuggestion:
    """Close an open 约谈建议: issued (with the 约谈单 that answers it) or dismissed (reason required)."""
    if slip is not None:
        return transition_apply(suggestion, "issue", actor=actor, reason=reason, slip=slip)
    return transition_apply(suggestion, "dismiss", actor=actor, reason=reason)
