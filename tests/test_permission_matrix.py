"""Every URL and API route, as anonymous, as users allowed on it, and as users it must not exist for.

Each app declares its routes in `taizhang/<app>/tests/matrix.py` (MATRIX = [Route(...)]). A route that
the site serves but no app declares fails `test_every_route_is_in_the_matrix`, so new pages and API
routes cannot slip past the scope rules.
"""

from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from taizhang.testing import Route


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


def _served(patterns=None, namespace="") -> set[str]:
    names = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _served(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(namespace + p.name)
        elif isinstance(p, URLPattern):
            names.add(f"{namespace}<unnamed {p.pattern}>")
    return names


def test_every_route_is_in_the_matrix():
    missing = sorted(_served() - {r.name for r in ROUTES})
    assert not missing, f"routes without a permission-matrix entry: {missing}"


def _request(client, route: Route, world):
    url = reverse(route.name, kwargs=route.kwargs(world)) + (f"?{route.query}" if route.query else "")
    data = route.data(world) if route.data else {}
    if route.method == "get":
        return client.get(url, data)
    kwargs = {"content_type": route.content_type} if route.content_type else {}
    return getattr(client, route.method)(url, data, **kwargs)


def _id(route: Route) -> str:
    return f"{route.method}:{route.name}"


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=_id)
def test_anonymous_is_sent_to_login(client, world, route):
    response = _request(client, route, world)
    if route.is_api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("route", [r for r in ROUTES if r.public], ids=_id)
def test_public_route_answers_anonymous(client, world, route):
    assert _request(client, route, world).status_code in route.ok_status


_ALLOWED = [(r, u) for r in ROUTES for u in r.allowed]
_DENIED = [(r, u) for r in ROUTES for u in r.denied]


@pytest.mark.parametrize(("route", "username"), _ALLOWED, ids=[f"{_id(r)}-{u}" for r, u in _ALLOWED])
def test_allowed_user_gets_the_page(login, world, route, username):
    response = _request(login(username), route, world)
    assert response.status_code in route.ok_status, response.content[:500]


@pytest.mark.parametrize(("route", "username"), _DENIED, ids=[f"{_id(r)}-{u}" for r, u in _DENIED])
def test_out_of_scope_user_gets_404(login, world, route, username):
    response = _request(login(username), route, world)
    assert response.status_code == 404, response.content[:500]
