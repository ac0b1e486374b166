"""The quality panel of a problem's page: duplicates, the mark form, and the problem's quality warnings."""

from django import template

from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.quality import selectors

register = template.Library()


@register.inclusion_tag("quality/_problem_panel.html", takes_context=True)
def quality_panel(context, problem):
    user = context["request"].user
    can_mark = has_action(user, P.REVIEW, problem.unit) and problem.status in ("pending", "in_progress")
    mark = selectors.duplicate_mark_of(user, problem)
    findings = selectors.findings_for(user, problem.campaign, [problem]).get(problem.pk, []) \
        if has_action(user, P.REVIEW, problem.unit) else []
    duplicates = selectors.duplicates_of(user, problem)
    # a problem others were marked as repeating is the one kept: it is not marked in turn
    return {"problem": problem, "mark": mark, "duplicates": duplicates,
            "can_mark": can_mark and mark is None and not duplicates, "findings": findings,
            "csrf_token": context.get("csrf_token")}
