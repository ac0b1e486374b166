"""Permission-matrix entries for the dashboards and the statistics API.

Statistics of a unit roll up its subtree, so only users whose scope covers the whole subtree see them:
for K1 the county office, leader and the inspector (K1 and K3); the county clerk (K1 without subunits),
the outsiders (K2, K3) and the 三员 get 404.
"""

from taizhang.testing import Route

K1 = ("county_office", "county_leader", "inspector", "province_office")
DENIED = ("outsider", "outsider_office", "county_clerk", "sysadmin", "secadmin", "auditor")
THREE = ("sysadmin", "secadmin", "auditor", "member")


def _k1(w):
    return {"code": "K1"}


MATRIX = [
    Route("stats:dashboard", allowed=("county_office", "inspector", "village_clerk", "outsider"), denied=THREE),
    Route("stats:unit", kwargs=_k1, query="campaign=test-campaign", allowed=K1, denied=DENIED),
    Route("stats:unit", kwargs=_k1, query="campaign=test-campaign&metric=problems.red", allowed=("county_office",)),
    Route("stats:screen", kwargs=_k1, query="campaign=test-campaign", allowed=K1, denied=DENIED),
    Route("stats:print", kwargs=_k1, query="campaign=test-campaign", allowed=K1, denied=DENIED),
    Route("api:stats", query="campaign=test-campaign&unit=K1", allowed=K1, denied=DENIED),
    Route("api:stats_ranking", query="campaign=test-campaign&unit=K1&metric=problems.close_rate", allowed=K1,
          denied=DENIED),
    Route("api:stats_catalogue", allowed=("county_office", "inspector")),
]
