"""The 交流材料 list's filters: `selectors.material_list(user, campaign, **MaterialFilter.from_params(user,
params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.materials.models import Genre
from taizhang.orgs.filters import UnitCode


class MaterialFilter(ListFilter):
    unit = UnitCode("单位")
    genre = Choice("体裁", Genre.choices)
