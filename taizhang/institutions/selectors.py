"""Reads of institutions, from the user's scope."""

from taizhang.core.querysets import narrowed, of_campaign, one_or_not_found
from taizhang.institutions.models import Institution
from taizhang.orgs import permissions as P
from taizhang.stats.selectors import metric_narrowed


def institutions_visible(user, campaign=None):
    qs = Institution.objects.for_user(user, P.VIEW).select_related("unit", "campaign")
    return of_campaign(qs, campaign)


def institution_list(user, campaign, *, kind: str = "", unit=None, metric: str = ""):
    """The 建章立制 list page's rows (latest issued first), filtered by kind (新建/修订/废止) and by a unit's subtree;
    the Excel export reads the same function."""
    return metric_narrowed(narrowed(institutions_visible(user, campaign), kind=kind, unit=unit), metric, campaign).order_by("-issued_date", "-id")


def institution_get(user, pk: int) -> Institution:
    return one_or_not_found(institutions_visible(user), "制度不存在或不在您的权限范围内", pk=pk)


def linked_problems(user, inst: Institution) -> list:
    """The problems this rule answers that the user sees (see taizhang.institutions.links)."""
    manager = getattr(inst, "problems", None)
    if manager is None:
        return []
    return list(manager.for_user(user, P.VIEW)) if hasattr(manager, "for_user") else list(manager.all())
