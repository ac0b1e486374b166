"""Reads of the supervision app, each starting from the user's scope.

A slip is visible to the target side (VIEW over the target unit) and to the issuer side (SUPERVISE over
the issuing unit). 发出的 = issued by a unit in the user's SUPERVISE scope; 收到的 = addressed to a unit in
the user's CHANGE scope and not issued from within the user's own SUPERVISE scope.
"""

from __future__ import annotations

from django.db.models import Q

from taizhang.core.exceptions import NotFound
from taizhang.core.querysets import of_campaign, one_or_not_found
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import scope_q
from taizhang.supervision.models import (
    Circular,
    InterviewSuggestion,
    LookBackPlan,
    LookBackPlanStatus,
    SuggestionStatus,
    SupervisionSlip,
)

NOTHING = Q(pk__in=[])


def _issued_q(user) -> Q:
    return scope_q(user, P.SUPERVISE, "issuer_unit") or NOTHING


def _received_q(user) -> Q:
    q = scope_q(user, P.CHANGE, "target_unit")
    return (q & ~_issued_q(user)) if q is not None else NOTHING


def slips_visible(user, campaign=None):
    q = (scope_q(user, P.VIEW, "target_unit") or NOTHING) | _issued_q(user)
    qs = SupervisionSlip.objects.filter(q).select_related("issuer_unit", "target_unit", "campaign", "issued_by")
    return of_campaign(qs, campaign)


def slips_issued(user, campaign=None):
    return slips_visible(user, campaign).filter(_issued_q(user))


def slips_received(user, campaign=None):
    return slips_visible(user, campaign).filter(_received_q(user))


def slip_get(user, pk: int) -> SupervisionSlip:
    return one_or_not_found(slips_visible(user), "督办单不存在或不在您的权限范围内", pk=pk)


def slip_attachment_get(user, pk: int):
    from taizhang.supervision.models import SlipAttachment

    att = SlipAttachment.objects.filter(pk=pk).select_related("slip").first()
    if att is None or not slips_visible(user).filter(pk=att.slip_id).exists():
        raise NotFound("附件不存在或不在您的权限范围内")
    return att


def suggestions_visible(user, campaign=None, status: str | None = SuggestionStatus.OPEN):
    qs = InterviewSuggestion.objects.for_user(user, P.SUPERVISE).select_related("unit", "campaign", "slip")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.filter(status=status) if status else qs


def suggestion_get(user, pk: int) -> InterviewSuggestion:
    return one_or_not_found(suggestions_visible(user, status=None), "约谈建议不存在或不在您的权限范围内", pk=pk)


def circulars_visible(user, campaign=None):
    """通报 of a unit are seen by that unit's subtree (they are published to its children) and above it."""
    q = scope_q(user, P.VIEW, "unit")
    parts = [q] if q is not None else []
    from taizhang.orgs.scope import user_assignments

    for a in user_assignments(user):
        if a.role in (P.SYSADMIN, P.SECADMIN, P.AUDITOR):
            continue
        ancestors = [a.unit.path[:i] for i in range(a.unit.steplen, len(a.unit.path), a.unit.steplen)]
        if ancestors:
            parts.append(Q(unit__path__in=ancestors))
    if not parts:
        return Circular.objects.none()
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    qs = Circular.objects.filter(combined).select_related("unit", "campaign", "created_by").defer("document")
    return of_campaign(qs, campaign)


def circular_get(user, pk: int) -> Circular:
    return one_or_not_found(circulars_visible(user), "通报不存在或不在您的权限范围内", pk=pk)


def lookbacks_due(user, campaign=None, today=None):
    """Scheduled 回头看 due by `today` for problems the user may review (the office's 待办)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    qs = (LookBackPlan.objects.for_user(user, P.REVIEW).filter(status=LookBackPlanStatus.DUE, due_date__lte=today)
          .select_related("problem", "problem__unit", "problem__campaign"))
    return qs.filter(problem__campaign=campaign) if campaign is not None else qs


def slip_default_tab(user, may_issue: bool) -> str:
    """The 督办单 list opens on what came in, unless the user only issues (a county office, an inspector group)."""
    return "received" if not may_issue or slips_received(user).exists() else "issued"

def slip_list(user, *, tab: str = "received", status: str = "", kind: str = "", unit=None, metric: str = "",
              campaign=None):
    """The 督办单 list page's rows (newest first): 收到的, 发出的 or 全部, narrowed by status and kind, by the
    receiving unit's subtree and by a figure's key (with `campaign`, the slips that figure counts)."""
    from taizhang.stats.selectors import metric_narrowed

    source = {"received": slips_received, "issued": slips_issued}.get(tab, slips_visible)
    qs = source(user).order_by("-issued_at", "-id")
    qs = qs.filter(**{k: v for k, v in {"status": status, "kind": kind}.items() if v})
    if unit is not None:
        qs = qs.filter(unit.subtree_q("target_unit"))
    return metric_narrowed(of_campaign(qs, campaign), metric, campaign)


def slip_status_changes(slip):
    """The slip's status changes in time order (its page's timeline)."""
    from django.contrib.contenttypes.models import ContentType

    from taizhang.audit.models import StatusChange

    ct = ContentType.objects.get_for_model(type(slip))
    return StatusChange.objects.filter(content_type=ct, object_id=slip.pk).select_related("actor").order_by("at", "id")


def circular_document(circular) -> bytes:
    """The stored Word file of a 通报 (read on its own: the list and page leave the blob unread)."""
    return bytes(Circular.objects.filter(pk=circular.pk).values_list("document", flat=True).get())


def slip_rows(user, campaign=None, *, tab: str = "all", **filters):
    """`slip_list` of one campaign (every campaign when None) with each slip's problems loaded (the API's rows)."""
    return slip_list(user, tab=tab, campaign=campaign, **filters).prefetch_related("problems")


def slip_problems(slip):
    """The problems a slip is about, by number, with their units."""
    return slip.problems.select_related("unit").order_by("number")


def lookback_plans(user, campaign):
    """回头看 plans due in the user's scope, the earliest first."""
    return lookbacks_due(user, campaign).order_by("due_date", "id")
