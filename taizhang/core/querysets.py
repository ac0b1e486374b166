"""Queryset helpers that know no model of taizhang."""

from __future__ import annotations


def narrowed(qs, *, unit=None, **exact):
    """`qs` narrowed by each exact filter that has a value and by `unit`'s subtree (of the records' `unit`)."""
    qs = qs.filter(**{field: value for field, value in exact.items() if value})
    return qs.filter(unit.subtree_q("unit")) if unit is not None else qs
