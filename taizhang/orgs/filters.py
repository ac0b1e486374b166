"""The list filters' unit field: a unit's code or name, read as a unit of the tree the user sees."""

from django.db.models import Q

from taizhang.core.filters import FilterField
from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.selectors import unit_matches


class NoUnit:
    """What a unit filter that cannot be applied narrows to: a unit under which no record lies, so the list, its
    export and its counts hold no row instead of every row. It has no code and no place in the tree."""

    pk = None
    id = None
    code = ""
    name = ""
    path = "\x00"  # no unit's path starts with it and it starts no unit's path
    depth = 0

    def subtree_q(self, field: str = "unit"):
        return Q(pk__in=[])

    def __str__(self):
        return ""

    def __repr__(self):
        return "NO_UNIT"


NO_UNIT = NoUnit()


class UnitCode(FilterField):
    """A unit — by code, or by its exact full or short name — narrowing the list to that unit's subtree; the unit
    must be one the user sees. A name that matches no unit, or several, is not ignored: the list then holds no
    row and says why (`ListFilter.notice`)."""

    default = None
    hint = "单位编码或名称，只列该单位及其下级单位的记录"

    def parse(self, raw, *, user, context):
        matches = unit_matches(Unit.objects.for_user(user, P.VIEW), raw)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValueError(f"「{self.label}」：「{raw}」对应多个单位，请从下拉中选择")
        raise ValueError(f"「{self.label}」：未找到名为「{raw}」的单位，或该单位不在您的权限范围内")

    def text(self, value):
        return value.code if value is not None else ""

    def unmatched(self):
        return NO_UNIT
