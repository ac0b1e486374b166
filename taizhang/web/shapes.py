"""The shapes every app's views take, so a page of one app reads like the same page of any other.

- `form_errors_text(form)`: an invalid form as one message naming each field and its error.
- `post_action(request, call, success=…, to=…, form=…)`: a POST-only action — validate, call a service,
  say how it went, redirect.
- `form_page(request, form, save=…, success=…, to=…, template=…)`: a create or edit page — GET shows the
  form, POST validates and saves; a service error lands under its field and the form comes back.
- `action_dispatch({name: handler})`: a view for URLs with an `<action>` part; the actions are data
  (`view.actions`) and an undeclared one answers 404.
- `list_page(request, rows, template=…)`: a list page — the rows (already scoped and filtered by the app's
  selector) paginated and rendered as a page, or as the results partial for htmx.

Object look-ups stay in the view, before these helpers, so an object outside the user's scope answers 404
(`service_errors`). A `NotFound` raised inside `call`/`save` is about a value the user typed (a problem
number, a unit code) and is shown like every other service error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taizhang.core.exceptions import TaizhangError
from taizhang.web.views import flash_error, form_apply_error, service_errors

Message = str | Callable[[Any], str]
Target = str | Callable[[Any], str]


def form_errors_text(form) -> str:
    """「标题：请填写问题标题；日期：请输入有效日期」— each invalid field's label and first error, in form order."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{errors[0]}" if label else errors[0])
    return "；".join(parts) or "输入有误"


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


def action_dispatch(actions: Mapping[str, Callable]) -> Callable:
    """A POST-only view for a URL with an `<action>` part: `actions` maps each action's name to the handler
    `handler(request, **url_kwargs)`; an action not in the map answers 404. The map stays readable as
    `view.actions` (the permission matrix walks it)."""
    table = dict(actions)

    @require_POST
    @login_required
    @service_errors
    def view(request, action: str, **kwargs):
        handler = table.get(action)
        if handler is None:
            raise Http404("操作不存在")
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


def page_of(request, rows, per_page: int = 30):
    """The page of `rows` asked for in ``?page=`` (the last one when the number is past the end)."""
    return Paginator(rows, per_page).get_page(page_number(request))


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
                                  **(context or {})})


def campaign_required(request, message: str = "没有可用的专项工作"):
    """The campaign a ledger-style page works in: ``campaign`` from the query or the form if the user takes
    part in it, else the current one; 404 with `message` where there is none."""
    from taizhang.campaigns.selectors import campaign_get, current_campaign

    slug = request.GET.get("campaign") or request.POST.get("campaign")
    campaign = campaign_get(request.user, slug) if slug else current_campaign(request.user, request)
    if campaign is None:
        raise Http404(message)
    return campaign


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
