"""Query filters every list route shares. Field names are the list pages' GET parameters, so a link to a
page and a call to its API route take the same query string."""

from __future__ import annotations

from ninja import Field, Schema

from taizhang.campaigns.selectors import campaign_get
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_get


class CampaignFilter(Schema):
    campaign: str = Field("", description="专项工作（slug）；不填为全部专项工作")

    def campaign_for(self, user):
        """The campaign named by `campaign` if the user takes part in it (404 otherwise); None for all."""
        return campaign_get(user, self.campaign) if self.campaign else None


class RecordFilter(CampaignFilter):
    unit: str = Field("", description="单位编码：只列该单位及其下级单位的记录")

    def unit_for(self, user):
        """The unit named by `unit` if the user sees it (404 otherwise); None for the whole scope."""
        return unit_get(user, self.unit, P.VIEW) if self.unit else None
