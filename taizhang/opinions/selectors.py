"""Reads of 征求意见, from the user's scope (offices see their unit's rounds and opinions; a unit that received a
征求意见函 sees that letter), and the public look-ups by token and 查询码."""

from __future__ import annotations

from django.db.models import Count, F, Q

from taizhang.core.querysets import narrowed, of_campaign, one_or_not_found
from taizhang.opinions import door
from taizhang.opinions.models import (
    Opinion,
    OpinionLetter,
    OpinionMeeting,
    OpinionRating,
    OpinionRound,
    OpinionStatus,
    Rating,
)
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import scope_q

NOT_FOUND = "征求意见不存在或不在您的权限范围内"


def rounds_visible(user, campaign=None):
    return of_campaign(OpinionRound.objects.for_user(user, P.VIEW).select_related("unit", "campaign"), campaign)


def round_list(user, campaign):
    return rounds_visible(user, campaign).annotate(
        n_opinions=Count("opinions", distinct=True), n_letters=Count("letters", distinct=True)).order_by(
        "-starts_on", "-id")


def round_get(user, pk: int, action: str = P.VIEW) -> OpinionRound:
    return one_or_not_found(OpinionRound.objects.for_user(user, action).select_related("unit", "campaign"),
                            NOT_FOUND, pk=pk)


def round_public(token: str) -> OpinionRound | None:
    """The round behind a public link, or None (an unknown token looks like any missing page)."""
    if not token or len(token) > 40:
        return None
    return OpinionRound.objects.filter(token=token).select_related("unit").first()


def opinions_visible(user, action: str = P.VIEW):
    return Opinion.objects.for_user(user, action).select_related("round", "problem", "matter", "merged_into")


def opinion_get(user, pk: int, action: str = P.VIEW) -> Opinion:
    return one_or_not_found(opinions_visible(user, action), "意见建议不存在或不在您的权限范围内", pk=pk)


def opinion_list(user, campaign, *, status: str = "", unit=None, metric: str = ""):
    """The opinion queue's rows (newest first): the opinions of the campaign the user may report on (offices and
    leaders), narrowed by status, a unit's subtree and a figure's `metric` (the opinions it counts)."""
    from taizhang.stats.selectors import metric_narrowed

    qs = narrowed(of_campaign(opinions_visible(user, P.REPORT), campaign), status=status, unit=unit)
    return metric_narrowed(qs, metric, campaign).select_related("unit").order_by("-created_at", "-id")


def triage_queue(user, campaign, *, round_id: int | None = None, status: str = OpinionStatus.PENDING):
    qs = of_campaign(opinions_visible(user, P.REVIEW), campaign)
    if round_id:
        qs = qs.filter(round_id=round_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def awaiting_reply(user, campaign):
    """Opinions whose problem was closed (or matter done) after their last reply: the reply should now say what
    was done."""
    qs = of_campaign(opinions_visible(user, P.REVIEW), campaign)
    closed = Q(status=OpinionStatus.PROBLEM, problem__status="closed") & (
        Q(replied_at__isnull=True) | Q(replied_at__lt=F("problem__closed_at")))
    done = Q(status=OpinionStatus.MATTER, matter__status="done", replied_at__isnull=True)
    return qs.filter(closed | done).order_by("-id")


def review_queue(user, campaign):
    """不满意 ratings not yet handled, each suggesting that its problem be reopened."""
    qs = OpinionRating.objects.for_user(user, P.REVIEW).select_related("problem", "opinion", "unit")
    return of_campaign(qs, campaign).filter(value=Rating.UNSATISFIED, reviewed_at__isnull=True).order_by("-id")


def rating_get(user, pk: int) -> OpinionRating:
    return one_or_not_found(OpinionRating.objects.for_user(user, P.REVIEW), "评价不存在或不在您的权限范围内", pk=pk)


def letters_received(user, campaign=None):
    """征求意见函 sent to units the user writes for."""
    q = scope_q(user, P.CREATE, "recipient")
    if q is None:
        return OpinionLetter.objects.none()
    return of_campaign(OpinionLetter.objects.filter(q), campaign).select_related("round", "unit", "recipient")


def letter_get(user, pk: int) -> OpinionLetter:
    """A letter for its sender's office (scope of the sending unit) or its recipient."""
    q = scope_q(user, P.VIEW)
    r = scope_q(user, P.CREATE, "recipient")
    both = [x for x in (q, r) if x is not None]
    if not both:
        return one_or_not_found(OpinionLetter.objects.none(), "征求意见函不存在或不在您的权限范围内", pk=pk)
    cond = both[0] if len(both) == 1 else both[0] | both[1]
    return one_or_not_found(OpinionLetter.objects.filter(cond).select_related("round", "unit", "recipient"),
                            "征求意见函不存在或不在您的权限范围内", pk=pk)


def meetings_of(rnd):
    return OpinionMeeting.objects.filter(round=rnd).annotate(n=Count("opinions")).order_by("-held_on", "-id")


def opinion_by_code(code: str) -> Opinion | None:
    code = door.normalise_code(code)
    if len(code) != door.CODE_LENGTH:
        return None
    return Opinion.objects.filter(receipt_code=code).select_related("problem", "matter", "round__unit").first()


def problem_opinions(problem):
    """The opinions a problem came from (for its page: content, channel and date — never who gave them)."""
    return Opinion.objects.filter(problem=problem).order_by("created_at", "id").only(
        "id", "content", "channel", "created_at", "status", "problem_id")


# --- similarity -------------------------------------------------------------------------------------

def bigrams(text: str) -> set[str]:
    chars = [ch for ch in (text or "") if ch.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)} or set(chars)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: 1.0 for the same words, near 0 for unrelated texts."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def similar_opinions(opinion: Opinion, candidates, *, threshold: float = 0.25, limit: int = 10):
    """Opinions of the same unit and campaign most like `opinion` (pending or already turned into problems), best
    first, as (opinion, score)."""
    pool = candidates.filter(campaign_id=opinion.campaign_id, unit_id=opinion.unit_id,
                             merged_into__isnull=True).exclude(pk=opinion.pk).order_by("-id")[:1000]
    scored = [(o, similarity(opinion.content, o.content)) for o in pool]
    scored = [(o, s) for o, s in scored if s >= threshold]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]
