"""Permission-matrix entries for the 征求意见 routes; the public door's routes are declared public."""

from taizhang.ledger.tests.factories import closed
from taizhang.opinions.tests.factories import make_letter, make_opinion, make_round, unsatisfied_rating
from taizhang.testing import Route, row_exists, row_has

VIEWERS = ("county_office", "county_leader", "inspector")
OFFICE = ("county_office",)
OUTSIDERS = ("outsider", "outsider_office")


def _pk(factory):
    return lambda w: {"pk": factory(w).pk}


MATRIX = [
    Route("opinions:round_list", allowed=VIEWERS, denied=("sysadmin", "member")),
    Route("opinions:round_create", allowed=OFFICE, denied=("county_clerk", "inspector", "member")),
    Route("opinions:round_create", method="post",
          data=lambda w: {"unit_code": "K1", "title": "作风建设征求意见", "themes": "作风建设",
                          "audience": "public", "starts_on": "2026-09-01", "ends_on": "2026-12-31"},
          allowed=OFFICE, denied=("county_clerk", "inspector", "member"), audit="opinionround.create",
          effect=row_exists("opinions.OpinionRound", title="作风建设征求意见")),
    Route("opinions:round_detail", kwargs=_pk(make_round), allowed=VIEWERS, denied=OUTSIDERS + ("member",)),
    Route("opinions:round_poster", kwargs=_pk(make_round), allowed=VIEWERS, denied=OUTSIDERS + ("member",)),
    Route("opinions:round_action", method="post", action="close", kwargs=_pk(make_round), allowed=OFFICE,
          denied=OUTSIDERS + ("county_leader", "inspector"), audit="opinionround.close",
          effect=row_has("opinions.OpinionRound", status="closed")),
    Route("opinions:round_action", method="post", action="letters", kwargs=_pk(make_round),
          data=lambda w: {"recipients": "V1 V2", "deadline": "2026-12-31"}, allowed=OFFICE,
          denied=OUTSIDERS + ("county_leader", "inspector"), audit="opinionletter.send",
          effect=row_exists("opinions.OpinionLetter", recipient__code="V2")),
    Route("opinions:round_action", method="post", action="meeting", kwargs=_pk(make_round),
          data=lambda w: {"kind": "forum", "held_on": "2026-10-10", "sessions": 1, "attendance": 12,
                          "opinions": "村道路灯不亮\n垃圾清运不及时"}, allowed=OFFICE,
          denied=OUTSIDERS + ("county_leader", "inspector"), audit="opinionmeeting.create",
          effect=row_exists("opinions.Opinion", channel="forum", content="垃圾清运不及时")),
    Route("opinions:round_action", method="post", action="record", kwargs=_pk(make_round),
          data=lambda w: {"content": "意见箱：希望延长图书室开放时间"}, allowed=OFFICE,
          denied=OUTSIDERS + ("county_leader", "inspector"), audit="opinion.record",
          effect=row_exists("opinions.Opinion", channel="box")),
    Route("opinions:queue", allowed=("county_office", "township_office", "county_leader"), denied=("county_clerk", "inspector",
                                                                                 "member", "sysadmin")),
    Route("opinions:opinion_detail", kwargs=_pk(make_opinion), allowed=OFFICE,
          denied=OUTSIDERS + ("township_office", "inspector", "member")),
    Route("opinions:opinion_action", method="post", action="merge", kwargs=_pk(make_opinion),
          data=lambda w: {"into": make_opinion(w, "窗口中午不办公，群众要跑两趟").pk}, allowed=OFFICE,
          denied=OUTSIDERS + ("inspector",), audit="opinion.merge",
          effect=row_has("opinions.Opinion", status="merged")),
    Route("opinions:opinion_action", method="post", action="problem", kwargs=_pk(make_opinion),
          data=lambda w: {"unit_code": "K1", "title": "窗口午间不办公", "description": "群众反映午间不办公"},
          allowed=OFFICE, denied=OUTSIDERS + ("inspector",), audit="opinion.to_problem",
          effect=row_has("opinions.Opinion", status="problem")),
    Route("opinions:opinion_action", method="post", action="matter", kwargs=_pk(make_opinion),
          data=lambda w: {"unit_code": "K1", "title": "窗口午间轮岗", "category": "service"},
          allowed=OFFICE, denied=OUTSIDERS + ("inspector",), audit="opinion.to_matter",
          effect=row_has("opinions.Opinion", status="matter")),
    Route("opinions:opinion_action", method="post", action="close", kwargs=_pk(make_opinion),
          data=lambda w: {"reason": "已于十月起实行午间轮岗"}, allowed=OFFICE, denied=OUTSIDERS + ("inspector",),
          audit="opinion.close", effect=row_has("opinions.Opinion", status="closed", reply="已于十月起实行午间轮岗")),
    Route("opinions:opinion_action", method="post", action="reply",
          kwargs=lambda w: {"pk": _to_matter(w).pk}, data=lambda w: {"text": "已列入实事清单"},
          allowed=OFFICE, denied=OUTSIDERS + ("inspector",), audit="opinion.reply",
          effect=row_has("opinions.Opinion", reply="已列入实事清单")),
    Route("opinions:rating_review", method="post", kwargs=_pk(unsatisfied_rating), data=lambda w: {"note": "已核实"},
          allowed=OFFICE, denied=OUTSIDERS + ("inspector",), audit="opinionrating.review",
          effect=row_has("opinions.OpinionRating", review_note="已核实")),
    Route("opinions:letters_received", allowed=("village_clerk", "county_office"), denied=("inspector", "member")),
    Route("opinions:letter_detail", kwargs=_pk(make_letter), allowed=("village_clerk", "county_office"),
          denied=OUTSIDERS + ("member",)),
    Route("opinions:letter_answer", method="post", kwargs=_pk(make_letter),
          data=lambda w: {"opinions": "村务公开不及时\n希望多开展技能培训"}, allowed=("village_clerk",),
          denied=OUTSIDERS + ("member",), audit="opinionletter.answer",
          effect=row_exists("opinions.Opinion", channel="letter", content="希望多开展技能培训")),
    Route("opinions:lookback_ratings", kwargs=lambda w: {"pk": closed(w).pk}, allowed=("county_office",),
          denied=OUTSIDERS + ("member",)),
    Route("opinions:lookback_ratings", method="post", kwargs=lambda w: {"pk": closed(w).pk},
          data=lambda w: {"satisfied": 3, "basic": 1, "unsatisfied": 0}, allowed=("county_office",),
          denied=OUTSIDERS + ("member",), audit="opinionrating.lookback",
          effect=row_exists("opinions.OpinionRating", source="lookback", value="basic")),
    # The public door: anyone, no account.
    Route("opinions:public_form", kwargs=lambda w: {"token": make_round(w).token}, public=True),
    Route("opinions:public_status", public=True),
    Route("opinions:public_rate", method="post", data=lambda w: {"code": "X", "value": "satisfied"}, public=True),
]


def _to_matter(w):
    from taizhang.opinions import services

    op = make_opinion(w)
    services.opinion_to_matter(actor=w.county_office, opinion=op, unit=w.unit("K1"), title="窗口午间轮岗",
                               category="service")
    return op
