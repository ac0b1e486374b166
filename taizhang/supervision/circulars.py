"""通报: rank the direct children of a unit on chosen metrics, render the circular and publish it to the
children's offices. Figures come from the stats catalogue (`taizhang.stats.rollup`), so they agree with
the dashboards; the document comes from `taizhang.reports.services.render_circular` when that app is
installed, else from `documents.circular_docx`."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.supervision.models import Circular

# 退回率 is ours: closures returned / problems on the list (the catalogue has both parts).
RETURN_RATE = "supervision.return_rate"
DEFAULT_METRICS = ["problems.on_time_rate", "problems.overdue", RETURN_RATE]
ASCENDING = {"problems.overdue", "problems.red", RETURN_RATE, "problems.returned"}


def metric_label(key: str) -> str:
    if key == RETURN_RATE:
        return "退回率"
    from taizhang.stats.catalogue import metric

    return str(metric(key).label)


def _display(key: str, value) -> str:
    if value is None:
        return "—"
    if key == RETURN_RATE or key.endswith("_rate"):
        return f"{value:.1f}%"
    return str(value)


def ranking_rows(unit, campaign, metrics: list[str]) -> list[dict]:
    """The direct children of `unit` with the figures of `metrics`, ranked by the first metric."""
    from taizhang.stats.catalogue import metric
    from taizhang.stats.rollup import by_children, children_of

    if not metrics:
        raise ValidationFailed("请至少选择一项指标", field="metrics")
    keys = set()
    for key in metrics:
        if key == RETURN_RATE:
            keys |= {"problems.returned", "problems.listed"}
        else:
            metric(key)
            keys.add(key)
    keys.add("problems.overdue")
    values = by_children(unit, campaign, sorted(keys))
    rows = []
    for child in children_of(unit):
        v = values.get(child.path, {})
        figures = {}
        for key in metrics:
            if key == RETURN_RATE:
                listed = v.get("problems.listed") or 0
                figures[key] = round(100.0 * (v.get("problems.returned") or 0) / listed, 1) if listed else None
            else:
                figures[key] = v.get(key, 0 if not metric(key).ratio else None)
        rows.append({"code": child.code, "name": child.name, "values": figures,
                     "display": {k: _display(k, figures[k]) for k in metrics},
                     "overdue": v.get("problems.overdue") or 0})
    first = metrics[0]
    sign = 1 if first in ASCENDING else -1
    rows.sort(key=lambda r: (r["values"][first] is None, sign * (r["values"][first] or 0), r["code"]))
    rank, previous = 0, object()
    for i, row in enumerate(rows, start=1):
        if row["values"][first] != previous:
            rank, previous = i, row["values"][first]
        row["rank"] = rank
    return rows


def _render(unit, campaign, metrics, rows, title, as_of, actor) -> bytes:
    """The .docx: the reports app's 通报 when installed (catalogue metrics only: 退回率 is given there as
    the count of returned problems), else a plain ranking table of ours."""
    try:
        from taizhang.reports.services import render_circular
    except ImportError:  # the reports app is not installed
        render_circular = None
    if render_circular is not None:
        keys = list(dict.fromkeys("problems.returned" if k == RETURN_RATE else k for k in metrics))
        past = as_of if as_of < timezone.localdate() else None
        return render_circular(unit, campaign, keys, as_of=past, actor=actor)
    from taizhang.supervision.documents import circular_docx

    return circular_docx(unit=unit, campaign=campaign, title=title, as_of=as_of,
                         metrics=[{"key": k, "label": metric_label(k)} for k in metrics], rows=rows)


def circular_publish(*, actor, unit, campaign, metrics: list[str] | None = None, as_of: date | None = None,
                     title: str = "") -> Circular:
    """Rank `unit`'s direct children, render the 通报 and send it to the children's office inboxes.
    One circular per unit, campaign and day (a second one the same day is refused)."""
    from taizhang.orgs.models import RoleAssignment
    from taizhang.stats.rollup import children_of
    from taizhang.supervision.services import send_notice

    if actor is not None and not has_action(actor, P.SUPERVISE, unit):
        raise PermissionDenied(f"您没有权限对「{unit.name}」的下级单位发布通报")
    metrics = list(metrics or DEFAULT_METRICS)
    as_of = as_of or timezone.localdate()
    rows = ranking_rows(unit, campaign, metrics)
    title = title.strip() or f"关于{campaign.name}工作进展情况的通报（{as_of.year}年{as_of.month}月）"
    document = _render(unit, campaign, metrics, rows, title, as_of, actor)
    try:
        with transaction.atomic():
            circular = Circular.objects.create(
                campaign=campaign, unit=unit, title=title, as_of=as_of, metrics=metrics,
                rows=[{k: v for k, v in r.items()} for r in rows], document=document,
                created_by=actor if getattr(actor, "pk", None) else None)
            audit_record(actor=actor, action="circular.publish", obj=circular,
                         changes={"metrics": metrics, "units": [r["code"] for r in rows]})
            children = children_of(unit)
            offices = [a.user for a in RoleAssignment.objects.filter(unit__in=children, role=P.OFFICE,
                                                                     user__is_active=True).select_related("user", "user__unit")]
            send_notice(recipients=offices, title=f"通报：{title}", body=f"{unit.name}发布通报，请查阅本单位排名。",
                        link=reverse("supervision:circular_detail", kwargs={"pk": circular.pk}),
                        kind="circular", obj=circular, dedupe_key=f"circular:{circular.pk}", actor=actor)
    except IntegrityError as exc:
        raise Conflict(f"{unit.name}今天已发布过本专项工作的通报") from exc
    return circular


def publish_monthly(today: date) -> list[int]:
    """The monthly job: a circular from every unit with an office and children in each active campaign."""
    from taizhang.campaigns.models import Campaign
    from taizhang.orgs.models import RoleAssignment, Unit
    from taizhang.orgs.scope import subtree_q

    made = []
    for campaign in Campaign.objects.filter(active=True):
        unit_ids = (RoleAssignment.objects.filter(role=P.OFFICE, include_subunits=True)
                    .filter(subtree_q(campaign.root_unit.path, "unit")).values_list("unit_id", flat=True))
        for unit in Unit.objects.filter(pk__in=set(unit_ids), numchild__gt=0).order_by("path"):
            if Circular.objects.filter(campaign=campaign, unit=unit, as_of=today).exists():
                continue
            try:
                made.append(circular_publish(actor=None, unit=unit, campaign=campaign, as_of=today).pk)
            except Conflict:
                continue
    return made
