"""Template helpers other apps' pages use to offer supervision actions."""

from django import template

from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

register = template.Library()


@register.filter
def can_supervise(user, unit) -> bool:
    """{% if user|can_supervise:problem.unit %}: may the user issue a 督办单 to that unit."""
    return unit is not None and has_action(user, P.SUPERVISE, unit)
