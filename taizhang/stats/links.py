"""Where a figure leads: the list of the records it counts, named by the same catalogue key.

Home pages, dashboards, rankings and the 大屏 link each figure that counts problems to the 整改台账 filtered by
unit (with its subtree), campaign and `metric=KEY`; the list then holds as many rows as the figure says.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from taizhang.stats.catalogue import records_key


def records_url(key: str, unit, campaign) -> str | None:
    """The ledger list behind figure `key` of `unit` in `campaign` (a rate: the records of its numerator), or None
    when the figure does not count problems."""
    target = records_key(key)
    if target is None:
        return None
    return reverse("ledger:list") + "?" + urlencode({"campaign": campaign.slug, "unit": unit.code, "metric": target})
