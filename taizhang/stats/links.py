"""Where a figure leads: the list of the records it counts, named by the same catalogue key.

Home pages, dashboards, rankings and the 大屏 link each figure to the list of its records — the 整改台账, 整改措施,
调研课题, 调研走访, 成果转化, 学习活动, 为民办实事, 建章立制, 督办单 or 意见建议 (意见分办) list — filtered by unit (with its subtree), campaign and `metric=KEY`;
the list then holds as many rows as a counted figure says.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from taizhang.orgs import permissions as P
from taizhang.stats.catalogue import record_source, records_key

# The list of each kind of record a figure may count; each takes `unit`, `campaign` and `metric`.
LISTS = {
    "problem": "ledger:list",
    "measure": "ledger:measure_list",
    "topic": "research:topic_list",
    "visit": "research:visit_list",
    "transformation": "research:transformation_list",
    "study": "study:activity_list",
    "matter": "matters:matter_list",
    "institution": "institutions:institution_list",
    "slip": "supervision:slip_list",
    "opinion": "opinions:queue",
}


# Lists that need more than the right to see the figure: the opinion queue is for offices and leaders (REPORT), so
# an inspection group member reads the opinion figures without a link.
LIST_ACTIONS = {"opinion": P.REPORT}


def records_url(key: str, unit, campaign, user=None) -> str | None:
    """The list behind figure `key` of `unit` in `campaign` (a rate: the records of its numerator; a sum: the
    records it adds up), or None when no list shows its records — or, given `user`, none they may open."""
    target, source = records_key(key), record_source(key)
    if target is None or source not in LISTS:
        return None
    if user is not None and source in LIST_ACTIONS:
        from taizhang.orgs.scope import has_action

        if not has_action(user, LIST_ACTIONS[source], unit):
            return None
    return reverse(LISTS[source]) + "?" + urlencode({"campaign": campaign.slug, "unit": unit.code, "metric": target})
