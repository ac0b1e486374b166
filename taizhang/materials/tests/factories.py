from taizhang.materials import services


def make_material(w, unit="V1", *, author="village_clerk", genre="experience", **kw):
    defaults = dict(title="抓实“三会一课”的几点做法", body="一、坚持问题导向……")
    defaults.update(kw)
    actor = w.user(author) if author else None
    return services.material_submit(actor=actor, campaign=w.campaign(), unit=w.unit(unit), genre=genre, **defaults)


def make_self_review(w):
    return make_material(w, author="member", genre="self_review", title="个人对照检查材料", body="查摆问题……")
