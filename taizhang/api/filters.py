"""Query filters every list route shares. Field names are the list pages' GET parameters, so a link to a
page and a call to its API route take the same query string."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict

from taizhang.campaigns.selectors import campaign_get
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_get


class CampaignFilter(Schema):
    """A list's query: `campaign` and the page's other filters, each field named like the page's parameter."""

    model_config = ConfigDict(str_strip_whitespace=True)

    campaign: str = Field("", description="专项工作（slug）；不填为全部专项工作")

    def campaign_for(self, user):
        """The campaign named by `campaign` if the user takes part in it (404 otherwise); None for all."""
        return campaign_get(user, self.campaign) if self.campaign else None

    def narrowing(self, user) -> dict:
        """The filters besides the campaign, as the list's selector takes them (keyword arguments)."""
        return self.dict(exclude={"campaign"})

    def rows(self, user, selector):
        """The rows of the list page's own selector, `selector(user, campaign, **filters)`."""
        return selector(user, self.campaign_for(user), **self.narrowing(user))


class RecordFilter(CampaignFilter):
    unit: str = Field("", description="单位编码：只列该单位及其下级单位的记录")

    def unit_for(self, user):
        """The unit named by `unit` if the user sees it (404 otherwise); None for the whole scope."""
        return unit_get(user, self.unit, P.VIEW) if self.unit else None

    def narrowing(self, user) -> dict:
        return {**super().narrowing(user), "unit": self.unit_for(user)}
