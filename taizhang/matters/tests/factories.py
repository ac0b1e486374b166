from taizhang.matters import services


def make_matter(w, unit="V1", *, status="collecting", **kw):
    defaults = dict(title="东村自来水管网改造", category="infrastructure", source="public")
    defaults.update(kw)
    matter = services.matter_create(actor=None, campaign=w.campaign(), unit=w.unit(unit), **defaults)
    if status in ("claimed", "in_progress"):
        services.matter_claim(actor=w.village_clerk, matter=matter, expected_version=None)
    if status == "in_progress":
        services.matter_transition(actor=None, matter=matter, action="start", expected_version=None)
    return matter
