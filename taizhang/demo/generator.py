"""Demo data: a realistic, deterministic organisation, accounts for every role and level, and a campaign.

`generate(size, seed)` builds the foundation and then runs every app's `demo.generate(ctx)` step
(ordered by the module's DEMO_ORDER), so each workstream adds its own records to the same data set.
Everything is written with bulk inserts: the province size (about 20,000 units) takes seconds here and
the ledger's million problems take minutes, not hours.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.demo import phrases
from taizhang.orgs import permissions as P

DEMO_PASSWORD = "Taizhang@2023"
SIZES = ("small", "county", "province")


@dataclass
class DemoContext:
    """What the foundation step made, handed to every app's demo step."""

    size: str
    seed: int
    today: date
    rng: random.Random
    root: object = None
    units_by_level: dict[str, list] = field(default_factory=dict)
    campaign: object = None
    predecessor: object = None
    accounts: list[dict] = field(default_factory=list)
    users_by_unit: dict[int, dict[str, object]] = field(default_factory=dict)  # unit id → role → user
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def rng_for(self, name: str) -> random.Random:
        """An independent deterministic stream per step, so adding a step does not shift the others."""
        return random.Random(f"{self.seed}:{name}")

    @property
    def all_units(self) -> list:
        out = []
        for units in self.units_by_level.values():
            out.extend(units)
        return out


# --- the unit tree ---------------------------------------------------------------------------------

SHAPES = {
    # level → (number of children per parent of the level above)
    "small": {"departments": 10, "townships": 6, "villages": 8},
    "county": {"departments": 30, "townships": 20, "villages": 28},
    "province": {"cities": 12, "city_departments": 10, "counties": 10, "departments": 15, "townships": 20,
                 "villages": 7},
}


class _TreeBuilder:
    """Builds Unit rows with materialized paths computed here, then bulk-inserts them."""

    def __init__(self):
        from taizhang.orgs.models import Unit

        self.Unit = Unit
        self.rows: list = []
        self.children: dict[str, int] = {}

    def add(self, parent, code: str, name: str, kind: str, short_name: str = ""):
        Unit = self.Unit
        parent_path = parent.path if parent is not None else ""
        n = self.children.get(parent_path, 0) + 1
        self.children[parent_path] = n
        depth = parent.depth + 1 if parent is not None else 1
        path = Unit._get_path(parent_path or None, depth, n)
        unit = Unit(path=path, depth=depth, numchild=0, code=code, name=name,
                    short_name=short_name, kind=kind, sort_order=n)
        self.rows.append(unit)
        return unit

    def save(self):
        for unit in self.rows:
            unit.numchild = self.children.get(unit.path, 0)
        self.Unit.objects.bulk_create(self.rows, batch_size=2000)
        by_code = dict(self.Unit.objects.values_list("code", "pk"))
        for unit in self.rows:
            unit.pk = by_code[unit.code]


def _localise(department: str, place: str) -> str:
    """县发展和改革局 in 青岚县 → 青岚县发展和改革局."""
    if department[:1] in ("县", "市") and place.endswith(department[0]):
        return place + department[1:]
    return place + department


def _build_county(tb: _TreeBuilder, rng, parent, code: str, name: str, shape: dict, levels: dict):
    county = tb.add(parent, code, f"中共{name}委员会" if parent is None else name, "party_committee",
                    short_name=name)
    levels.setdefault("county", []).append(county)
    for i, dep in enumerate(phrases.unique_names(rng, lambda r: phrases.department_name(r, "county"),
                                                  shape["departments"]), start=1):
        levels.setdefault("department", []).append(
            tb.add(county, f"{code}D{i:02d}", _localise(dep, name), "department", short_name=dep))
    towns = phrases.unique_names(rng, phrases.township_name, shape["townships"])
    for i, town in enumerate(towns, start=1):
        t_code = f"{code}{i:03d}"
        township = tb.add(county, t_code, f"{town}党委", "township", short_name=town)
        levels.setdefault("township", []).append(township)
        villages = phrases.unique_names(rng, phrases.village_name, shape["villages"])
        for j, village in enumerate(villages, start=1):
            levels.setdefault("village", []).append(
                tb.add(township, f"{t_code}{j:03d}", f"{town}{village}党支部", "branch", short_name=village))
    return county


def build_units(ctx: DemoContext):
    rng = ctx.rng_for("units")
    shape = SHAPES[ctx.size]
    tb = _TreeBuilder()
    levels: dict[str, list] = {}
    if ctx.size == "province":
        prov = phrases.province_name(rng)
        root = tb.add(None, "510000", f"中共{prov}委员会", "party_committee", short_name=prov)
        levels["province"] = [root]
        for c in range(1, shape["cities"] + 1):
            city_name = phrases.city_name(rng)
            c_code = f"51{c:02d}00"
            city = tb.add(root, c_code, f"中共{city_name}委员会", "party_committee", short_name=city_name)
            levels.setdefault("city", []).append(city)
            for d, dep in enumerate(phrases.unique_names(rng, lambda r: phrases.department_name(r, "city"),
                                                          shape["city_departments"]), start=1):
                levels.setdefault("city_department", []).append(
                    tb.add(city, f"{c_code}D{d:02d}", _localise(dep, city_name), "department", short_name=dep))
            for k in range(1, shape["counties"] + 1):
                county_name = phrases.county_name(rng)
                _build_county(tb, rng, city, f"51{c:02d}{k:02d}", county_name, shape, levels)
            # counties inside a city get their full name
        for county in levels["county"]:
            county.name = f"中共{county.short_name}委员会"
    else:
        county_name = phrases.county_name(rng)
        root = _build_county(tb, rng, None, "330521", county_name, shape, levels)
    tb.save()
    ctx.root = root
    ctx.units_by_level = levels
    ctx.counts["units"] = len(tb.rows)


# --- accounts --------------------------------------------------------------------------------------

def _account(ctx, users, assignments, *, username, role, unit, display_name=None, title="", include=True,
             listed=True, rng=None):
    from taizhang.orgs.models import RoleAssignment, User

    rng = rng or ctx.rng
    user = User(username=username, display_name=display_name or phrases.person_name(rng),
                phone=phrases.phone(rng), title=title, unit=unit, password=ctx._password_hash)
    users.append(user)
    assignments.append(RoleAssignment(user=user, role=role, unit=unit, include_subunits=include))
    ctx.users_by_unit.setdefault(unit.pk, {}).setdefault(role, user)
    if listed:
        ctx.accounts.append({"username": username, "password": DEMO_PASSWORD, "role": role,
                             "role_label": str(P.ROLE_LABELS[role]), "unit": unit.name, "unit_code": unit.code})
    return user


def build_accounts(ctx: DemoContext):
    from taizhang.orgs.models import RoleAssignment, User

    rng = ctx.rng_for("accounts")
    ctx._password_hash = make_password(DEMO_PASSWORD)
    users: list = []
    assignments: list = []
    root = ctx.root
    levels = ctx.units_by_level

    def acc(username, role, unit, listed=True, include=True, title=""):
        return _account(ctx, users, assignments, username=username, role=role, unit=unit, listed=listed,
                        include=include, title=title, rng=rng)

    # 三员 at the root
    acc("sysadmin", P.SYSADMIN, root, title="系统管理员")
    acc("secadmin", P.SECADMIN, root, title="安全管理员")
    acc("auditor", P.AUDITOR, root, title="审计管理员")
    top = "province" if ctx.size == "province" else "county"
    acc(f"{top}_office", P.OFFICE, root, title="主题教育办公室")
    acc(f"{top}_leader", P.LEADER, root, title=phrases.leader_title(rng, top))
    if ctx.size == "province":
        city = levels["city"][0]
        acc("city_office", P.OFFICE, city, title="主题教育办公室")
        acc("city_leader", P.LEADER, city, title=phrases.leader_title(rng, "city"))
    county = levels["county"][0]
    if ctx.size == "province":
        acc("county_office", P.OFFICE, county, title="主题教育办公室")
        acc("county_leader", P.LEADER, county, title=phrases.leader_title(rng, "county"))
    acc("county_clerk", P.CLERK, county, include=False, title="县委办经办人")
    # An inspection group over two counties that are not in one subtree (in the province data they
    # lie in different cities; in county data, two townships far apart).
    if ctx.size == "province":
        targets = [levels["county"][0], levels["county"][-1]]
    else:
        targets = [levels["township"][0], levels["township"][-1]]
    inspector = acc("inspector", P.INSPECTOR, targets[0], title="第一督导组组长")
    assignments.append(RoleAssignment(user=inspector, role=P.INSPECTOR, unit=targets[1], include_subunits=True))
    township = next(t for t in levels["township"] if t.path.startswith(county.path))
    acc("township_office", P.OFFICE, township, title="乡镇党委办")
    acc("township_leader", P.LEADER, township, title=phrases.leader_title(rng, "township"))
    acc("township_clerk", P.CLERK, township, include=False, title="党建办经办人")
    # A clerk of a second township of the same county: two clerks who must not see each other's problems.
    other = next((t for t in levels["township"] if t.path.startswith(county.path) and t.pk != township.pk), None)
    if other is not None:
        acc("township2_clerk", P.CLERK, other, include=False, title="党建办经办人")
    village = next(v for v in levels["village"] if v.path.startswith(township.path))
    acc("village_clerk", P.CLERK, village, title="村党支部组织委员")
    acc("member", P.MEMBER, village, include=False, title="党员")
    department = next(d for d in levels["department"] if d.path.startswith(county.path))
    acc("dept_clerk", P.CLERK, department, include=False, title="机关党委经办人")
    # Unlisted accounts so every unit has people: an office at each county and township, a leader at
    # each township, a clerk and two members at every village and department.
    for unit_level, roles in (("city", (P.OFFICE, P.LEADER)), ("county", (P.OFFICE, P.LEADER, P.CLERK)),
                              ("township", (P.OFFICE, P.LEADER, P.CLERK)),
                              ("department", (P.LEADER, P.CLERK)), ("village", (P.CLERK, P.MEMBER, P.MEMBER))):
        for unit in levels.get(unit_level, []):
            for k, role in enumerate(roles):
                acc(f"{role}_{unit.code}" + (f"_{k}" if roles.count(role) > 1 else ""), role, unit,
                    listed=False, include=role in (P.OFFICE, P.LEADER), title=phrases.leader_title(rng, unit_level)
                    if role == P.LEADER else "")
    User.objects.bulk_create(users, batch_size=2000)
    ids = dict(User.objects.values_list("username", "pk"))
    for u in users:
        u.pk = u.id = ids[u.username]
    for a in assignments:
        a.user_id = a.user.pk
    RoleAssignment.objects.bulk_create(assignments, batch_size=2000)
    ctx.counts["users"] = len(users)


# --- the campaign ------------------------------------------------------------------------------

def build_campaigns(ctx: DemoContext):
    from taizhang.campaigns.services import campaign_create

    today = ctx.today
    first_start = today - timedelta(days=300)
    ctx.predecessor = campaign_create(
        actor=None, name="学习贯彻新时代思想主题教育（第一批）", slug="theme-1", root_unit=ctx.root,
        start_date=first_start, end_date=first_start + timedelta(days=150), active=False,
        description="第一批主题教育：县处级以上领导班子和领导干部。未完成整改的问题承接到第二批。",
        stages=[("学习教育", first_start, first_start + timedelta(days=120)),
                ("调查研究", first_start + timedelta(days=10), first_start + timedelta(days=90)),
                ("检视整改", first_start + timedelta(days=30), first_start + timedelta(days=150))],
    )
    start = today - timedelta(days=80)
    end = today + timedelta(days=70)
    ctx.campaign = campaign_create(
        actor=None, name="学习贯彻新时代思想主题教育（第二批）", slug="theme-2", root_unit=ctx.root,
        start_date=start, end_date=end, predecessor=ctx.predecessor,
        description="第二批主题教育：以学铸魂、以学增智、以学正风、以学促干，面向基层单位和全体党员。",
        stages=[("学习教育", start, end - timedelta(days=20)),
                ("调查研究", start + timedelta(days=7), start + timedelta(days=75)),
                ("推动发展", start + timedelta(days=14), end - timedelta(days=10)),
                ("检视整改", start + timedelta(days=20), end),
                ("总结评估", end - timedelta(days=20), end)],
    )


# --- driver --------------------------------------------------------------------------------------

def _app_steps():
    """Each workstream's step (taizhang.demo.steps.<app>), in the order of its DEMO_ORDER."""
    from taizhang.demo import steps

    modules = [import_module(f"{steps.__name__}.{name}") for name in steps.STEPS]
    return sorted(((getattr(m, "DEMO_ORDER", 100), m.__name__.rsplit(".", 1)[-1], m.generate) for m in modules),
                  key=lambda s: (s[0], s[1]))


def database_is_empty() -> bool:
    from taizhang.orgs.models import Unit

    return not Unit.objects.exists()


def generate(size: str = "small", seed: int = 2023, today: date | None = None) -> dict:
    """Generate the demo data set into an empty database and return its summary."""
    from taizhang.core.exceptions import ValidationFailed

    if size not in SIZES:
        raise ValidationFailed(f"演示数据规模「{size}」无效，可选：{'、'.join(SIZES)}", field="size")
    if not database_is_empty():
        raise ValidationFailed("数据库中已有数据：演示数据只能生成到空数据库中（请换一个数据目录或数据库）")
    ctx = DemoContext(size=size, seed=seed, today=today or timezone.localdate(), rng=random.Random(seed))
    steps = [("units", build_units), ("accounts", build_accounts), ("campaigns", build_campaigns)]
    steps += [(label, fn) for _, label, fn in _app_steps()]
    for name, fn in steps:
        started = time.perf_counter()
        # One transaction per step: a failed step leaves the earlier ones, never a half-written step.
        with transaction.atomic():
            fn(ctx)
        ctx.timings[name] = round(time.perf_counter() - started, 2)
    # The ledger was written in bulk, past the marks that keep the statistics cells current: count them once.
    started = time.perf_counter()
    from taizhang.stats import cells
    from taizhang.stats.models import CellMark

    cells.rebuild_all()
    CellMark.objects.all().delete()
    ctx.timings["stats_cells"] = round(time.perf_counter() - started, 2)
    with transaction.atomic():
        audit_record(actor=None, action="demo.generate", unit=ctx.root, object_repr=f"演示数据（{size}）",
                     changes={"size": size, "seed": seed, **ctx.counts})
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "size": size,
        "seed": seed,
        "units": ctx.counts.get("units", 0),
        "users": ctx.counts.get("users", 0),
        "campaigns": [{"slug": c.slug, "name": c.name} for c in (ctx.predecessor, ctx.campaign)],
        "counts": ctx.counts,
        "timings": ctx.timings,
        "accounts": [{k: a[k] for k in ("username", "password", "role", "unit")} for a in ctx.accounts],
    }
