"""The 建章立制 list's filters, shared by the page and its Excel export: `selectors.institution_list(user,
campaign, **InstitutionFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.institutions.models import InstitutionKind
from taizhang.orgs.filters import UnitCode
from taizhang.stats.filters import MetricKey


class InstitutionFilter(ListFilter):
    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="institution")
    kind = Choice("类型", InstitutionKind.choices)
