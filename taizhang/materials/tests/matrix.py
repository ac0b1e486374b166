"""Permission-matrix entries for the material routes, including the confidential 对照检查材料."""

from taizhang.materials.tests.factories import make_material, make_self_review
from taizhang.testing import Route, row_exists, with_file

VIEWERS = ("county_office", "county_leader", "inspector", "village_clerk")
OUTSIDERS = ("outsider", "outsider_office")


def _compilation(w):
    from taizhang.materials import services

    return {"pk": services.compilation_create(actor=None, campaign=w.campaign(), unit=w.unit("K1"),
                                              title="交流材料汇编").pk}


MATRIX = [
    Route("materials:material_list", allowed=VIEWERS + ("member",), denied=("sysadmin", "auditor")),
    Route("materials:material_create", allowed=("village_clerk", "member", "county_office"),
          denied=("inspector", "sysadmin")),
    Route("materials:material_create", method="post",
          data=lambda w: {"unit_code": "V1", "genre": "reflection", "title": "学习心得", "body": "体会……"},
          allowed=("member", "village_clerk"), denied=("inspector", "sysadmin"), audit="material.submit",
          effect=row_exists("materials.Material", unit__code="V1", title="学习心得")),
    Route("materials:material_detail", kwargs=lambda w: {"pk": make_material(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("member",)),
    Route("materials:material_file", kwargs=lambda w: {"pk": with_file(make_material(w), "file").pk},
          allowed=VIEWERS, denied=OUTSIDERS + ("member",)),
    Route("materials:material_file", kwargs=lambda w: {"pk": with_file(make_self_review(w), "file").pk},
          allowed=("member", "township_office"),
          denied=("village_clerk", "inspector", "county_leader", "county_office", "province_office") + OUTSIDERS),
    # 对照检查材料 of the member of V1: the author and the township office (T1, directly above V1) only.
    Route("materials:material_detail", kwargs=lambda w: {"pk": make_self_review(w).pk},
          allowed=("member", "township_office"),
          denied=("village_clerk", "inspector", "county_leader", "county_office", "province_office") + OUTSIDERS),
    Route("materials:material_grant", method="post", kwargs=lambda w: {"pk": make_self_review(w).pk},
          data=lambda w: {"grantee": "county_leader", "op": "grant"}, allowed=("member", "township_office"),
          denied=("village_clerk", "inspector") + OUTSIDERS, audit="material.grant",
          effect=lambda w, sent: row_exists("materials.MaterialGrant", material_id=sent.kwargs["pk"],
                                            grantee__username="county_leader")(w, sent)),
    # 典型经验: the offices above the material's unit mark it; viewers without REPORT get an error message.
    Route("materials:material_typical", method="post", kwargs=lambda w: {"pk": make_material(w).pk},
          data=lambda w: {"typical": "1"}, allowed=("county_office", "township_office"), denied=OUTSIDERS,
          audit="material.typical",
          effect=lambda w, sent: row_exists("materials.Material", pk=sent.kwargs["pk"], typical=True)(w, sent)),
    Route("materials:compilation_list", allowed=("county_office", "county_leader"),
          denied=("village_clerk", "inspector", "member")),
    Route("materials:compilation_detail", kwargs=_compilation, allowed=("county_office", "county_leader", "inspector"),
          denied=OUTSIDERS + ("village_clerk",)),
    Route("api:material_list", allowed=VIEWERS + ("member",)),
    Route("api:material_detail", kwargs=lambda w: {"material_id": make_self_review(w).pk},
          allowed=("member", "township_office"), denied=("village_clerk", "inspector") + OUTSIDERS),
]
