"""The shapes every app's views take, so a page of one app reads like the same page of any other.

Actions (POST only, then back to a page):
- `post_action(request, call, success=…, to=…, form=…)`: validate, call a service, say how it went, redirect.
  An invalid form becomes one message naming its fields (`form_errors_text`); a TaizhangError its message.
- `@action_on(get)`: the decorators of an action on one record, which `get(user, pk)` finds in the scope.
- `action_dispatch({name: handler}, get=…)`: a view for URLs with an `<action>` part; the actions are data
  (`view.actions`) and an undeclared one answers 404.

Forms (GET shows, POST saves; a TaizhangError lands under the field it names and the form comes back):
- `form_page(request, form, save=…, success=…, to=…, template=…)`: any create or edit page.
- `create_page(request, FormClass, create=…)`: a record of the current campaign for a unit the user writes for.
- `edit_page(request, pk, get=…, form_class=…, update=…)`: a versioned record the user may change.

Lists (scope → filter → paginate → render):
- `list_page(request, rows, template=…, partial=…)`: rows from the app's selector, paginated, rendered as the
  page or — for htmx — its results partial; `query` (the filters without the page) feeds the pager and the
  导出Excel button, so the export holds the rows the page lists. A list opened from a figure (`?metric=KEY`)
  says so above its results and keeps the key while the user narrows it (`metric_context`).
- `campaign_list_page(request, FilterClass, selector, template=…)`: the same for a campaign's records, with the
  app's filter (`<app>/filters.py`, see taizhang.core.filters) parsed from the query string.

The record a URL names is looked up before these helpers run, so one outside the user's scope answers 404
(`service_errors`). A `NotFound` raised inside `call`/`save` is about a value the user typed (a problem
number, a unit code) and is shown like every other service error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from taizhang.core.exceptions import TaizhangError
from taizhang.core.querysets import COUNT_CAP, count_up_to
from taizhang.web.views import flash_error, form_apply_error, page

Message = str | Callable[[Any], str]
Target = str | Callable[[Any], str]


def form_errors_text(form) -> str:
    """One sentence: 「请填写进展情况；日期：请输入有效日期。」— each invalid field's first error in form order, its
    label put in front only where the error does not name the field already, no doubled punctuation."""
    parts = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label or "") if name in form.fields else ""
        error = str(errors[0]).strip().rstrip("。.；;，,")
        core = label.split("（")[0].rstrip("*：: ")
        parts.append(f"{core}：{error}" if core and core not in error else error)
    return ("；".join(p for p in parts if p) or "输入有误") + "。"


def _done(request, success: Message, to: Target, result) -> HttpResponse:
    """After a write went through: its success message (none when empty) and the redirect."""
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return redirect(_target(to, result))


def _target(to: Target, result):
    return to(result) if callable(to) else to


def post_action(request, call: Callable[[Mapping], Any], *, success: Message, to: Target,
                form=None) -> HttpResponse:
    """POST an action: validate `form` (if given), run `call(data)` — `data` is the form's cleaned data, else
    request.POST — and redirect to `to`, with `success` (or `success(result)`) as the page's message. A
    TaizhangError becomes an error message in its own words; an invalid form one message naming the fields.
    `to` is a URL (or anything else `redirect` takes), or a function of the call's result — None when the call
    failed or never ran — for a page whose address the action changes."""
    if form is not None and not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(_target(to, None))
    try:
        result = call(form.cleaned_data if form is not None else request.POST)
    except TaizhangError as exc:
        flash_error(request, exc)
        return redirect(_target(to, None))
    return _done(request, success, to, result)


def form_page(request, form, *, save: Callable[[dict], Any], success: Message, to: Target, template: str,
              context: Mapping | None = None) -> HttpResponse:
    """A create or edit page: GET (or an invalid POST) renders `template` with the form; a valid POST runs
    `save(cleaned_data)` and redirects to `to` (or `to(result)`) with `success` as the message. A TaizhangError
    from `save` is put under the field it names (form_apply_error) and the form is shown again with the input."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except TaizhangError as exc:
            form_apply_error(form, exc)
        else:
            return _done(request, success, to, result)
    return render(request, template, {"form": form, **(context or {})})


def action_on(get: Callable[[Any, Any], Any]) -> Callable:
    """Decorator of a POST-only action on one record: the URL's `pk` is looked up with `get(user, pk)` (the app's
    selector; NotFound outside the user's scope answers 404) and the view is called as `view(request, record)`."""

    def decorator(view):
        @require_POST
        @page()
        @wraps(view)
        def wrapper(request, pk, **kwargs):
            return view(request, get(request.user, pk), **kwargs)
        return wrapper
    return decorator


def action_dispatch(actions: Mapping[str, Callable], *, get: Callable[[Any, Any], Any] | None = None) -> Callable:
    """A POST-only view for a URL with an `<action>` part: `actions` maps each action's name to its handler; an
    action not in the map answers 404. With `get`, the URL's `pk` is looked up first (as action_on does) and the
    handler is called as `handler(request, record)`, else as `handler(request, **url_kwargs)`. The map stays
    readable as `view.actions` (the permission matrix walks it)."""
    table = dict(actions)

    @require_POST
    @page()
    def view(request, action: str, **kwargs):
        handler = table.get(action)
        if handler is None:
            raise Http404("操作不存在")
        if get is not None:
            return handler(request, get(request.user, kwargs.pop("pk")), **kwargs)
        return handler(request, **kwargs)

    view.actions = table
    return view


def campaign_needed(campaign):
    """The campaign a create page writes into; without one the form says so instead of saving."""
    if campaign is None:
        raise TaizhangError("没有可用的专项工作，请先选择专项工作")
    return campaign


def page_number(request) -> int:
    """The page asked for in ``?page=``; 1 when absent or not a positive number."""
    number = request.GET.get("page", "")
    return int(number) if number.isdigit() and int(number) > 0 else 1


class CappedPaginator(Paginator):
    """Django's Paginator whose count stops at COUNT_CAP (`count_up_to`): a province office's list of 2.6 million
    measures is not counted row by row to show its first page. Above the cap, `capped` is true, the pages reach
    as far as the cap and the page says "10000+" (`count_label`, `pages_label`)."""

    cap = COUNT_CAP

    def __init__(self, rows, per_page: int, *, cap: int | None = None, **kwargs):
        super().__init__(rows, per_page, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return count_up_to(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    @property
    def count_label(self) -> str:
        return f"{self.count}+" if self.capped else str(self.count)

    @property
    def pages_label(self) -> str:
        return f"{self.num_pages}+" if self.capped else str(self.num_pages)


def page_of(request, rows, per_page: int = 30, cap: int | None = None):
    """The page of `rows` asked for in ``?page=`` (the last one when the number is past the end), the rows
    counted only up to `cap` (COUNT_CAP unless given; `CappedPaginator`)."""
    return CappedPaginator(rows, per_page, cap=cap).get_page(page_number(request))


def list_page(request, rows, *, template: str, partial: str | None = None, context: Mapping | None = None,
              per_page: int = 30, filters=None, paginate: Callable[[Any, int], Any] | None = None) -> HttpResponse:
    """A list page: `rows` (the app's selector applied to the user's scope and the page's filters) cut into
    pages and rendered — the full page, or `partial` when htmx asks for the results only. The context holds
    `page`, `query` (the query string without the page number, for the pager and the 导出Excel button, which
    therefore export the same rows) and `filters` with the errors of values that could not be used.
    `paginate(rows, number)` replaces Django's Paginator where a list pages its own way (the ledger)."""
    page = paginate(rows, page_number(request)) if paginate else page_of(request, rows, per_page)
    query = request.GET.copy()
    query.pop("page", None)
    name = partial if partial and getattr(request, "htmx", False) else template
    return render(request, name, {"page": page, "query": query.urlencode(), "filters": filters,
                                  **metric_context(request, filters), **(context or {})})


def metric_context(request, filters) -> dict:
    """The figure a list opened from a dashboard counts (its `metric` filter): its label, and the address of
    the same list without it — for the notice above the results (统计口径) and the filter form, which keeps
    the key while the user narrows the list further."""
    from taizhang.stats.catalogue import CATALOGUE

    m = CATALOGUE.get(getattr(filters, "metric", "") or "")
    if m is None:
        return {}
    query = request.GET.copy()
    for name in ("metric", "page"):
        query.pop(name, None)
    return {"metric_label": m.label, "metric_clear": "?" + query.urlencode()}


def campaign_required(request, message: str = "没有可用的专项工作"):
    """The campaign a ledger-style page works in: ``campaign`` from the query or the form if the user takes
    part in it, else the current one; 404 with `message` where there is none."""
    from taizhang.campaigns.selectors import campaign_get, current_campaign

    slug = request.GET.get("campaign") or request.POST.get("campaign")
    campaign = campaign_get(request.user, slug) if slug else current_campaign(request.user, request)
    if campaign is None:
        raise Http404(message)
    return campaign


def detail_url(url_name: str) -> Callable[[Any], str]:
    """The address of a record's page (`url_name` taking the record's pk), as a `to` for the page shapes."""
    return lambda record: reverse(url_name, kwargs={"pk": record.pk})


def own_unit_initial(user) -> dict:
    """A create form's 单位 filled in with the user's own unit."""
    return {"unit_code": user.unit.code if user.unit_id else ""}


def create_page(request, form_class, *, create: Callable[..., Any], success: Message, to: Target, template: str,
                context: Mapping | None = None, prepare: Callable[[dict], dict] | None = None,
                unit: Callable[[Any, str], Any] | None = None, with_campaign: bool = False) -> HttpResponse:
    """A page that registers a record of the current campaign for a unit (调研课题, 实事, 学习活动, 制度, 材料):
    the form starts with the user's own unit; on save the typed unit code must be one the user creates for
    (`unit(user, code)` where another rule applies), `prepare(data)` turns the other typed values into what
    the service takes, and `create(actor=, campaign=, unit=, **data)` writes the record. Otherwise form_page."""
    from taizhang.campaigns.selectors import campaign_for_request
    from taizhang.orgs import permissions as P
    from taizhang.orgs.selectors import unit_from_code

    campaign = campaign_for_request(request)
    find_unit = unit or (lambda user, code: unit_from_code(user, code, P.CREATE))

    def save(data):
        data = dict(data)
        where = find_unit(request.user, data.pop("unit_code"))
        data = prepare(data) if prepare else data
        return create(actor=request.user, campaign=campaign_needed(campaign), unit=where, **data)

    extra = {"campaign": campaign} if with_campaign else {}
    form = form_class(request.POST or None, request.FILES or None, initial=own_unit_initial(request.user), **extra)
    return form_page(request, form, save=save, success=success, to=to, template=template, context=context)


def campaign_list_page(request, filter_class, rows: Callable[..., Any], *, template: str,
                       context: Mapping | None = None, per_page: int = 30) -> HttpResponse:
    """A list of the current campaign's records: `rows(user, campaign, **filter values)` (the app's selector,
    which the list's Excel export reads too) through list_page, with `campaign` and `filters` in the context."""
    from taizhang.campaigns.selectors import campaign_for_request

    campaign = campaign_for_request(request)
    filters = filter_class.from_params(request.user, request.GET)
    return list_page(request, rows(request.user, campaign, **filters.values()), template=template, filters=filters,
                     per_page=per_page, context={"campaign": campaign, **(context or {})})


def edit_page(request, pk, *, get: Callable[[Any, Any], Any], form_class, update: Callable[..., Any], record_kwarg: str,
              success: Message, to: Target, template: str, context: Callable[[Any], Mapping] | None = None,
              initial: Callable[[Any], dict] | None = None, prepare: Callable[[dict], dict] | None = None,
              may: tuple[str, ...] = ("change",), with_campaign: bool = False) -> HttpResponse:
    """The edit page of a versioned record: `get(user, pk)` finds it in the user's scope (404 outside), one of the
    actions `may` over its unit lets the user edit it (404 otherwise), the form starts from the record (plus
    `initial(record)`), and on save `update(actor=, <record_kwarg>=, expected_version=, **prepare(data))` writes
    it — on a fresh copy, since the form wrote its input into the first one. The version the form was loaded
    with travels in the page (`version`), so a concurrent change is refused with a readable conflict message."""
    from taizhang.orgs.scope import has_action
    from taizhang.web.views import posted_version

    record = get(request.user, pk)
    if not any(has_action(request.user, action, record.unit) for action in may):
        raise Http404()
    extra = {"campaign": record.campaign} if with_campaign else {}
    form = form_class(request.POST or None, request.FILES or None, instance=record,
                      initial=initial(record) if initial else None, **extra)

    def save(data):
        data = prepare(dict(data)) if prepare else dict(data)
        return update(actor=request.user, expected_version=posted_version(request),
                      **{record_kwarg: get(request.user, pk)}, **data)

    return form_page(request, form, save=save, success=success, to=to(record) if callable(to) else to,
                     template=template, context={"version": record.version, **(context(record) if context else {})})
