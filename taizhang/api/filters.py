"""The query of every list route, generated from the list page's own filter (taizhang.core.filters).

`query_schema(TopicFilter)` is the ninja query schema of a list: `campaign` (a slug) and one optional parameter
per field of the page's filter, named like the page's GET parameter and documented with the field's label, type
and choices. The schema checks each value's type (422 naming the parameter, as on every route); the page's filter
then reads the values with `strict=True`, so a value the page would drop (a status that does not exist, a unit
outside the caller's scope) answers 422 with the filter's Chinese message, and the rows are the page's rows for
the same query string.
"""

from __future__ import annotations

from datetime import date
from keyword import iskeyword
from typing import Any, ClassVar

from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, create_model

from taizhang.campaigns.selectors import campaign_get, current_campaign
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.core.filters import Choice, FilterField, ListFilter

# The error type of a value the list's filter refused; the API's 422 handler shows the filter's own message.
FILTER_ERROR = "filter"


class ListQuery(Schema):
    """Base of the generated schemas: `rows(user, selector)` is what a list route returns."""

    model_config = ConfigDict(str_strip_whitespace=True, populate_by_name=True)

    filter_class: ClassVar[type[ListFilter]] = ListFilter
    current_campaign: ClassVar[bool] = False

    campaign: str = ""

    def campaign_for(self, user):
        """The campaign named by `campaign` if the user takes part in it (404 otherwise); without one, every
        campaign (None), or the user's current campaign where the list is always of one."""
        if self.campaign:
            return campaign_get(user, self.campaign)
        if not self.current_campaign:
            return None
        campaign = current_campaign(user)
        if campaign is None:
            raise NotFound("没有可用的专项工作")
        return campaign

    def filter_for(self, user, campaign) -> ListFilter:
        """The page's filter read from this query (422 naming each value it cannot use)."""
        fields = self.filter_class.fields
        params = {f.param: _text(getattr(self, name)) for name, f in fields.items()}
        try:
            return self.filter_class.from_params(user, params, strict=True, campaign=campaign)
        except ValidationFailed as exc:
            raise NinjaValidationError([{"loc": ("query", fields[name].param), "type": FILTER_ERROR, "msg": msgs[0]}
                                        for name, msgs in exc.errors.items()]) from exc

    def rows(self, user, selector):
        """The rows of the page's own selector for this query (see ListFilter.select)."""
        campaign = self.campaign_for(user)
        return self.filter_for(user, campaign).select(selector, user, campaign)


def _text(value) -> str:
    """A value the schema checked, as the query string's text again (what the page's filter reads)."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


def _description(f: FilterField) -> str:
    hint = f.hint
    if isinstance(f, Choice):
        options = f.options({})
        hint = ("专项工作代码表中的代码或名称" if options is None else
                f"{'、'.join(f'{v}（{lbl}）' for v, lbl in options)}；也可写中文名称")
    return f"{f.label}：{hint}" if hint else f.label


def _parameter(f: FilterField) -> tuple[type, Any]:
    """The field as an optional query parameter named like the page's, with the filter's default."""
    return f.query_type, Field(f.text(f.default) or None, alias=f.param if f.param != f.name else None,
                               description=_description(f))


def query_schema(filter_class: type[ListFilter], *, current_campaign: bool = False) -> type[ListQuery]:
    """The query schema of a list read through `filter_class`; with `current_campaign`, a query without
    `campaign` lists the user's current campaign (as the page does) instead of every campaign."""
    for name in filter_class.fields:
        assert not (iskeyword(name) or hasattr(ListQuery, name) or name in ListQuery.model_fields), name
    campaign = Field("", description="专项工作（slug）；不填为" + ("当前专项工作" if current_campaign else "全部专项工作"))
    schema = create_model(f"{filter_class.__name__}Query", __base__=ListQuery, campaign=(str, campaign),
                          **{name: _parameter(f) for name, f in filter_class.fields.items()})
    schema.filter_class, schema.current_campaign = filter_class, current_campaign
    return schema


# The query of a list without filters of its own besides the campaign (调研走访, 我的学习记录).
CampaignQuery = query_schema(ListFilter)
