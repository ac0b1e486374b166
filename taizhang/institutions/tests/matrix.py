"""Permission-matrix entries for the institution routes."""

from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.testing import Route, row_exists, row_missing, with_file

VIEWERS = ("county_office", "county_leader", "inspector", "province_office")
OUTSIDERS = ("outsider", "outsider_office")

def _linked(w):
    """An institution with one problem linked to it (for the routes that take the link back)."""
    from taizhang.dossier.services import institution_link_problems

    inst, problem = make_institution(w), make_problem(w, "T1")
    institution_link_problems(actor=None, institution=inst, problems=[problem])
    return inst, problem


MATRIX = [
    Route("institutions:institution_list", allowed=VIEWERS, denied=("sysadmin", "member")),
    Route("institutions:institution_create", allowed=("county_office", "county_clerk"),
          denied=("inspector", "member", "county_leader")),
    Route("institutions:institution_create", method="post",
          data=lambda w: {"unit_code": "K1", "title": "会议管理办法", "kind": "revised"},
          allowed=("county_clerk", "county_office"), denied=("inspector", "member"), audit="institution.create",
          effect=row_exists("institutions.Institution", unit__code="K1", title="会议管理办法", kind="revised")),
    Route("institutions:institution_detail", kwargs=lambda w: {"pk": make_institution(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("institutions:institution_file", kwargs=lambda w: {"pk": with_file(make_institution(w), "attachment").pk},
          allowed=VIEWERS, denied=OUTSIDERS + ("village_clerk",)),
    Route("institutions:institution_edit", kwargs=lambda w: {"pk": make_institution(w).pk},
          allowed=("county_office", "county_clerk"), denied=OUTSIDERS + ("inspector",)),
    Route("api:institution_list", allowed=VIEWERS),
    Route("api:institution_detail", kwargs=lambda w: {"institution_id": make_institution(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS),
    Route("api:institution_problems", method="post", kwargs=lambda w: {"institution_id": make_institution(w).pk},
          data=lambda w: {"numbers": [make_problem(w, "T1").number]}, content_type="application/json",
          allowed=("county_office",), denied=OUTSIDERS, audit="institution.link_problems",
          effect=lambda w, sent: row_exists("institutions.Institution", pk=sent.kwargs["institution_id"],
                                            problems__number=sent.data["numbers"][0])(w, sent)),
    Route("institutions:problem_unlink", method="post",
          kwargs=lambda w: dict(zip(("pk", "problem_pk"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office",), denied=OUTSIDERS + ("village_clerk",), audit="institution.unlink_problem",
          effect=lambda w, sent: row_missing("institutions.Institution", pk=sent.kwargs["pk"],
                                             problems__pk=sent.kwargs["problem_pk"])(w, sent)),
    Route("api:institution_problem_unlink", method="delete",
          kwargs=lambda w: dict(zip(("institution_id", "problem_id"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office",), denied=OUTSIDERS, audit="institution.unlink_problem",
          effect=lambda w, sent: row_missing("institutions.Institution", pk=sent.kwargs["institution_id"],
                                             problems__pk=sent.kwargs["problem_id"])(w, sent)),
]
