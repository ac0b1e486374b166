"""All writes of 征求意见: rounds, public submissions, letters, meetings, triage, replies and ratings.

Every triage decision is an audit event written in the same transaction as the change. The public door's
writes (`opinion_submit`, `rating_submit`) are audited under the actor name 「公众」 without name or phone.
"""

from __future__ import annotations

import secrets
from datetime import date
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone

from taizhang.audit.services import audit_record, record_create
from taizhang.core.exceptions import TransitionRefused, ValidationFailed
from taizhang.opinions import door
from taizhang.opinions.models import (
    Audience,
    Channel,
    MeetingKind,
    Opinion,
    OpinionLetter,
    OpinionMeeting,
    OpinionRating,
    OpinionRound,
    OpinionStatus,
    Rating,
    RoundStatus,
)
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import require_action

PUBLIC = "公众"
ANONYMOUS_CADRE = "干部职工（匿名）"
CONTENT_MAX = 2000
PROBLEM_SOURCE = ("opinions", "征求意见")
ROUND_FIELDS = ["title", "themes", "audience", "starts_on", "ends_on", "status"]


def _text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"请填写{label}", field=field)
    if len(value) > limit:
        raise ValidationFailed(f"{label}不能超过 {limit} 字（现为 {len(value)} 字）", field=field)
    return value


def _require_office(actor, unit, message="您没有权限处理该单位的征求意见") -> None:
    require_action(actor, unit, P.REVIEW, message=message)


# --- rounds -----------------------------------------------------------------------------------------

@transaction.atomic
def round_create(*, actor, campaign, unit, title: str, themes: str, starts_on: date, ends_on: date,
                 audience: str = Audience.PUBLIC) -> OpinionRound:
    """An office opens a 征求意见 for its unit; the round gets its unguessable public token."""
    _require_office(actor, unit, "您没有权限为该单位开展征求意见")
    if ends_on < starts_on:
        raise ValidationFailed(f"截止日期 {ends_on:%Y-%m-%d} 早于开始日期 {starts_on:%Y-%m-%d}", field="ends_on")
    rnd = OpinionRound(campaign=campaign, unit=unit, title=_text(title, field="title", label="名称", limit=120,
                                                                   required=True),
                       themes=_text(themes, field="themes", label="征求内容", limit=2000, required=True),
                       audience=audience, starts_on=starts_on, ends_on=ends_on, token=secrets.token_urlsafe(18),
                       created_by=actor)
    return record_create(actor=actor, obj=rnd, tracked=ROUND_FIELDS, action="opinionround.create")


@transaction.atomic
def round_close(*, actor, rnd: OpinionRound) -> OpinionRound:
    _require_office(actor, rnd.unit)
    if rnd.status == RoundStatus.CLOSED:
        raise TransitionRefused("该征求意见已经结束")
    rnd.status = RoundStatus.CLOSED
    rnd.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="opinionround.close", obj=rnd, changes={"status": ["open", "closed"]})
    return rnd


def round_accepts(rnd: OpinionRound, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return rnd.status == RoundStatus.OPEN and rnd.starts_on <= today <= rnd.ends_on


# --- opinions ---------------------------------------------------------------------------------------

def _new_opinion(*, rnd, channel, content, name="", phone="", **extra) -> Opinion:
    for _ in range(5):
        code = door.new_receipt_code()
        if not Opinion.objects.filter(receipt_code=code).exists():
            break
    return Opinion.objects.create(round=rnd, campaign_id=rnd.campaign_id, unit_id=rnd.unit_id, channel=channel,
                                  content=content, name=name, phone=phone, receipt_code=code, **extra)


def _check_phone(phone: str) -> str:
    phone = "".join((phone or "").split())
    if phone and not (7 <= len(phone) <= 20 and all(ch.isdigit() or ch in "+-" for ch in phone)):
        raise ValidationFailed(f"联系电话「{phone[:20]}」格式不正确，可不填", field="phone")
    return phone


def _in_subtree(user, unit) -> bool:
    """Whether `user` belongs to `unit` or a unit below it (by the account's unit or any role assignment)."""
    from taizhang.orgs.scope import user_assignments

    paths = [user.unit.path] if getattr(user, "unit_id", None) else []
    paths += [a.unit.path for a in user_assignments(user)]
    return any(path.startswith(unit.path) for path in paths)


def audience_refusal(rnd: OpinionRound, user=None) -> str:
    """Why `user` (None or anonymous: a visitor without an account) may not use the round's form, in words the
    visitor reads; "" when they may. 群众: anyone. 干部职工: a signed-in account of the round unit's subtree.
    指定单位: nobody online — the round asks its units by 征求意见函."""
    if rnd.audience == Audience.UNITS:
        return (f"本次征求意见由{rnd.unit.name}以征求意见函的形式向指定单位征求，不开放网上提交。"
                f"如有意见建议，请通过所在单位反馈。")
    if rnd.audience == Audience.CADRES:
        if user is None or not user.is_authenticated:
            return f"本次征求意见面向{rnd.unit.name}及下级单位的干部职工，请先登录台账系统后填写（可选择匿名）。"
        if not _in_subtree(user, rnd.unit):
            return f"本次征求意见面向{rnd.unit.name}及下级单位的干部职工，您的账号不在征求范围内。"
    return ""


@transaction.atomic
def opinion_submit(*, rnd: OpinionRound, content: str, name: str = "", phone: str = "", anonymous: bool = False,
                   image=None, ip: str | None = None, today: date | None = None, user=None) -> Opinion:
    """An opinion from the round's form. Limits are checked by the caller (door). The round's audience decides who
    may submit (`audience_refusal`): for 干部职工 `user` is the signed-in cadre, whose name is kept unless they
    chose to stay anonymous towards the office (then neither the opinion nor its audit event names them).
    `today` is for the demo generator, which dates its data."""
    if not round_accepts(rnd, today):
        raise ValidationFailed("本次征求意见不在征集期内", field="content")
    refusal = audience_refusal(rnd, user)
    if refusal:
        raise ValidationFailed(refusal, field="audience")
    cadre = user if rnd.audience == Audience.CADRES else None
    content = _text(content, field="content", label="意见建议", limit=CONTENT_MAX, required=True)
    if cadre is not None and not anonymous:
        name = _text(name, field="name", label="姓名", limit=30) or (cadre.display_name or cadre.username)[:30]
    name = "" if anonymous else _text(name, field="name", label="姓名", limit=30)
    phone = "" if anonymous else _check_phone(phone)
    extra = {}
    if image is not None:
        extra = _store_image(image)
    if cadre is not None and not anonymous:
        extra["created_by"] = cadre
    opinion = _new_opinion(rnd=rnd, channel=Channel.ONLINE, content=content, name=name, phone=phone,
                           address_hash=door.address_key(ip)[:64], **extra)
    who = PUBLIC if cadre is None else (ANONYMOUS_CADRE if anonymous else cadre)
    audit_record(actor=who, action="opinion.submit", obj=opinion, object_repr=f"意见建议 #{opinion.pk}",
                 changes={"channel": Channel.ONLINE, "round": rnd.pk, "anonymous": not (name or phone)})
    return opinion


def _store_image(image) -> dict:
    """A picture checked as evidence files are (allow-list jpg/png, sniffed content, size cap, stored by hash)."""
    from django.conf import settings

    from taizhang.ledger.evidence import validate_and_store

    if image.size > settings.OPINIONS_IMAGE_MAX_BYTES:
        raise ValidationFailed(f"图片超过 {settings.OPINIONS_IMAGE_MAX_BYTES // (1024 * 1024)} MB", field="image")
    ext = (image.name or "").rsplit(".", 1)[-1].lower()
    if ext not in ("jpg", "jpeg", "png"):
        raise ValidationFailed("只能上传 jpg 或 png 图片", field="image")
    stored = validate_and_store(image)
    return {"image_sha256": stored["sha256"], "image_type": stored["content_type"]}


@transaction.atomic
def opinion_record(*, actor, rnd: OpinionRound, content: str, channel: str = Channel.BOX, name: str = "") -> Opinion:
    """The office enters an opinion it received on paper (意见箱) or otherwise outside the form."""
    _require_office(actor, rnd.unit)
    if channel not in Channel.values:
        raise ValidationFailed(f"渠道「{channel}」不存在", field="channel")
    content = _text(content, field="content", label="意见建议", limit=CONTENT_MAX, required=True)
    opinion = _new_opinion(rnd=rnd, channel=channel, content=content,
                           name=_text(name, field="name", label="姓名", limit=30), created_by=actor)
    audit_record(actor=actor, action="opinion.record", obj=opinion, changes={"channel": channel})
    return opinion


def _lines(text: str, field: str) -> list[str]:
    items = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for i, item in enumerate(items, start=1):
        if len(item) > CONTENT_MAX:
            raise ValidationFailed(f"第{i}条意见超过 {CONTENT_MAX} 字", field=field)
    return items


# --- letters ----------------------------------------------------------------------------------------

@transaction.atomic
def letters_send(*, actor, rnd: OpinionRound, recipients, deadline: date) -> list[OpinionLetter]:
    """征求意见函 to each of `recipients` (units); their clerks and offices find it in their inbox."""
    from taizhang.supervision.services import send_notice, unit_handlers

    _require_office(actor, rnd.unit)
    recipients = list(recipients)
    if not recipients:
        raise ValidationFailed("请选择收函单位", field="recipients")
    letters = []
    for unit in recipients:
        if OpinionLetter.objects.filter(round=rnd, recipient=unit).exists():
            raise ValidationFailed(f"已向「{unit.name}」发过征求意见函", field="recipients")
        letter = OpinionLetter.objects.create(round=rnd, campaign_id=rnd.campaign_id, unit_id=rnd.unit_id,
                                              recipient=unit, deadline=deadline, sent_by=actor)
        audit_record(actor=actor, action="opinionletter.send", obj=letter,
                     changes={"recipient": unit.code, "deadline": deadline})
        send_notice(recipients=unit_handlers(unit), title=f"征求意见函：{rnd.title}",
                    body=f"{rnd.unit.name}就以下内容征求意见，请于 {deadline:%Y-%m-%d} 前反馈：{'；'.join(rnd.theme_list())}",
                    link=reverse("opinions:letter_detail", args=[letter.pk]), kind="opinion_letter", obj=letter,
                    actor=actor)
        letters.append(letter)
    return letters


@transaction.atomic
def letter_answer(*, actor, letter: OpinionLetter, opinions: str, note: str = "") -> list[Opinion]:
    """The receiving unit answers a letter: each line of `opinions` is one opinion (channel 征求意见函)."""
    require_action(actor, letter.recipient, P.CREATE, message="您没有权限答复该征求意见函")
    letter = OpinionLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.answered_at:
        raise TransitionRefused("该征求意见函已经反馈过")
    items = _lines(opinions, "opinions")
    note = _text(note, field="note", label="反馈说明", limit=1000)
    if not items and not note:
        raise ValidationFailed("请填写意见建议（每行一条），没有意见请在反馈说明中写明", field="opinions")
    rnd = letter.round
    created = [_new_opinion(rnd=rnd, channel=Channel.LETTER, content=text, name=letter.recipient.name,
                            letter=letter, created_by=actor) for text in items]
    letter.answered_at, letter.answered_by, letter.answer_note = timezone.now(), actor, note
    letter.save(update_fields=["answered_at", "answered_by", "answer_note", "updated_at"])
    audit_record(actor=actor, action="opinionletter.answer", obj=letter, unit=letter.recipient,
                 changes={"opinions": len(created), "note": note})
    return created


# --- meetings ---------------------------------------------------------------------------------------

@transaction.atomic
def meeting_record(*, actor, rnd: OpinionRound, kind: str, held_on: date, attendance: int, sessions: int = 1,
                   place: str = "", notes: str = "", opinions: str = "") -> OpinionMeeting:
    """A 座谈会 or a batch of 个别谈话 with its 场次/人次; each line of `opinions` becomes one opinion."""
    _require_office(actor, rnd.unit)
    if kind not in MeetingKind.values:
        raise ValidationFailed(f"形式「{kind}」不存在", field="kind")
    if sessions < 1 or attendance < 1:
        raise ValidationFailed("场次和人次都应至少为 1", field="attendance")
    if attendance < sessions:
        raise ValidationFailed(f"人次 {attendance} 少于场次 {sessions}", field="attendance")
    if kind == MeetingKind.FORUM and sessions != 1:
        raise ValidationFailed("座谈会每场单独登记（场次为 1）", field="sessions")
    items = _lines(opinions, "opinions")
    meeting = OpinionMeeting.objects.create(
        round=rnd, campaign_id=rnd.campaign_id, unit_id=rnd.unit_id, kind=kind, held_on=held_on,
        place=_text(place, field="place", label="地点/对象", limit=120), sessions=sessions, attendance=attendance,
        notes=_text(notes, field="notes", label="情况说明", limit=2000), created_by=actor)
    channel = Channel.FORUM if kind == MeetingKind.FORUM else Channel.TALK
    for text in items:
        _new_opinion(rnd=rnd, channel=channel, content=text, meeting=meeting, created_by=actor)
    audit_record(actor=actor, action="opinionmeeting.create", obj=meeting,
                 changes={"kind": kind, "sessions": sessions, "attendance": attendance, "opinions": len(items)})
    return meeting


# --- triage -----------------------------------------------------------------------------------------

def _group(opinion: Opinion) -> list[Opinion]:
    """The opinion and those merged into it (they share its fate and its reply)."""
    return [opinion, *Opinion.objects.filter(merged_into=opinion).select_for_update()]


def _pending(opinion: Opinion) -> Opinion:
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.status != OpinionStatus.PENDING:
        raise TransitionRefused(f"意见建议 #{opinion.pk} 已处理（{opinion.get_status_display()}），不能再次处理")
    return opinion


@transaction.atomic
def opinion_merge(*, actor, opinion: Opinion, into: Opinion) -> Opinion:
    """Merge a duplicate into another opinion of the same round's unit; it follows that opinion from now on."""
    _require_office(actor, opinion.unit)
    opinion = _pending(opinion)
    into = Opinion.objects.select_for_update().get(pk=into.pk)
    if into.pk == opinion.pk or into.merged_into_id or into.unit_id != opinion.unit_id:
        raise ValidationFailed(f"意见建议 #{opinion.pk} 不能合并到 #{into.pk}", field="into")
    moved = list(Opinion.objects.filter(merged_into=opinion))
    for row in [opinion, *moved]:
        row.status, row.merged_into = OpinionStatus.MERGED, into
        row.problem_id, row.matter_id = into.problem_id, into.matter_id
        row.reply, row.replied_at, row.replied_by = into.reply, into.replied_at, into.replied_by
        row.save(update_fields=["status", "merged_into", "problem", "matter", "reply", "replied_at", "replied_by"])
        audit_record(actor=actor, action="opinion.merge", obj=row, changes={"merged_into": into.pk})
    return opinion


@transaction.atomic
def opinions_to_problem(*, actor, opinions: list[Opinion], unit, title: str, description: str = "",
                        category: str = "", **fields):
    """Turn one or several pending opinions into one problem on `unit`'s list (source 征求意见); the others are
    merged into the first, and all of them are linked to the problem."""
    from taizhang.campaigns.models import CampaignCode
    from taizhang.ledger.services import problem_create

    if not opinions:
        raise ValidationFailed("请选择要列入问题清单的意见建议", field="opinions")
    first = opinions[0]
    for op in opinions:
        _require_office(actor, op.unit)
        if op.campaign_id != first.campaign_id:
            raise ValidationFailed("所选意见建议不属于同一专项工作", field="opinions")
    campaign = first.campaign
    # The campaign's 问题来源 list gains 征求意见 the first time it is needed (older campaigns lack it).
    CampaignCode.objects.get_or_create(campaign=campaign, list_name="problem_source", code=PROBLEM_SOURCE[0],
                                       defaults={"label": PROBLEM_SOURCE[1], "sort_order": 99})
    lead = _pending(first)
    for op in opinions[1:]:
        opinion_merge(actor=actor, opinion=op, into=lead)
    problem = problem_create(actor=actor, campaign=campaign, unit=unit, title=title,
                             description=description or "\n".join(o.content for o in opinions),
                             category=category, source=PROBLEM_SOURCE[0], origin_kind="opinions",
                             origin_ref=",".join(str(o.pk) for o in opinions)[:60], **fields)
    for row in _group(lead):
        if row.pk == lead.pk:
            row.status = OpinionStatus.PROBLEM
        row.problem = problem
        row.save(update_fields=["status", "problem"])
        audit_record(actor=actor, action="opinion.to_problem", obj=row, changes={"problem": problem.number})
    return problem


@transaction.atomic
def opinion_to_matter(*, actor, opinion: Opinion, unit, title: str, category: str):
    """Route an opinion to the 需求清单 of 为民办实事."""
    from taizhang.matters.services import matter_create

    _require_office(actor, opinion.unit)
    lead = _pending(opinion)
    matter = matter_create(actor=actor, campaign=lead.campaign, unit=unit, title=title, category=category,
                           source="public", source_note=f"征求意见：{lead.round.title}", description=lead.content)
    for row in _group(lead):
        if row.pk == lead.pk:
            row.status = OpinionStatus.MATTER
        row.matter = matter
        row.save(update_fields=["status", "matter"])
        audit_record(actor=actor, action="opinion.to_matter", obj=row, changes={"matter": matter.pk})
    return matter


def _set_reply(actor, lead: Opinion, text: str, action: str, status: str | None = None) -> None:
    now = timezone.now()
    for row in _group(lead):
        before = {"status": row.status, "reply": row.reply}
        if status and row.pk == lead.pk:
            row.status = status
        row.reply, row.replied_at, row.replied_by = text, now, actor
        row.save(update_fields=["status", "reply", "replied_at", "replied_by"])
        audit_record(actor=actor, action=action, obj=row,
                     changes={"status": [before["status"], row.status], "reply": [before["reply"], text]})


@transaction.atomic
def opinion_close(*, actor, opinion: Opinion, reason: str) -> Opinion:
    """Close an opinion with a reason; the reason is the reply the submitter reads."""
    _require_office(actor, opinion.unit)
    lead = _pending(opinion)
    reason = _text(reason, field="reason", label="办结答复", limit=1000, required=True)
    _set_reply(actor, lead, reason, "opinion.close", OpinionStatus.CLOSED)
    return lead


@transaction.atomic
def opinion_reply(*, actor, opinion: Opinion, text: str) -> Opinion:
    """The office approves the public reply of an opinion turned into a problem or a matter (e.g. what was done
    once the problem is closed). It replaces an earlier reply."""
    _require_office(actor, opinion.unit)
    lead = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if lead.status not in (OpinionStatus.PROBLEM, OpinionStatus.MATTER):
        raise TransitionRefused("只有已列入问题清单或已转为民办实事的意见建议可以审定答复")
    text = _text(text, field="text", label="答复", limit=1000, required=True)
    _set_reply(actor, lead, text, "opinion.reply")
    return lead


def closure_draft(opinion: Opinion) -> str:
    """A reply to start from when the linked problem is closed: what its approved closure says was done."""
    problem = opinion.problem
    if problem is None:
        return ""
    if problem.status != "closed":
        return f"您反映的问题已列入问题清单（{problem.title}），正在整改，整改完成后将在此告知整改情况。"
    closure = problem.closure_requests.filter(decision="approved").order_by("-decided_at").first()
    done = (closure.evidence_summary.strip() if closure else "") or "已按整改措施完成整改"
    if done[-1] not in "。！；.!;":
        done += "。"
    return f"您反映的问题已列入问题清单（{problem.title}），经整改已销号。整改情况：{done}"


# --- ratings ----------------------------------------------------------------------------------------

def can_rate(opinion: Opinion) -> bool:
    return bool(opinion.replied_at) and not opinion.ratings.filter(source=OpinionRating.Source.SUBMITTER).exists()


@transaction.atomic
def rating_submit(*, opinion: Opinion, value: str, comment: str = "") -> OpinionRating:
    """The submitter rates the result once, after the office's reply is given."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if value not in Rating.values:
        raise ValidationFailed("请选择满意、基本满意或不满意", field="value")
    if not can_rate(opinion):
        raise TransitionRefused("收到答复后可以评价一次")
    unit_id = opinion.problem.unit_id if opinion.problem_id else opinion.unit_id
    rating = OpinionRating.objects.create(
        campaign_id=opinion.campaign_id, unit_id=unit_id, opinion=opinion, problem_id=opinion.problem_id,
        source=OpinionRating.Source.SUBMITTER, value=value,
        comment=_text(comment, field="comment", label="意见", limit=300))
    audit_record(actor=PUBLIC, action="opinionrating.submit", obj=rating, unit=rating.unit,
                 object_repr=f"群众评价 #{rating.pk}", changes={"value": value, "opinion": opinion.pk})
    if value == Rating.UNSATISFIED:
        _announce_unsatisfied([rating], opinion=opinion)
    return rating


@transaction.atomic
def lookback_ratings_record(*, actor, problem, satisfied: int = 0, basic: int = 0, unsatisfied: int = 0,
                            comment: str = "") -> list[OpinionRating]:
    """Ratings of the people concerned, collected at a 回头看 of `problem` (one row per person)."""
    from taizhang.ledger.models import ProblemStatus

    require_action(actor, problem.unit, P.REVIEW, P.CHANGE, message="您没有权限登记该问题的回头看评价")
    if problem.status != ProblemStatus.CLOSED and not problem.lookbacks.exists():
        raise TransitionRefused("问题销号后开展回头看时才能登记群众评价")
    counts = {Rating.SATISFIED: satisfied, Rating.BASIC: basic, Rating.UNSATISFIED: unsatisfied}
    if any(n < 0 for n in counts.values()) or not sum(counts.values()):
        raise ValidationFailed("请填写各项评价的人数（至少一人）", field="satisfied")
    lookback = problem.lookbacks.order_by("-date", "-id").first()
    comment = _text(comment, field="comment", label="意见", limit=300)
    rows = [OpinionRating.objects.create(campaign_id=problem.campaign_id, unit_id=problem.unit_id, problem=problem,
                                         lookback=lookback, source=OpinionRating.Source.LOOKBACK, value=value,
                                         comment=comment, created_by=actor)
            for value, n in counts.items() for _ in range(n)]
    audit_record(actor=actor, action="opinionrating.lookback", obj=problem,
                 changes={k: v for k, v in counts.items() if v})
    unhappy = [r for r in rows if r.value == Rating.UNSATISFIED]
    if unhappy:
        _announce_unsatisfied(unhappy, actor=actor)
    return rows


@transaction.atomic
def rating_review(*, actor, rating: OpinionRating, note: str, reopen: bool = False) -> OpinionRating:
    """The office handles a 不满意: records its decision and, if it agrees, reopens the problem."""
    from taizhang.ledger.lifecycle import problem_transition
    from taizhang.ledger.models import ProblemStatus

    _require_office(actor, rating.unit)
    rating = OpinionRating.objects.select_for_update().get(pk=rating.pk)
    if rating.reviewed_at:
        raise TransitionRefused("该评价已经处理过")
    note = _text(note, field="note", label="处理意见", limit=300, required=True)
    if reopen:
        if rating.problem is None or rating.problem.status != ProblemStatus.CLOSED:
            raise TransitionRefused("只有已销号的问题可以重新整改")
        problem_transition(actor=actor, problem=rating.problem, action="reopen",
                           reason=f"群众评价不满意：{note}")
    rating.reviewed_at, rating.reviewed_by, rating.review_note = timezone.now(), actor, note
    rating.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action="opinionrating.review", obj=rating, unit=rating.unit,
                 changes={"note": note, "reopen": reopen})
    return rating


# --- telling the office -----------------------------------------------------------------------------
#
# New opinions reach the office as a digest, not one by one: a public form can bring 200 opinions in a day, and
# 200 inbox rows and robot messages would bury the other reminders (and the robots' rate limits). Once a day
# (tasks.opinions_digest_daily, 08:30) each round with opinions the office has not yet been told about gets one
# notice counting them by channel, with the number still waiting and a link to the queue. Triage is desk work:
# a day's delay costs nothing, and the queue shows every opinion at once anyway. A 不满意 is different — a
# person says the result is not good enough — so it is told at once, one notice per rating (per 回头看 entry).

def _offices(*units) -> list:
    """The office accounts of each unit (a unit without one: the nearest office above it), each once."""
    from taizhang.supervision.services import unit_handlers

    people = {}
    for unit in units:
        for user in unit_handlers(unit, roles=(P.OFFICE,)):
            people.setdefault(user.pk, user)
    return list(people.values())


def queue_url(campaign, unit, **params) -> str:
    query = {"campaign": campaign.slug, "unit": unit.code, **params}
    return reverse("opinions:queue") + "?" + urlencode(query)


def _cn_time(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日{local:%H:%M}"


def round_digest(rnd: OpinionRound, *, now=None) -> dict | None:
    """Tell the office of `rnd`'s unit, in one notice, about the opinions that arrived since its last digest
    (all channels: the form, answered letters, meetings, the box); None when none arrived. Marks them told."""
    from taizhang.notifications.services import notify

    now = now or timezone.now()
    with transaction.atomic():
        rnd = OpinionRound.objects.select_for_update().select_related("unit", "campaign").get(pk=rnd.pk)
        new = rnd.opinions.filter(created_at__lte=now)
        if rnd.digested_at:
            new = new.filter(created_at__gt=rnd.digested_at)
        by_channel = dict(new.values_list("channel").annotate(n=Count("id")).order_by())
        total = sum(by_channel.values())
        if not total:
            return None
        newest = new.aggregate(m=Max("created_at"))["m"]
        pending = rnd.opinions.filter(status=OpinionStatus.PENDING).count()
        parts = "、".join(f"{label} {by_channel[value]} 条" for value, label in Channel.choices if by_channel.get(value))
        since = f"自{_cn_time(rnd.digested_at)}以来" if rnd.digested_at else ""
        people = _offices(rnd.unit)
        notify(recipients=people, title=f"新收到意见建议 {total} 条：{rnd.title}",
               body=f"「{rnd.title}」{since}新收到意见建议 {total} 条（{parts}），目前待处理 {pending} 条，请及时分办。",
               link=queue_url(rnd.campaign, rnd.unit, status=OpinionStatus.PENDING), kind="opinion_digest", obj=rnd,
               dedupe_key=f"opinions:digest:{rnd.pk}:{newest:%Y%m%d%H%M%S%f}")
        rnd.digested_at = newest
        rnd.save(update_fields=["digested_at"])
    return {"round": rnd.pk, "opinions": total, "by_channel": by_channel, "pending": pending,
            "recipients": [u.username for u in people]}


def opinions_digest(*, now=None) -> list[dict]:
    """The daily digest: one notice per round that received opinions since its last digest."""
    now = now or timezone.now()
    rounds = (OpinionRound.objects.filter(opinions__created_at__lte=now)
              .filter(Q(digested_at__isnull=True) | Q(opinions__created_at__gt=F("digested_at")))
              .values_list("pk", flat=True).distinct().order_by("pk"))
    out = []
    for rnd in OpinionRound.objects.filter(pk__in=list(rounds)).order_by("pk"):
        row = round_digest(rnd, now=now)
        if row:
            out.append(row)
    return out


def _announce_unsatisfied(ratings: list[OpinionRating], *, opinion: Opinion | None = None, actor=None) -> None:
    """A 不满意 reaches the office at once: who rated what, and a link to its entry in the review queue, which
    suggests reopening the problem."""
    from taizhang.notifications.services import notify

    first = ratings[0]
    problem = first.problem
    units = [first.unit] + ([opinion.unit] if opinion is not None and opinion.unit_id != first.unit_id else [])
    people = [u for u in _offices(*units) if u.pk != getattr(actor, "pk", None)]
    if problem is not None:
        subject, what = f"{problem.number} {problem.title}", f"问题「{problem.title}」（{problem.number}）"
    else:
        subject, what = str(opinion), f"意见建议「{opinion}」"
    who = "意见提交人" if first.source == OpinionRating.Source.SUBMITTER else f"回头看走访中有 {len(ratings)} 人"
    comment = f"，意见：{first.comment}" if first.comment else ""
    advice = "建议核实情况，必要时重新整改。" if problem is not None else "建议核实情况，重新答复。"
    notify(recipients=people, title=f"群众评价不满意：{subject}",
           body=f"{who}对{what}的办理结果评价为不满意{comment}。{advice}",
           link=reverse("opinions:queue") + f"#rating-{first.pk}", kind="opinion_unsatisfied", obj=first,
           dedupe_key=f"opinions:unsatisfied:{first.pk}", actor=actor)
