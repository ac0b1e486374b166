"""The problem page's panel of the opinions a problem came from and the people's ratings of it."""

from django import template
from django.db.models import Count

from taizhang.opinions.models import OpinionRating, Rating
from taizhang.opinions.selectors import problem_opinions
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

register = template.Library()


@register.inclusion_tag("opinions/_problem_panel.html", takes_context=True)
def problem_opinions_panel(context, problem):
    """Shown on a problem the user already sees: what the opinions said (never who said it) and the ratings."""
    user = context["request"].user
    counts = dict(OpinionRating.objects.filter(problem=problem).values_list("value").annotate(n=Count("id")))
    return {"problem": problem, "opinions": list(problem_opinions(problem)),
            "ratings": [(label, counts.get(value, 0)) for value, label in Rating.choices],
            "rated": sum(counts.values()),
            "can_rate": problem.status == "closed" and (has_action(user, P.REVIEW, problem.unit)
                                                        or has_action(user, P.CHANGE, problem.unit))}


@register.filter
def triageable(opinion, user) -> bool:
    """Whether `user` may open `opinion` to triage it (the office over its unit); leaders only read the list."""
    return has_action(user, P.REVIEW, opinion.unit)
