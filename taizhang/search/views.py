"""Search pages: the results page, the fragment the top-bar box fetches while the user types, and the office's
dictionary of campaign words."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaigns_for
from taizhang.core.exceptions import TaizhangError
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role, holds_any_action
from taizhang.search import selectors, services
from taizhang.search.filters import SearchFilter
from taizhang.search.models import SearchTerm
from taizhang.search.statuses import BY_KIND
from taizhang.web.shapes import page_of
from taizhang.web.views import page

SUGGEST_PER_KIND = 3


def _campaign(request):
    """The campaign named by ?campaign= among those the user takes part in; (None, notice) when it is not one."""
    slug = (request.GET.get("campaign") or "").strip()
    if not slug:
        return None, ""
    campaign = campaigns_for(request.user).filter(slug=slug).first()
    return campaign, "" if campaign else f"「专项工作」：未找到标识为「{slug}」的专项工作，或您未参加该专项工作"


@page(P.VIEW)
def results(request):
    """全文检索: results grouped by kind with their counts; with a kind chosen, every result of it, page by page."""
    filters = SearchFilter.from_params(request.user, request.GET)
    campaign, campaign_notice = _campaign(request)
    query = filters.q or ""
    ctx = {"filters": filters, "q": query, "campaign_notice": campaign_notice, "nav_current": "search:results",
           "campaigns": list(campaigns_for(request.user)), "campaign_slug": campaign.slug if campaign else "",
           "kinds": selectors.KIND_LABELS.items(), "statuses": BY_KIND.get(filters.kind) or [],
           "terms": selectors.query_terms(query), "can_configure": holds_any_action(request.user, P.CONFIGURE)}
    ctx["show_campaign"] = not campaign and len(ctx["campaigns"]) > 1
    blocked = filters.blocked or bool(campaign_notice) or not ctx["terms"]
    values = dict(kind=filters.kind or "", campaign=campaign, unit=filters.unit, status=filters.status or "")
    if blocked:
        ctx["result"] = None
    elif filters.kind:
        ctx["result"] = selectors.grouped(request.user, query, per_kind=0, **{**values, "kind": ""})
        entries = selectors.search_entries(request.user, query, **values)
        ctx["page"] = page_of(request, selectors.Matches(entries, cap=selectors.COUNT_CAP + 1, terms=ctx["terms"]),
                              per_page=20, cap=selectors.COUNT_CAP)
        ctx["page_hits"] = selectors.hits(ctx["page"].object_list, ctx["terms"])
        params = request.GET.copy()
        params.pop("page", None)
        ctx["query"] = params.urlencode()
    else:
        ctx["result"] = selectors.grouped(request.user, query, **values)
    params = request.GET.copy()
    for name in ("kind", "page"):
        params.pop(name, None)
    ctx["base_query"] = params.urlencode()
    return render(request, "search/results.html", ctx)


@page(P.VIEW)
def suggest(request):
    """The top-bar box's drop-down: a few results of each kind for what has been typed so far (an HTML fragment)."""
    query = (request.GET.get("q") or "").strip()
    result = selectors.grouped(request.user, query, per_kind=SUGGEST_PER_KIND) if query else None
    return render(request, "search/_suggest.html", {"q": query, "result": result})


@page(P.CONFIGURE)
def terms(request):
    """检索词典: the campaign words the office added to the tokeniser (beside those shipped with taizhang)."""
    from taizhang.search.tokenize import shipped_words

    return render(request, "search/terms.html", {
        "terms": SearchTerm.objects.select_related("created_by"), "shipped": shipped_words(),
        "can_edit": has_any_role(request.user, P.OFFICE), "nav_current": "search:terms"})


@require_POST
@page(P.CONFIGURE)
def term_add(request):
    try:
        term = services.term_add(actor=request.user, word=request.POST.get("word", ""),
                                 note=request.POST.get("note", ""))
    except TaizhangError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将「{term.word}」加入检索词典；请在空闲时重建索引（taizhang search reindex），"
                                  f"使已有记录按新词检索")
    return redirect("search:terms")


@require_POST
@page(P.CONFIGURE)
def term_delete(request, pk):
    term = SearchTerm.objects.filter(pk=pk).first()
    if term is None:
        from django.http import Http404

        raise Http404("词语不存在")
    try:
        services.term_delete(actor=request.user, term=term)
    except TaizhangError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已从检索词典删除「{term.word}」")
    return redirect("search:terms")
