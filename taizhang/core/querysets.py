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


COUNT_CAP = 10_000  # rows a list counts; above, it says "10000+" (a province-wide list holds millions)


def count_up_to(rows, cap: int = COUNT_CAP) -> int:
    """How many rows `rows` holds, counted only up to cap + 1 (one pass that stops there): a result above `cap`
    means "more than cap". A queryset is counted by the database; a list by its length; a pager's own sequence
    (the search's matches, which count themselves up to their own cap) by its count() or len()."""
    if hasattr(rows, "order_by"):
        return rows.order_by()[: cap + 1].count()
    if isinstance(rows, (list, tuple)) or not hasattr(rows, "count"):
        return len(rows)
    return rows.count()
