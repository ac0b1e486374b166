"""Permission-matrix entries for the 一事一档 routes."""

from taizhang.dossier.tests.factories import make_chain
from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.testing import Route, row_exists

VIEWERS = ("county_office", "county_leader", "inspector", "province_office")
OUTSIDERS = ("outsider", "outsider_office")

MATRIX = [
    Route("dossier:problem", kwargs=lambda w: {"pk": make_chain(w)[0].pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("dossier:problem_print", kwargs=lambda w: {"pk": make_chain(w)[0].pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("api:problem_dossier", kwargs=lambda w: {"problem_id": make_chain(w)[0].pk}, allowed=VIEWERS,
          denied=OUTSIDERS),
    Route("dossier:problem_institution_create", method="post", kwargs=lambda w: {"pk": make_problem(w, "K1").pk},
          data=lambda w: {"inst-title": "村级事务办理规程", "inst-kind": "new"},
          allowed=("county_office", "province_office"), denied=OUTSIDERS + ("village_clerk",),
          audit="institution.link_problems",
          effect=lambda w, sent: row_exists("institutions.Institution", title="村级事务办理规程",
                                            problems__pk=sent.kwargs["pk"])(w, sent)),
    Route("dossier:problem_institution_link", method="post", kwargs=lambda w: {"pk": make_problem(w, "K1").pk},
          data=lambda w: {"institution": make_institution(w).pk}, allowed=("county_office",),
          denied=OUTSIDERS + ("village_clerk",), audit="institution.link_problems",
          effect=lambda w, sent: row_exists("institutions.Institution", pk=sent.data["institution"],
                                            problems__pk=sent.kwargs["pk"])(w, sent)),
]
