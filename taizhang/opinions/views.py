"""征求意见 pages: the office's rounds, letters, meetings, triage and review queues; the public form and status
page (no account — see `door` for their guards)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import TaizhangError
from taizhang.core.middleware import client_ip
from taizhang.ledger.selectors import problem_get
from taizhang.opinions import door, selectors, services
from taizhang.opinions.filters import OpinionFilter
from taizhang.opinions.forms import (
    CadreOpinionForm,
    LetterAnswerForm,
    LettersForm,
    LookbackRatingsForm,
    MatterForm,
    MeetingForm,
    ProblemForm,
    PublicOpinionForm,
    RateForm,
    RecordForm,
    RoundForm,
    StatusForm,
)
from taizhang.opinions.models import Audience, Channel, Opinion, OpinionStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, holds_any_action
from taizhang.orgs.selectors import unit_from_code
from taizhang.web.shapes import form_errors_text, list_page
from taizhang.web.views import page


def _fail(request, exc_or_form):
    messages.error(request, exc_or_form.message if isinstance(exc_or_form, TaizhangError)
                   else form_errors_text(exc_or_form))


def _post(request, form, call, *, success: str, to: str):
    """Validate `form`, call the service with its data, say how it went, go back to `to`."""
    if form is not None and not form.is_valid():
        _fail(request, form)
        return redirect(to)
    try:
        call(form.cleaned_data if form is not None else {})
    except TaizhangError as exc:
        _fail(request, exc)
        return redirect(to)
    messages.success(request, success)
    return redirect(to)


def public_url(request, rnd) -> str:
    """The round's public link: on the first public host name when there is one, else on this site."""
    path = reverse("opinions:public_form", args=[rnd.token])
    if settings.OPINIONS_PUBLIC_HOSTS:
        return f"{request.scheme}://{settings.OPINIONS_PUBLIC_HOSTS[0]}{path}"
    if settings.TAIZHANG_BASE_URL:
        return settings.TAIZHANG_BASE_URL + path
    return request.build_absolute_uri(path)


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG, drawn here (segno, no network)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=8, border=2)


# --- office pages -----------------------------------------------------------------------------------

@page(P.VIEW)
def round_list(request):
    campaign = campaign_for_request(request)
    return render(request, "opinions/round_list.html", {
        "campaign": campaign, "rounds": selectors.round_list(request.user, campaign) if campaign else [],
        "can_manage": holds_any_action(request.user, P.REVIEW), "nav_current": "opinions:round_list"})


@page(P.REVIEW)
def round_create(request):
    campaign = campaign_for_request(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            unit = unit_from_code(request.user, data.pop("unit_code"), P.REVIEW)
            rnd = services.round_create(actor=request.user, campaign=campaign, unit=unit, **data)
        except TaizhangError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "征求意见已开始，可以打印二维码海报")
            return redirect("opinions:round_detail", rnd.pk)
    return render(request, "opinions/form.html", {"form": form, "title": "开展征求意见",
                                                  "nav_current": "opinions:round_list"})


@page()
def round_detail(request, pk):
    rnd = selectors.round_get(request.user, pk)
    url = public_url(request, rnd) if rnd.has_form else ""
    by_channel = {c.label: rnd.opinions.filter(channel=c.value).count() for c in Channel}
    return render(request, "opinions/round_detail.html", {
        "round": rnd, "url": url, "qr": qr_svg(url) if url else "", "by_channel": by_channel,
        "letters": rnd.letters.select_related("recipient").order_by("recipient__path"),
        "meetings": selectors.meetings_of(rnd), "accepts": services.round_accepts(rnd),
        "can_manage": has_action(request.user, P.REVIEW, rnd.unit),
        "letters_form": LettersForm(), "meeting_form": MeetingForm(), "record_form": RecordForm(),
        "nav_current": "opinions:round_list"})


@page()
def round_poster(request, pk):
    rnd = selectors.round_get(request.user, pk)
    if not rnd.has_form:
        raise Http404("本次征求意见面向指定单位，不开放网上提交，没有二维码海报")
    url = public_url(request, rnd)
    return render(request, "opinions/poster.html", {"round": rnd, "url": url, "qr": qr_svg(url)})


def _round_action(request, rnd, action):
    to = reverse("opinions:round_detail", args=[rnd.pk])
    if action == "close":
        return _post(request, None, lambda d: services.round_close(actor=request.user, rnd=rnd),
                     success="征求意见已结束", to=to)
    if action == "letters":
        def send(d):
            units = [unit_from_code(request.user, code, P.VIEW, field="recipients") for code in d["recipients"]]
            services.letters_send(actor=request.user, rnd=rnd, recipients=units, deadline=d["deadline"])
        return _post(request, LettersForm(request.POST), send, success="征求意见函已发出", to=to)
    if action == "meeting":
        return _post(request, MeetingForm(request.POST),
                     lambda d: services.meeting_record(actor=request.user, rnd=rnd, **d), success="已登记", to=to)
    if action == "record":
        return _post(request, RecordForm(request.POST),
                     lambda d: services.opinion_record(actor=request.user, rnd=rnd, **d),
                     success="意见建议已登记", to=to)
    raise Http404("操作不存在")


ROUND_ACTIONS = ("close", "letters", "meeting", "record")


@page()
@require_POST
def round_action(request, pk, action):
    if action not in ROUND_ACTIONS:
        raise Http404("操作不存在")
    return _round_action(request, selectors.round_get(request.user, pk, P.REVIEW), action)


round_action.actions = ROUND_ACTIONS


@page(P.REPORT)
def queue(request):
    """意见分办: the opinions of the campaign (pending ones unless the page asks otherwise), the list the opinion
    figures lead to; above it, for the office, the 不满意 ratings to handle and the closed problems whose
    submitters still wait for a reply. Leaders read the list; only the office opens an opinion to triage it."""
    campaign = campaign_for_request(request)
    params = request.GET.copy()
    if "status" not in params and "metric" not in params:
        params["status"] = OpinionStatus.PENDING
    filters = OpinionFilter.from_params(request.user, params)
    rows = selectors.opinion_list(request.user, campaign, **filters.values()) if campaign else Opinion.objects.none()
    reviewer = holds_any_action(request.user, P.REVIEW)
    response = list_page(request, rows, template="opinions/queue.html", filters=filters, context={
        "campaign": campaign, "can_triage": reviewer,
        "awaiting": selectors.awaiting_reply(request.user, campaign)[:100] if campaign and reviewer else [],
        "reviews": selectors.review_queue(request.user, campaign)[:100] if campaign and reviewer else [],
        "nav_current": "opinions:queue"})
    return response


@page()
def opinion_detail(request, pk):
    opinion = selectors.opinion_get(request.user, pk, P.REVIEW)
    similar = selectors.similar_opinions(opinion, selectors.opinions_visible(request.user, P.REVIEW))
    return render(request, "opinions/opinion_detail.html", {
        "opinion": opinion, "similar": similar,
        "problem_form": ProblemForm(campaign=opinion.campaign, initial={
            "unit_code": opinion.unit.code, "title": str(opinion)[:60], "description": opinion.content}),
        "matter_form": MatterForm(campaign=opinion.campaign, initial={"unit_code": opinion.unit.code,
                                                                     "title": str(opinion)[:60]}),
        "reply_draft": services.closure_draft(opinion) if opinion.problem_id else opinion.reply,
        "merged": opinion.merged.all(), "nav_current": "opinions:queue"})


def _opinion_action(request, opinion, action):
    to = reverse("opinions:opinion_detail", args=[opinion.pk])
    user = request.user
    if action == "merge":
        def merge(d):
            into = selectors.opinion_get(user, request.POST.get("into") or 0, P.REVIEW)
            services.opinion_merge(actor=user, opinion=opinion, into=into)
        return _post(request, None, merge, success="已合并", to=to)
    if action == "problem":
        form = ProblemForm(request.POST, campaign=opinion.campaign)

        def to_problem(d):
            others = [selectors.opinion_get(user, int(pk), P.REVIEW) for pk in request.POST.getlist("with")
                      if str(pk).isdigit() and int(pk) != opinion.pk]
            unit = unit_from_code(user, d["unit_code"], P.CREATE)
            services.opinions_to_problem(actor=user, opinions=[opinion, *others], unit=unit, title=d["title"],
                                         description=d["description"], category=d["category"],
                                         responsible_name=d["responsible_name"], deadline=d["deadline"])
        return _post(request, form, to_problem, success="已列入问题清单", to=to)
    if action == "matter":
        form = MatterForm(request.POST, campaign=opinion.campaign)

        def to_matter(d):
            unit = unit_from_code(user, d["unit_code"], P.CREATE)
            services.opinion_to_matter(actor=user, opinion=opinion, unit=unit, title=d["title"],
                                       category=d["category"])
        return _post(request, form, to_matter, success="已转入为民办实事需求清单", to=to)
    if action == "close":
        return _post(request, None, lambda d: services.opinion_close(
            actor=user, opinion=opinion, reason=request.POST.get("reason", "")), success="已办结并答复", to=to)
    if action == "reply":
        return _post(request, None, lambda d: services.opinion_reply(
            actor=user, opinion=opinion, text=request.POST.get("text", "")), success="答复已审定", to=to)
    raise Http404("操作不存在")


OPINION_ACTIONS = ("merge", "problem", "matter", "close", "reply")


@page()
@require_POST
def opinion_action(request, pk, action):
    if action not in OPINION_ACTIONS:
        raise Http404("操作不存在")
    return _opinion_action(request, selectors.opinion_get(request.user, pk, P.REVIEW), action)


opinion_action.actions = OPINION_ACTIONS


@page()
@require_POST
def rating_review(request, pk):
    rating = selectors.rating_get(request.user, pk)
    return _post(request, None, lambda d: services.rating_review(
        actor=request.user, rating=rating, note=request.POST.get("note", ""), reopen=request.POST.get("reopen") == "1"),
        success="已处理", to=reverse("opinions:queue"))


@page(P.CREATE)
def letters_received(request):
    campaign = campaign_for_request(request)
    return render(request, "opinions/letters_received.html", {
        "letters": selectors.letters_received(request.user, campaign).order_by("answered_at", "-id")[:200],
        "nav_current": "opinions:letters_received"})


@page()
def letter_detail(request, pk):
    letter = selectors.letter_get(request.user, pk)
    can_answer = has_action(request.user, P.CREATE, letter.recipient) and not letter.answered_at
    return render(request, "opinions/letter_detail.html", {
        "letter": letter, "round": letter.round, "opinions": letter.opinions.order_by("id"),
        "can_answer": can_answer, "form": LetterAnswerForm(), "nav_current": "opinions:letters_received"})


@page()
@require_POST
def letter_answer(request, pk):
    letter = selectors.letter_get(request.user, pk)
    return _post(request, LetterAnswerForm(request.POST),
                 lambda d: services.letter_answer(actor=request.user, letter=letter, **d),
                 success="已反馈", to=reverse("opinions:letter_detail", args=[letter.pk]))


@page()
@require_http_methods(["GET", "POST"])
def lookback_ratings(request, pk):
    problem = problem_get(request.user, pk)
    form = LookbackRatingsForm(request.POST or None)
    if request.method == "POST":
        return _post(request, form, lambda d: services.lookback_ratings_record(actor=request.user, problem=problem,
                                                                                **d),
                     success="已登记回头看群众评价", to=reverse("ledger:detail", args=[problem.pk]))
    return render(request, "opinions/form.html", {"form": form, "title": f"回头看群众评价：{problem}",
                                                  "nav_current": "ledger:list"})


# --- the public door --------------------------------------------------------------------------------

def _public(request, template, context, status=200):
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


def _public_missing(request):
    return _public(request, "opinions/public/missing.html", {}, status=404)


def _on_public_host(request) -> bool:
    return request.get_host().split(":")[0].lower() in {h.lower() for h in settings.OPINIONS_PUBLIC_HOSTS}


def _refused(request, rnd, refusal: str):
    """A visitor the round's audience leaves out: why, in plain words, and — for a cadre round seen without an
    account on the main site — the way to sign in and come back."""
    login = ""
    if rnd.audience == Audience.CADRES and not request.user.is_authenticated and not _on_public_host(request):
        login = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
    return _public(request, "opinions/public/refused.html", {"round": rnd, "message": refusal, "login": login})


@never_cache
@require_http_methods(["GET", "POST"])
def public_form(request, token):
    rnd = selectors.round_public(token)
    if rnd is None:
        return _public_missing(request)
    if not services.round_accepts(rnd):
        return _public(request, "opinions/public/closed.html", {"round": rnd})
    cadre = request.user if rnd.audience == Audience.CADRES and request.user.is_authenticated else None
    refusal = services.audience_refusal(rnd, cadre)
    if refusal:
        return _refused(request, rnd, refusal)
    # A signed-in cadre has proved to be a person already: no challenge.
    form_class = CadreOpinionForm if cadre is not None else PublicOpinionForm
    if request.method == "POST":
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > settings.OPINIONS_IMAGE_MAX_BYTES + 64 * 1024
        form = form_class(request.POST, request.FILES)
        if too_big:
            form = form_class(request.POST)
            form.is_valid()
            form.add_error(None, "提交的内容过大，请缩小图片后重试")
        elif form.is_valid():
            d = form.cleaned_data
            ip = client_ip(request)
            try:
                if cadre is None:
                    door.challenge_check(d["challenge"], d["answer"])
                door.limit_submission(ip, rnd.pk)
                opinion = services.opinion_submit(rnd=rnd, content=d["content"], name=d["name"], phone=d["phone"],
                                                  anonymous=d["anonymous"], image=d.get("image"), ip=ip, user=cadre)
            except TaizhangError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return _public(request, "opinions/public/receipt.html", {
                    "round": rnd, "code": door.display_code(opinion.receipt_code)})
    else:
        form = form_class()
    context = {"round": rnd, "form": form, "cadre": cadre}
    if cadre is None:
        challenge = door.challenge_new()  # a fresh question each time the form is shown (answers are single-use)
        context.update(question=challenge.question, challenge=challenge.token)
    return _public(request, "opinions/public/form.html", context)


PUBLIC_STATUS = {
    OpinionStatus.PENDING: "已收到，正在研究办理",
    OpinionStatus.PROBLEM: "已列入问题清单，正在整改",
    OpinionStatus.MATTER: "已列入为民办实事，正在办理",
    OpinionStatus.CLOSED: "已办结",
}


def public_view_of(opinion: Opinion) -> dict:
    """What the public may read of an opinion: its status in plain words and the approved reply — nothing else."""
    lead = opinion.merged_into if opinion.merged_into_id else opinion
    status = PUBLIC_STATUS.get(lead.status, PUBLIC_STATUS[OpinionStatus.PENDING])
    if lead.status == OpinionStatus.PROBLEM and lead.problem and lead.problem.status == "closed" and opinion.replied_at:
        status = "已整改完成"
    if lead.status == OpinionStatus.MATTER and lead.matter and lead.matter.status == "done" and opinion.replied_at:
        status = "已办结"
    return {"status": status, "reply": opinion.reply if opinion.replied_at else "",
            "replied_at": opinion.replied_at, "submitted": opinion.created_at,
            "merged": bool(opinion.merged_into_id)}


@never_cache
@require_http_methods(["GET", "POST"])
def public_status(request):
    form = StatusForm(request.POST or None)
    found, rate_form = None, None
    if request.method == "POST" and form.is_valid():
        try:
            door.limit_lookup(client_ip(request))
        except TaizhangError as exc:
            form.add_error(None, exc.message)
        else:
            opinion = selectors.opinion_by_code(form.cleaned_data["code"])
            if opinion is None:
                form.add_error("code", "未找到该查询码对应的意见建议，请核对后重试")
            else:
                found = public_view_of(opinion)
                if services.can_rate(opinion):
                    rate_form = RateForm(initial={"code": opinion.receipt_code})
                found["rating"] = opinion.ratings.filter(source="submitter").first()
    return _public(request, "opinions/public/status.html", {"form": form, "found": found, "rate_form": rate_form})


@never_cache
@require_POST
def public_rate(request):
    form = RateForm(request.POST)
    done, error = False, ""
    if form.is_valid():
        try:
            door.limit_lookup(client_ip(request))
            opinion = selectors.opinion_by_code(form.cleaned_data["code"])
            if opinion is None:
                error = "未找到该查询码对应的意见建议，请核对后重试"
            else:
                services.rating_submit(opinion=opinion, value=form.cleaned_data["value"],
                                       comment=form.cleaned_data["comment"])
                done = True
        except TaizhangError as exc:
            error = exc.message
    else:
        error = "请选择满意、基本满意或不满意"
    return _public(request, "opinions/public/rated.html", {"done": done, "error": error})
