"""Queryset helpers that know no model of taizhang."""

from __future__ import annotations


def narrowed(qs, *, unit=None, **exact):
    """`qs` narrowed by each exact filter that has a value and by `unit`'s subtree (of the records' `unit`)."""
    qs = qs.filter(**{field: value for field, value in exact.items() if value})
    return qs.filter(unit.subtree_q("unit")) if unit is not None else qs


def of_campaign(qs, campaign):
    """`qs` narrowed to `campaign`'s records, or all of them when `campaign` is None."""
    return qs.filter(campaign=campaign) if campaign is not None else qs


def one_or_not_found(qs, message: str, **lookup):
    """The row of `qs` matching `lookup`, or NotFound(`message`) (outside the user's scope looks the same)."""
    from taizhang.core.exceptions import NotFound

    row = qs.filter(**lookup).first()
    if row is None:
        raise NotFound(message)
    return row
