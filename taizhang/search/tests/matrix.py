"""Permission-matrix entries for the search routes."""

from taizhang.testing import Route, row_exists, row_missing

VIEWERS = ("county_office", "county_leader", "county_clerk", "inspector", "village_clerk", "outsider",
           "province_office")
NOT_BUSINESS = ("sysadmin", "secadmin", "auditor", "member")


def _term(w):
    from taizhang.search.services import term_add

    return term_add(actor=None, word="三张清单")


MATRIX = [
    Route("search:results", query="q=理论学习", allowed=VIEWERS, denied=NOT_BUSINESS),
    Route("search:suggest", query="q=理论学习", allowed=VIEWERS, denied=NOT_BUSINESS),
    Route("search:terms", allowed=("county_office", "province_office", "outsider_office"),
          denied=("county_clerk", "county_leader", "inspector", "sysadmin", "member")),
    Route("search:term_add", method="post", data=lambda w: {"word": "三张清单", "note": "问题、任务、责任清单"},
          allowed=("county_office", "province_office"), denied=("county_clerk", "inspector", "sysadmin", "member"),
          audit="searchterm.add", effect=row_exists("search.SearchTerm", word="三张清单")),
    Route("search:term_delete", method="post", kwargs=lambda w: {"pk": _term(w).pk},
          allowed=("county_office", "province_office"), denied=("county_clerk", "inspector", "sysadmin", "member"),
          audit="searchterm.delete", effect=row_missing("search.SearchTerm", word="三张清单")),
    Route("api:search", query="q=理论学习", allowed=VIEWERS, denied=NOT_BUSINESS),
]
