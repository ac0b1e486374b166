"""Dashboards (统计看板): a unit's figures, its children's lights and ranking, trends and breakdowns.

One view renders three layouts of the same context — the page, the full-screen 大屏 and the printable
view — so every layout shows the same numbers as the API and the CLI. Chart data goes to the page
through json_script; the charts are drawn by static/taizhang/dashboard.js (CSP: no inline scripts).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from taizhang.ledger.models import ProblemStatus
from taizhang.stats import rollup, snapshots
from taizhang.stats.catalogue import CATALOGUE, GROUP_LABELS, METRICS
from taizhang.stats.links import records_url
from taizhang.stats.selectors import default_unit, may_see_subtree, stats_unit
from taizhang.web.shapes import campaign_required
from taizhang.web.views import page

HEADLINE = ["problems.found", "problems.closed", "problems.close_rate", "problems.on_time_rate", "problems.overdue",
            "problems.due_soon", "measures.total", "measures.done"]
PANELS = {
    "study": ["study.sessions", "study.sessions.reading_class", "study.reading_class.attendance",
              "study.seminar.speakers", "study.attendance", "study.days"],
    "research": ["research.topics", "research.visits", "research.reports", "research.problems_found",
                 "research.solved_on_site", "research.transformations", "research.transformed"],
    "matters": ["matters.total", "matters.done", "matters.beneficiaries", "matters.money"],
    "institutions": ["institutions.new", "institutions.revised", "institutions.abolished"],
    "opinions": ["opinions.collected", "opinions.forums", "opinions.talk_people", "opinions.letters_sent",
                 "opinions.to_problems", "opinions.replied", "opinions.satisfaction_rate"],
}
CHILD_KEYS = ["problems.found", "problems.red", "problems.yellow", "problems.green", "problems.close_rate"]
TREND_KEYS = ["problems.closed", "problems.overdue"]
LIGHT_KEYS = ["problems.red", "problems.yellow", "problems.green"]
LAYOUTS = {"page": "stats/dashboard.html", "screen": "stats/screen.html", "print": "stats/print.html"}


@page()
def dashboard(request):
    """The user's own dashboard: the top-most unit of their statistics scope."""
    unit = default_unit(request.user)
    if unit is None:
        raise Http404("页面不存在")
    url = reverse("stats:unit", args=[unit.code])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def dashboard_context(user, unit, campaign, metric_key: str = "problems.close_rate") -> dict:
    """Everything a dashboard layout shows (also used by the consistency tests)."""
    if metric_key not in CATALOGUE:
        metric_key = "problems.close_rate"
    values = rollup.stats_for(unit, campaign)
    children = rollup.children_of(unit)
    per_child = rollup.by_children(unit, campaign, CHILD_KEYS)
    child_rows = []
    for child in children:
        v = per_child.get(child.path, {})
        child_rows.append({"code": child.code, "name": child.name,
                           "url": reverse("stats:unit", args=[child.code]) + f"?campaign={campaign.slug}",
                           "links": {k.split(".")[1]: records_url(k, child, campaign, user) for k in CHILD_KEYS},
                           **{k.split(".")[1]: v.get(k, 0 if CATALOGUE[k].additive else None) for k in CHILD_KEYS}})
    ranking = rollup.ranking(unit, campaign, metric_key)
    status_labels = dict(ProblemStatus.choices)
    by_status = [(str(status_labels.get(k, k)), n) for k, n in rollup.breakdown(unit, campaign, "status")]
    by_category = [(campaign.code_label("problem_category", k) or "未分类", n)
                   for k, n in rollup.breakdown(unit, campaign, "category")]
    by_source = [(campaign.code_label("problem_source", k) or "未注明", n)
                 for k, n in rollup.breakdown(unit, campaign, "source")]
    trend = snapshots.trend(unit, campaign, TREND_KEYS)

    def figures(keys):
        return [{"key": k, "label": CATALOGUE[k].label, "unit": CATALOGUE[k].unit, "value": values[k],
                 "url": records_url(k, unit, campaign, user)} for k in keys]

    for row in ranking:
        row["records_url"] = records_url(metric_key, row["unit"], campaign, user)

    chart = {
        "lights": [["红灯", values["problems.red"]], ["黄灯", values["problems.yellow"]],
                   ["绿灯", values["problems.green"]]],
        "light_urls": [records_url(k, unit, campaign, user) for k in LIGHT_KEYS],
        "status": by_status, "category": by_category, "source": by_source,
        "children": child_rows, "trend": trend,
        "ranking": {"label": CATALOGUE[metric_key].label, "unit": CATALOGUE[metric_key].unit,
                    "rows": [[r["name"], r["value"]] for r in ranking]},
    }
    return {
        "unit": unit, "campaign": campaign, "metrics": values, "headline": figures(HEADLINE),
        "lights": figures(LIGHT_KEYS), "all_figures": figures(list(values)),
        "panels": [{"key": g, "label": GROUP_LABELS[g], "figures": figures(keys)} for g, keys in PANELS.items()],
        "children": child_rows, "ranking": ranking, "metric_key": metric_key,
        "metric_choices": [(m.key, m.label) for m in METRICS], "chart": chart,
        "ancestors": [a for a in unit.ancestors_and_self() if may_see_subtree(user, a)],
    }


@page()
def unit_dashboard(request, code: str, layout: str = "page"):
    unit = stats_unit(request.user, code)
    campaign = campaign_required(request, "没有可统计的专项工作")
    context = dashboard_context(request.user, unit, campaign, request.GET.get("metric", "problems.close_rate"))
    context["layout"] = layout
    return render(request, LAYOUTS[layout], context)
