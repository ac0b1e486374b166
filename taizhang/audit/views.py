"""The audit log for the auditor: browse, filter, export as CSV, verify the hash chain."""

import csv

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from taizhang.audit import selectors
from taizhang.audit.filters import EventFilter
from taizhang.audit.labels import action_choices, label
from taizhang.audit.services import audit_record, verify_chain
from taizhang.orgs import permissions as P
from taizhang.web.shapes import CappedPaginator, list_page
from taizhang.web.views import require_roles


@require_roles(P.AUDITOR)
def event_list(request):
    filters = EventFilter.from_params(request.user, request.GET)
    return list_page(request, selectors.events_filtered(request.user, **filters.values()),
                     template="audit/event_list.html", filters=filters, paginate=_labelled_page,
                     context={"f": request.GET, "actions": action_choices()})


def _labelled_page(rows, number: int):
    """A page of 50 events, each with its action's Chinese name."""
    page = CappedPaginator(rows, 50).get_page(number)
    for e in page:
        e.action_label = label(e.action)
    return page


class _Echo:
    def write(self, value):
        return value


def csv_safe(value):
    """A cell Excel/WPS will not run as a formula: text starting with = + - @ (or a tab/CR before one) gets a
    leading apostrophe. Object names and changes are typed by users, and the auditor opens this file."""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_roles(P.AUDITOR)
def event_export(request):
    """CSV (UTF-8 with BOM so Excel and WPS open it in Chinese) of the filtered events, streamed."""
    filters = EventFilter.from_params(request.user, request.GET).values()
    qs = selectors.events_filtered(request.user, **filters)
    audit_record(actor=request.user, action="audit.export", object_repr="操作留痕导出",
                 changes={k: str(v) for k, v in filters.items() if v}, unit=request.user.unit)
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow(["序号", "时间", "操作人", "IP", "操作", "对象类型", "对象", "变更内容", "哈希"])
        for e in qs.iterator(chunk_size=2000):
            yield writer.writerow([csv_safe(v) for v in (
                e.seq, timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, e.ip, label(e.action),
                e.object_type, e.object_repr, e.changes, e.hash)])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = f"attachment; filename=audit-{stamp}.csv"
    return response


@require_POST
@require_roles(P.AUDITOR)
def chain_verify(request):
    result = verify_chain()
    audit_record(actor=request.user, action="audit.verify", object_repr="哈希链校验",
                 changes={"ok": result["ok"], "events": result["events"]}, unit=request.user.unit)
    if result["ok"]:
        messages.success(request, f"哈希链完整：共 {result['events']} 条记录，未发现篡改")
    else:
        b = result["broken"]
        messages.error(request, f"哈希链在第 {b['seq']} 条记录处断开：{b['reason']}")
    return redirect("audit:event_list")
