"""API of the statistics at /api/v1/stats — the same catalogue and roll-ups as the dashboards and the CLI."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from taizhang.api.pagination import paged
from taizhang.campaigns.selectors import campaign_get, current_campaign
from taizhang.core.exceptions import NotFound
from taizhang.stats import rollup
from taizhang.stats.catalogue import METRICS, parse_keys
from taizhang.stats.selectors import default_unit, stats_unit

router = Router(tags=["统计分析"])


class StatsOut(Schema):
    unit: str
    unit_name: str
    campaign: str
    as_of: dt.date
    metrics: dict[str, float | int | None]


class RankRow(Schema):
    rank: int
    unit: str = Field(alias="code")
    unit_name: str = Field(alias="name")
    value: float | int | None


class RankingOut(Schema):
    unit: str
    campaign: str
    metric: str
    rows: list[RankRow]


class MetricOut(Schema):
    key: str
    label: str
    unit: str
    group: str
    additive: bool
    description: str


def _resolve(request, campaign: str | None, unit: str | None):
    user = request.auth
    c = campaign_get(user, campaign) if campaign else current_campaign(user)
    if c is None:
        raise NotFound("没有可统计的专项工作")
    u = stats_unit(user, unit) if unit else default_unit(user)
    if u is None:
        raise NotFound("没有可统计的单位")
    return c, u


@router.get("", response=StatsOut, url_name="stats")
def stats_get(request, campaign: str | None = None, unit: str | None = None, as_of: dt.date | None = None,
              metric_keys: str | None = Query(None, alias="keys"), unit_kind: str | None = None):
    """The catalogue (or `keys`, comma-separated) for the subtree of `unit` in `campaign`, as of `as_of`."""
    # `keys` arrives as `metric_keys`: a parameter named `keys` would shadow the params model's keys().
    c, u = _resolve(request, campaign, unit)
    day = as_of or timezone.localdate()
    values = rollup.stats_for(u, c, as_of=as_of, keys=parse_keys(metric_keys), unit_kind=unit_kind or None)
    return {"unit": u.code, "unit_name": u.name, "campaign": c.slug, "as_of": day, "metrics": values}


@router.get("/ranking", response=RankingOut, url_name="stats_ranking")
def stats_ranking(request, metric: str, campaign: str | None = None, unit: str | None = None,
                  unit_kind: str | None = None):
    """The direct children of `unit` ranked on `metric`."""
    c, u = _resolve(request, campaign, unit)
    rows = rollup.ranking(u, c, metric, unit_kind=unit_kind or None)
    return {"unit": u.code, "campaign": c.slug, "metric": metric, "rows": rows}


@router.get("/catalogue", response=list[MetricOut], url_name="stats_catalogue")
@paged
def stats_catalogue(request):
    """Every metric: key, Chinese label, unit of measure, whether it adds up over the tree."""
    return METRICS
