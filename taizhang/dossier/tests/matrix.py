"""Permission-matrix entries for the 一事一档 routes."""

from taizhang.core.testing import Route
from taizhang.dossier.tests.factories import make_chain

VIEWERS = ("county_office", "county_leader", "inspector", "province_office")
OUTSIDERS = ("outsider", "outsider_office")

MATRIX = [
    Route("dossier:problem", kwargs=lambda w: {"pk": make_chain(w)[0].pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("api:problem_dossier", kwargs=lambda w: {"problem_id": make_chain(w)[0].pk}, allowed=VIEWERS,
          denied=OUTSIDERS),
]
