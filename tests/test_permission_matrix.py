"""Every URL and API route, as anonymous, as users allowed on it, and as users it must not exist for.

Each app declares its routes in `taizhang/<app>/tests/matrix.py` (MATRIX = [Route(...)]). A route that
the site serves but no app declares fails `test_every_route_is_in_the_matrix`, so new pages and API
routes cannot slip past the scope rules. The matrix is keyed on route name, method and action: every action
that a view with an `<action>` URL argument accepts has its own entry, and every key has a permitted case.

A permitted write must do what it says: each allowed case of a POST/PUT/PATCH/DELETE checks the route's declared
effect (the audit event it writes and/or the rows it changed) and that the page shows no error message (the API:
a 2xx answer). Each case runs in its own test, inside a transaction that is rolled back, so every allowed user
starts from the same world.
"""

from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from taizhang.testing import Route, Sent


def _declared() -> list[Route]:
    routes = []
    for config in apps.get_app_configs():
        if not config.name.startswith("taizhang."):
            continue
        name = f"{config.name}.tests.matrix"
        if find_spec(f"{config.name}.tests") is not None and find_spec(name) is not None:
            routes.extend(import_module(name).MATRIX)
    return routes


ROUTES = _declared()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files the routes' objects carry (with_file) are written to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _patterns(patterns=None, namespace=""):
    """(name, URLPattern) of every route the site serves."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield (namespace + p.name if p.name else f"{namespace}<unnamed {p.pattern}>"), p


def _served() -> set[str]:
    return {name for name, _ in _patterns()}


def test_every_route_is_in_the_matrix():
    missing = sorted(_served() - {r.name for r in ROUTES})
    assert not missing, f"routes without a permission-matrix entry: {missing}"


# The actions each view with an `<action>` URL argument accepts, read from the code as it was when views did not
# yet publish them as `view.actions`; the attribute, when a view has it, is what counts.
ACCEPTED_ACTIONS = {
    "orgs:unit_action": {"child", "edit", "move", "deactivate", "activate"},
    "research:topic_action": {"assign", "start", "report", "transform", "complete"},
    "research:transformation_action": {"begin", "finish"},
    "matters:matter_action": {"claim", "start", "finish"},
    "supervision:slip_action": {"sign", "reply", "close", "send_back", "send-back", "return"},
    "api:topic_action": {"assign", "start", "report", "transform", "complete", "take"},
}


def _action_routes() -> dict[str, set[str]]:
    """Route name → the actions its view accepts, for every route whose URL has an `<action>` argument."""
    routes = {}
    for name, p in _patterns():
        if "action" not in p.pattern.regex.groupindex:
            continue
        actions = getattr(p.callback, "actions", None)
        routes[name] = set(actions) if actions is not None else ACCEPTED_ACTIONS.get(name, set())
    return routes


def test_every_action_of_an_action_route_is_declared():
    accepted = _action_routes()
    assert accepted, "no route with an <action> URL argument found"
    problems = []
    for name, actions in accepted.items():
        if not actions:
            problems.append(f"{name}: accepted actions unknown (no view.actions, not in ACCEPTED_ACTIONS)")
        declared = {r.action for r in ROUTES if r.name == name}
        if "" in declared:
            problems.append(f"{name}: an entry without `action`")
        # (a declared action the view does not accept fails its allowed cases with a 404; aliases that a view
        # accepts without listing them, like 督办单 «return», may be declared too)
        problems += [f"{name}: action «{a}» has no matrix entry" for a in sorted(actions - declared)]
    stray = sorted({r.name for r in ROUTES if r.action and r.name not in accepted})
    problems += [f"{name}: has `action` entries but no <action> URL argument" for name in stray]
    assert not problems, "\n".join(problems)


def test_every_route_has_a_permitted_case():
    keys: dict[str, bool] = {}
    for r in ROUTES:
        keys[r.key] = keys.get(r.key, False) or bool(r.allowed) or r.public
    assert not [k for k, ok in keys.items() if not ok], \
        f"routes no user may use: {sorted(k for k, ok in keys.items() if not ok)}"


def test_every_write_route_declares_its_effect():
    missing = sorted({r.key for r in ROUTES if r.is_write and r.allowed and not (r.audit or r.effect)})
    assert not missing, f"write routes without `audit` or `effect`: {missing}"


def _request(client, route: Route, world) -> Sent:
    """Build the URL and body from the world (which may write rows and audit events of its own), note the last
    audit event, then send the request."""
    from taizhang.audit.models import AuditEvent

    kwargs = route.url_kwargs(world)
    url = reverse(route.name, kwargs=kwargs) + (f"?{route.query}" if route.query else "")
    data = route.data(world) if route.data else {}
    if route.version_of:
        from django.apps import apps

        model, key = route.version_of
        data = {**data, "version": apps.get_model(model)._base_manager.get(pk=kwargs[key]).version}
    sent = Sent(kwargs=kwargs, data=data,
                audit_before=AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0)
    if route.method == "get":
        sent.response = client.get(url, data)
    else:
        extra = {"content_type": route.content_type} if route.content_type else {}
        sent.response = getattr(client, route.method)(url, data, **extra)
    return sent


def _id(route: Route) -> str:
    return route.key


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=_id)
def test_anonymous_is_sent_to_login(client, world, route):
    response = _request(client, route, world).response
    if route.is_api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("route", [r for r in ROUTES if r.public], ids=_id)
def test_public_route_answers_anonymous(client, world, route):
    assert _request(client, route, world).response.status_code in route.ok_status


_ALLOWED = [(r, u) for r in ROUTES for u in r.allowed]
_DENIED = [(r, u) for r in ROUTES for u in r.denied]


def _assert_effect(route: Route, world, sent: Sent) -> None:
    """A permitted write did what the route declares, and said nothing went wrong."""
    response = sent.response
    if route.is_api:
        assert 200 <= response.status_code < 300, response.content[:500]
    else:
        errors = [m.message for m in get_messages(response.wsgi_request) if m.level >= ERROR]
        assert not errors, f"{route.key} answered with an error message: {errors}"
    if route.audit:
        written = [e.action for e in sent.new_events()]
        assert route.audit in written, f"{route.key} wrote no «{route.audit}» audit event (wrote {written})"
    if route.effect is not None:
        route.effect(world, sent)


@pytest.mark.parametrize(("route", "username"), _ALLOWED, ids=[f"{_id(r)}-{u}" for r, u in _ALLOWED])
def test_allowed_user_gets_the_page(login, world, route, username):
    sent = _request(login(username), route, world)
    assert sent.response.status_code in route.ok_status, sent.response.content[:500]
    if route.is_write:
        _assert_effect(route, world, sent)
    elif route.effect is not None:
        route.effect(world, sent)  # what a read declares of its answer (a look-up offers nothing out of scope)


@pytest.mark.parametrize(("route", "username"), _DENIED, ids=[f"{_id(r)}-{u}" for r, u in _DENIED])
def test_out_of_scope_user_gets_404(login, world, route, username):
    response = _request(login(username), route, world).response
    assert response.status_code == 404, response.content[:500]
