import pytest

from taizhang.testing import PASSWORD, World, build_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The named world is built once; every test runs inside a transaction that is rolled back."""
    with django_db_blocker.unblock():
        build_world()


# No test may reach a real DNS server: names resolve through this table (the platforms' hosts to public
# documentation-style addresses, loopback names to loopback); IP literals answer themselves.
FAKE_DNS = {
    "qyapi.weixin.qq.com": ["101.91.22.10"],
    "oapi.dingtalk.com": ["106.11.35.10"],
    "open.feishu.cn": ["118.184.20.10"],
    "open.larksuite.com": ["161.117.20.10"],
    "localhost": ["127.0.0.1"],
}


def fake_resolver(host: str, port: int) -> list[str]:
    import ipaddress
    import socket

    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    if host in FAKE_DNS:
        return list(FAKE_DNS[host])
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: nothing one test cached (a periodic job's claim on its period, a
    rate-limit counter) decides what another sees."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_real_dns():
    from taizhang.notifications.channels import egress

    previous = egress.set_resolver(fake_resolver)
    yield
    egress.set_resolver(previous)


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def committed_world(transactional_db) -> World:
    """The world outside a per-test transaction, in autocommit as the command line and the background tasks run
    (for code that opens connections of its own). pytest-django empties the database after such a test, so the
    world is built again here when an earlier one has emptied it."""
    from taizhang.orgs.models import Unit

    if not Unit.objects.exists():
        build_world()
    return World()


@pytest.fixture
def login(client):
    """login("county_office") → a test client logged in as that world user."""

    def _login(username: str):
        from taizhang.orgs.models import User

        client.force_login(User.objects.get(username=username))
        return client

    return _login


@pytest.fixture
def password() -> str:
    return PASSWORD


# Hypothesis: CI runs a fixed set of examples (HYPOTHESIS_PROFILE=ci) so a green main stays green; local runs
# explore new examples. No deadline: a shared 2-core machine must not turn slowness into failures.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_runtest_setup(item):
    """A Hypothesis test that uses the database must roll each example back, or one example's rows leak into the
    next: such a test fails before it runs."""
    from taizhang.testing import examples_leak

    if examples_leak(item):
        pytest.fail("this @given test uses the database: decorate its body with "
                    "taizhang.testing.rolled_back_per_example (under @given) so each example is rolled back",
                    pytrace=False)


def pytest_collection_modifyitems(config, items):
    """Only the browser tests may take pytest-playwright's fixtures: a test elsewhere with an argument named `page` or
    `browser_name` is parametrized by the plugin and grouped with the browser tests, whose flushed live-server database
    would then run before the tests that need the named world."""
    stray = [item.nodeid for item in items
             if "browser_name" in getattr(item, "fixturenames", ()) and not item.nodeid.startswith("e2e/")]
    if stray:
        raise pytest.UsageError("pytest-playwright fixtures used outside e2e/ (rename the argument): " + ", ".join(stray))
