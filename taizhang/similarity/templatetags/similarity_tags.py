"""`{% similarity_summary material %}`: the 查重 line on a material's page, for the offices that may see it."""

from django import template

from taizhang.similarity import selectors

register = template.Library()


@register.inclusion_tag("similarity/_summary.html", takes_context=True)
def similarity_summary(context, material):
    user = context["request"].user
    if not selectors.may_see_checks(user, material):
        return {"shown": False}
    return {"shown": True, "material": material, "report": selectors.report_for(user, material),
            "csrf_token": context.get("csrf_token")}
