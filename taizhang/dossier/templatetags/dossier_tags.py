"""The closed-loop panel other apps' pages include (the ledger's problem page)."""

from django import template

from taizhang.dossier import selectors
from taizhang.dossier.forms import ProblemInstitutionForm

register = template.Library()


@register.inclusion_tag("dossier/_problem_links.html", takes_context=True)
def problem_links_panel(context, problem):
    """把解决一个问题变成解决一类问题: linked visits, topics and rules, and the office's forms."""
    data = selectors.problem_links(context["request"].user, problem)
    data["csrf_token"] = context.get("csrf_token")
    data["institution_form"] = ProblemInstitutionForm(prefix="inst")
    return data
