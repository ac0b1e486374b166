"""The list filters' unit field: a unit's code, read as a unit of the tree the user sees."""

from taizhang.core.exceptions import NotFound
from taizhang.core.filters import FilterField
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_get


class UnitCode(FilterField):
    """A unit's code, narrowing the list to that unit's subtree; the unit must be one the user sees."""

    default = None
    hint = "单位编码，只列该单位及其下级单位的记录"

    def parse(self, raw, *, user, context):
        try:
            return unit_get(user, raw, P.VIEW)
        except NotFound as exc:
            raise ValueError(f"「{self.label}」：{exc.message}") from exc

    def text(self, value):
        return value.code if value is not None else ""
