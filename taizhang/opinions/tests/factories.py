"""Opinion records for tests, built through the services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from taizhang.opinions import services
from taizhang.opinions.models import Opinion


def make_round(w, unit: str = "K1", **kw):
    today = timezone.localdate()
    defaults = dict(title="东县主题教育征求意见", themes="作风建设\n为民服务",
                    starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=30))
    defaults.update(kw)
    return services.round_create(actor=w.county_office, campaign=w.campaign(), unit=w.unit(unit), **defaults)


def make_opinion(w, content: str = "办事窗口午休时间不开放，群众办事要跑两趟", rnd=None) -> Opinion:
    return services.opinion_submit(rnd=rnd or make_round(w), content=content, anonymous=True, ip="10.0.0.9")


def make_letter(w, rnd=None):
    return services.letters_send(actor=w.county_office, rnd=rnd or make_round(w), recipients=[w.unit("V1")],
                                 deadline=date(2026, 12, 31))[0]


def replied(w) -> Opinion:
    op = make_opinion(w)
    return services.opinion_close(actor=w.county_office, opinion=op, reason="已调整窗口作息，午间安排轮岗")


def unsatisfied_rating(w):
    op = replied(w)
    return services.rating_submit(opinion=op, value="unsatisfied")
