"""Permission-matrix entries for the 查重 routes: offices (REPORT) of the material's unit or above only."""

from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.materials.tests.factories import make_material
from taizhang.testing import Route, row_exists, row_missing

OFFICES = ("county_office", "township_office")
NOT_OFFICES = ("village_clerk", "inspector", "member")
OUTSIDERS = ("outsider", "outsider_office")


def _reference(w):
    from taizhang.similarity import services

    upload = SimpleUploadedFile("范文.txt", "抓党建促基层治理的几点做法，网格连心、积分激励、议事协商。".encode())
    return {"pk": services.reference_upload(actor=None, unit=w.unit("K1"), title="范文", upload=upload).pk}


MATRIX = [
    Route("similarity:check_list", allowed=OFFICES + ("county_leader",), denied=NOT_OFFICES + ("sysadmin",)),
    Route("similarity:check_all", method="post", allowed=OFFICES, denied=NOT_OFFICES, audit="similarity.request_all"),
    Route("similarity:material_report", kwargs=lambda w: {"pk": make_material(w).pk},
          allowed=OFFICES + ("county_leader",), denied=NOT_OFFICES + OUTSIDERS),
    Route("similarity:material_check", method="post", kwargs=lambda w: {"pk": make_material(w).pk},
          allowed=OFFICES, denied=NOT_OFFICES + OUTSIDERS, audit="similarity.request"),
    Route("similarity:reference_list", allowed=OFFICES, denied=NOT_OFFICES),
    Route("similarity:reference_list", method="post",
          data=lambda w: {"unit_code": "K1", "title": "往年范文",
                          "file": SimpleUploadedFile("往年范文.txt", "往年的经验交流材料范文。".encode())},
          allowed=("county_office",), denied=NOT_OFFICES, audit="similarity.reference_upload",
          effect=row_exists("similarity.ReferenceDocument", title="往年范文", unit__code="K1")),
    Route("similarity:reference_delete", method="post", kwargs=_reference, allowed=("county_office",),
          denied=("township_office", "village_clerk") + OUTSIDERS, audit="similarity.reference_delete",
          effect=lambda w, sent: row_missing("similarity.ReferenceDocument", pk=sent.kwargs["pk"])(w, sent)),
    Route("api:similarity_report", kwargs=lambda w: {"material_id": make_material(w).pk},
          allowed=OFFICES + ("county_leader",), denied=NOT_OFFICES + OUTSIDERS),
    Route("api:similarity_check", method="post", kwargs=lambda w: {"material_id": make_material(w).pk},
          allowed=OFFICES, denied=NOT_OFFICES + OUTSIDERS, audit="similarity.request", ok_status=(202,)),
]
