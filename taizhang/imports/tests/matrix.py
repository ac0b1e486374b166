"""Permission-matrix entries for the Excel pages. The batch and the export job belong to 东县 K1 (county_office);
outsider (clerk of K2) and outsider_office (office of K3) get 404."""

from taizhang.imports.tests.factories import matrix_batch, matrix_job
from taizhang.testing import Route, row_has, row_missing

OUTSIDERS = ("outsider", "outsider_office")


def _batch(w):
    return {"pk": matrix_batch(w).pk}


def _imported(w):
    from taizhang.imports.services import batch_confirm

    return {"pk": batch_confirm(actor=w.county_office, batch=matrix_batch(w)).pk}


def _job(w):
    return {"pk": matrix_job(w).pk}


MATRIX = [
    Route("imports:index", allowed=("county_office", "village_clerk", "sysadmin"), denied=("member", "auditor")),
    Route("imports:batch", kwargs=_batch, allowed=("county_office", "province_office"),
          denied=OUTSIDERS + ("inspector", "village_clerk")),
    Route("imports:confirm", kwargs=_batch, method="post", allowed=("county_office",), denied=OUTSIDERS,
          audit="import.batch", effect=row_has("imports.ImportBatch", status="done")),
    Route("imports:undo", kwargs=_imported, method="post", allowed=("county_office",), denied=OUTSIDERS,
          audit="import.undo", effect=row_missing("ledger.Problem", unit__code="K1")),
    Route("imports:errors", kwargs=_batch, allowed=("county_office",), denied=OUTSIDERS),
    Route("imports:template", kwargs=lambda w: {"kind": "problems"}, allowed=("county_office", "sysadmin"),
          denied=("member", "auditor")),
    Route("imports:export", query="campaign=test-campaign", allowed=("county_office", "inspector", "outsider"),
          denied=("member", "sysadmin")),
    *[Route("imports:export_kind", kwargs=lambda w, k=kind: {"kind": k}, query="campaign=test-campaign",
            allowed=("county_office", "inspector", "outsider"), denied=("member", "sysadmin"))
      for kind in ("problems", "research", "study", "matters", "institutions")],
    # narrowed to a unit outside the user's scope: 404, not an empty file
    Route("imports:export_kind", kwargs=lambda w: {"kind": "research"}, query="campaign=test-campaign&unit=K1",
          allowed=("county_office", "province_office"), denied=OUTSIDERS),
    Route("imports:export_kind", kwargs=lambda w: {"kind": "units"}, allowed=("county_office", "member", "sysadmin"),
          denied=("auditor",)),
    Route("imports:export_kind", kwargs=lambda w: {"kind": "units"}, query="unit=K1",
          allowed=("county_office", "secadmin"), denied=OUTSIDERS),
    Route("imports:export_kind", kwargs=lambda w: {"kind": "users"}, allowed=("sysadmin", "secadmin"),
          denied=("county_office", "auditor", "member")),
    Route("imports:export_kind", kwargs=lambda w: {"kind": "nothing"}, denied=("county_office", "sysadmin")),
    Route("imports:export_job", kwargs=_job, allowed=("county_office",), denied=OUTSIDERS),
    Route("imports:export_download", kwargs=_job, allowed=("county_office",), denied=OUTSIDERS),
]
