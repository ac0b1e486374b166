"""Reads for reports, starting from the user's scope.

A report rolls up a unit's whole subtree, so it may be made by a user who holds the REPORT action on the
unit and sees the subtree as a whole (the statistics rule); anyone else gets NotFound, i.e. 404.
"""

from __future__ import annotations

from taizhang.core.exceptions import NotFound
from taizhang.core.querysets import one_or_not_found
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.reports.models import ReportDraft, ReportJob, ReportTemplate
from taizhang.stats.selectors import may_see_subtree


def may_report(user, unit) -> bool:
    return has_action(user, P.REPORT, unit) and may_see_subtree(user, unit)


def report_unit(user, code: str):
    from taizhang.orgs.models import Unit
    from taizhang.orgs.selectors import unit_named

    return unit_named(Unit.objects.all(), code, keep=lambda unit: may_report(user, unit))


def report_units(user) -> list:
    """The top-most units the user may report on (choices of the 报告 page)."""
    from taizhang.orgs.scope import user_assignments

    units = {a.unit.path: a.unit for a in user_assignments(user) if a.role in P.roles_granting(P.REPORT)}
    return [u for _, u in sorted(units.items()) if may_report(user, u)]


def jobs_visible(user):
    return ReportJob.objects.for_user(user, P.REPORT).select_related("unit", "campaign", "requested_by")


def job_get(user, pk: int) -> ReportJob:
    return one_or_not_found(jobs_visible(user), "报告不存在或不在您的权限范围内", pk=pk)


def templates_visible(user):
    return ReportTemplate.objects.for_user(user, P.REPORT).select_related("unit", "uploaded_by")


def template_get(user, pk: int) -> ReportTemplate:
    return one_or_not_found(templates_visible(user), "报告模板不存在或不在您的权限范围内", pk=pk)


def jobs_requested(user, limit: int = 20):
    """The user's own latest report jobs (the 报告 page's list)."""
    return jobs_visible(user).filter(requested_by=user)[:limit]


def report_unit_typed(user, code: str, *, field: str = "unit_code"):
    """`report_unit` for a code the user typed into a form: the refusal lands under `field`."""
    from taizhang.core.exceptions import ValidationFailed

    try:
        return report_unit(user, code)
    except NotFound as exc:
        raise ValidationFailed(exc.message, field=field) from exc


def drafts_visible(user):
    return ReportDraft.objects.for_user(user, P.REPORT).select_related("unit", "campaign", "updated_by")


def draft_get(user, pk: int) -> ReportDraft:
    """A report draft of a unit the user may report on (the whole subtree); NotFound (404) otherwise."""
    draft = one_or_not_found(drafts_visible(user), "报告草稿不存在或不在您的权限范围内", pk=pk)
    if not may_report(user, draft.unit):
        raise NotFound("报告草稿不存在或不在您的权限范围内")
    return draft


def drafts_recent(user, campaign=None, limit: int = 20):
    """The latest drafts the user may edit (the 报告 page's list), of `campaign` when given."""
    qs = drafts_visible(user)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return [d for d in qs[: limit * 2] if may_report(user, d.unit)][:limit]
