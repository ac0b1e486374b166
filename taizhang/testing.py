"""Test helpers: a named world of units and users, and the permission-matrix declarations.

The world (built once per test session, each test rolls back):

    省委 P ─┬─ 甲市 C1 ─┬─ 东县 K1 ─┬─ 东镇 T1 ─┬─ 东村 V1
           │           │          │          └─ 南村 V2
           │           │          └─ 西镇 T2 ── 北村 V3
           │           └─ 中县 K2 ── 中镇 T3 ── 中村 V4
           └─ 乙市 C2 ── 远县 K3 ── 远镇 T4 ── 远村 V5

Users: province_office (P), county_office / county_leader / county_clerk (K1), township_office (T1),
village_clerk (V1), member (V1), inspector (K1 and K3: two unrelated counties), outsider (clerk of K2),
outsider_office (office of K3), sysadmin / secadmin / auditor (P).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from taizhang.orgs import permissions as P

PASSWORD = "Test-Passw0rd!"

UNITS = [
    # code, parent, name, kind
    ("P", None, "测试省委", "party_committee"),
    ("C1", "P", "甲市委", "party_committee"),
    ("K1", "C1", "东县县委", "party_committee"),
    ("T1", "K1", "东镇党委", "township"),
    ("V1", "T1", "东村党支部", "branch"),
    ("V2", "T1", "南村党支部", "branch"),
    ("T2", "K1", "西镇党委", "township"),
    ("V3", "T2", "北村党支部", "branch"),
    ("K2", "C1", "中县县委", "party_committee"),
    ("T3", "K2", "中镇党委", "township"),
    ("V4", "T3", "中村党支部", "branch"),
    ("C2", "P", "乙市委", "party_committee"),
    ("K3", "C2", "远县县委", "party_committee"),
    ("T4", "K3", "远镇党委", "township"),
    ("V5", "T4", "远村党支部", "branch"),
]

USERS = [
    # username, role, unit, include_subunits
    ("province_office", P.OFFICE, "P", True),
    ("province_leader", P.LEADER, "P", True),
    ("county_office", P.OFFICE, "K1", True),
    ("county_leader", P.LEADER, "K1", True),
    ("county_clerk", P.CLERK, "K1", False),
    ("township_office", P.OFFICE, "T1", True),
    ("village_clerk", P.CLERK, "V1", True),
    ("member", P.MEMBER, "V1", False),
    ("inspector", P.INSPECTOR, "K1", True),
    ("outsider", P.CLERK, "K2", True),
    ("outsider_office", P.OFFICE, "K3", True),
    ("sysadmin", P.SYSADMIN, "P", True),
    ("secadmin", P.SECADMIN, "P", True),
    ("auditor", P.AUDITOR, "P", True),
]


def build_world() -> None:
    """Create the world's rows (called once per session inside django_db_setup)."""
    from taizhang.campaigns.services import campaign_create
    from taizhang.orgs.models import RoleAssignment, Unit, User

    units: dict[str, Unit] = {}
    for code, parent, name, kind in UNITS:
        if parent is None:
            units[code] = Unit.objects.add_root({"code": code, "name": name, "kind": kind})
        else:
            units[code] = Unit.objects.add_child(units[parent], {"code": code, "name": name, "kind": kind})
    for username, role, unit_code, include in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=f"{username}姓名", phone="13812345678",
                        unit=units[unit_code])
            user.set_password(PASSWORD)
            user.save()
        RoleAssignment.objects.create(user=user, role=role, unit=units[unit_code], include_subunits=include)
    inspector = User.objects.get(username="inspector")
    RoleAssignment.objects.create(user=inspector, role=P.INSPECTOR, unit=units["K3"], include_subunits=True)
    campaign_create(actor=None, name="测试主题教育", slug="test-campaign", root_unit=units["P"],
                    start_date=date(2026, 9, 1), end_date=date(2027, 1, 31),
                    stages=[("学习教育", date(2026, 9, 1), date(2026, 12, 31))])
    campaign_create(actor=None, name="远县专项整治", slug="k3-campaign", root_unit=units["K3"],
                    kind="special_rectification", start_date=date(2026, 9, 1), end_date=date(2026, 12, 31))


class World:
    """Named access to the world's rows, fetched fresh for each test."""

    def unit(self, code: str):
        from taizhang.orgs.models import Unit

        return Unit.objects.get(code=code)

    def user(self, username: str):
        from taizhang.orgs.models import User

        return User.objects.get(username=username)

    def campaign(self, slug: str = "test-campaign"):
        from taizhang.campaigns.models import Campaign

        return Campaign.objects.get(slug=slug)

    def __getattr__(self, name):
        if name in {u[0] for u in USERS}:
            return self.user(name)
        raise AttributeError(name)


# --- Hypothesis -------------------------------------------------------------------------------------

def rolled_back_per_example(test):
    """Run each Hypothesis example of a database test in its own transaction, rolled back at its end, so the rows
    one example writes are gone before the next starts. Put it under `@given` (it wraps the example body):

        @given(rows=st.lists(...))
        @rolled_back_per_example
        def test_it(world, rows): ...

    The root conftest fails a `@given` test that uses the database without it."""
    from django.db import transaction

    @functools.wraps(test)
    def example(*args, **kwargs):
        with transaction.atomic():
            try:
                return test(*args, **kwargs)
            finally:
                transaction.set_rollback(True)

    example.rolled_back_per_example = True
    return example


_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences",
                                "django_db_serialized_rollback"})


def examples_leak(item) -> bool:
    """Is this pytest item a Hypothesis test that uses the database without `rolled_back_per_example`?"""
    test = getattr(item, "obj", None)
    if not getattr(test, "is_hypothesis_test", False):
        return False
    uses_db = bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or \
        item.get_closest_marker("django_db") is not None
    return uses_db and not getattr(test.hypothesis.inner_test, "rolled_back_per_example", False)


# --- permission matrix --------------------------------------------------------------------------

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


@dataclass
class Sent:
    """What a permitted write sent and got back, handed to a Route's `effect` check: the URL kwargs and body
    it was built from, the id of the last audit event before it (`new_events()` are the ones it wrote), and
    the response."""

    kwargs: dict
    data: dict
    audit_before: int
    response: object = None

    def new_events(self):
        from taizhang.audit.models import AuditEvent

        return AuditEvent.objects.filter(id__gt=self.audit_before).order_by("id")


@dataclass
class Route:
    """One URL (web or API) in the permission matrix.

    `allowed` users must get a success status, `denied` users must get 404 (the object or page does not
    exist for them), and an anonymous request must be sent to the login page (web) or get 401 (API).
    `kwargs` and `data` build the URL arguments and POST body from the world; `action` fills the URL's
    `<action>` (each action a view accepts has its own Route).

    A write (POST/PUT/PATCH/DELETE) that an allowed user sends must show its effect: `audit` names the audit
    action that it must write (one of the events written since the request started), and/or
    `effect(world, sent)` asserts the rows it changed (`sent` is a `Sent`). A write route declares at least
    one of them.
    """

    name: str
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[World], dict] | None = None
    # (model label, URL argument): the body carries that record's current `version`, as a client that just read it
    version_of: tuple[str, str] | None = None
    allowed: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()
    public: bool = False
    ok_status: tuple[int, ...] = (200, 201, 302)
    query: str = ""
    content_type: str | None = None
    action: str = ""
    audit: str = ""
    effect: Callable[[World, Sent], object] | None = None

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS

    def url_kwargs(self, world: World) -> dict:
        kwargs = dict(self.kwargs(world))
        if self.action:
            kwargs["action"] = self.action
        return kwargs

    @property
    def key(self) -> str:
        return f"{self.method}:{self.name}" + (f":{self.action}" if self.action else "")


def row_has(model: str, key: str = "pk", **expected) -> Callable[[World, Sent], None]:
    """An `effect`: the row of `model` ("app.Model") whose pk is the URL kwarg `key` now has these values."""

    def check(world: World, sent: Sent) -> None:
        from django.apps import apps

        row = apps.get_model(model).objects.get(pk=sent.kwargs[key])
        actual = {name: getattr(row, name) for name in expected}
        assert actual == expected, f"{model} #{row.pk}: {actual}, expected {expected}"

    return check


def row_exists(model: str, **filters) -> Callable[[World, Sent], None]:
    """An `effect`: a row of `model` ("app.Model") matching `filters` exists (was created or changed)."""

    def check(world: World, sent: Sent) -> None:
        from django.apps import apps

        assert apps.get_model(model).objects.filter(**filters).exists(), f"no {model} with {filters}"

    return check


def row_missing(model: str, **filters) -> Callable[[World, Sent], None]:
    """An `effect`: no row of `model` ("app.Model") matches `filters` (it was deleted or changed)."""

    def check(world: World, sent: Sent) -> None:
        from django.apps import apps

        assert not apps.get_model(model).objects.filter(**filters).exists(), f"{model} with {filters} is still there"

    return check


def with_file(obj, field: str, name: str = "附件.pdf"):
    """`obj` with a small PDF stored in its file field `field` (for the download routes of the matrix)."""
    from django.core.files.base import ContentFile

    getattr(obj, field).save(name, ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    return obj
