"""Permission-matrix entries for the institution routes."""

from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.testing import Route

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
          allowed=("county_clerk", "county_office"), denied=("inspector", "member")),
    Route("institutions:institution_detail", kwargs=lambda w: {"pk": make_institution(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("institutions:institution_edit", kwargs=lambda w: {"pk": make_institution(w).pk},
          allowed=("county_office", "county_clerk"), denied=OUTSIDERS + ("inspector",)),
    Route("api:institution_list", allowed=VIEWERS),
    Route("api:institution_detail", kwargs=lambda w: {"institution_id": make_institution(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS),
    Route("api:institution_problems", method="post", kwargs=lambda w: {"institution_id": make_institution(w).pk},
          data=lambda w: {"numbers": [make_problem(w, "T1").number]}, content_type="application/json",
          allowed=("county_office",), denied=OUTSIDERS),
    Route("institutions:problem_unlink", method="post",
          kwargs=lambda w: dict(zip(("pk", "problem_pk"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office",), denied=OUTSIDERS + ("village_clerk",)),
    Route("api:institution_problem_unlink", method="delete",
          kwargs=lambda w: dict(zip(("institution_id", "problem_id"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office",), denied=OUTSIDERS),
]
