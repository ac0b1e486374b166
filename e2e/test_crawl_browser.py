"""A crawl of the demo data set: every demo account, at 1440 px and at 390 px, opens every link of its navigation and
the links of those pages (one page per kind of address, up to PAGES_PER_ROLE), and no page answers 4xx/5xx or logs
a console error. Then the phone layout of a problem page: its state and the actions open to the clerk are in view
at the top without scrolling.

The demo data set is generated into the emptied live-server database once per test (a few seconds); pytest-django
empties it again afterwards, so the next browser test builds its own named world.
"""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser

PAGES_PER_ROLE = 40
PHONE_PAGES_PER_ROLE = 20  # the phone pass opens the same addresses: the navigation and the first ones found
# Addresses a crawl must not open: they end the session or are made to be posted to.
SKIP = re.compile(r"/logout/|/admin/|^mailto:|^tel:|^javascript:")


@pytest.fixture
def demo(transactional_db, live_server):
    from django.core.management import call_command

    from taizhang.demo.generator import generate

    call_command("flush", interactive=False, verbosity=0)
    summary = generate("small", seed=2023)
    return {"url": live_server.url, "accounts": summary["accounts"]}


def _login(browser, base: str, account: dict, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", account["username"])
    page.fill("#id_password", account["password"])
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    return context, page


def _shape(url: str) -> str:
    """One page per kind of address: numbers in the path and the values of the query do not make a new kind."""
    parts = urlsplit(url)
    keys = sorted({k for k, _v in parse_qsl(parts.query) if k not in ("page",)})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _links(page, base: str, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        href = href.split("#", 1)[0]
        if not href.startswith(base) or SKIP.search(href[len(base):]) or href in out:
            continue
        out.append(href)
    return out


def crawl(browser, base: str, account: dict, width: int, limit: int, only: list[str] | None = None):
    """Open the navigation's links and then the links on those pages; return (visited URLs, failures)."""
    context, page = _login(browser, base, account, width)
    failures: list[str] = []
    current = {"url": ""}
    page.on("console", lambda m: failures.append(f"console error on {current['url']}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: failures.append(f"script error on {current['url']}: {e}"))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url} (on {current['url']})")
            if r.status >= 400 and r.url.startswith(base) else None)
    visited: list[str] = []
    shapes: set[str] = set()

    def visit(url: str) -> list[str]:
        current["url"] = url
        visited.append(url)
        try:
            response = page.goto(url, wait_until="load")
        except Exception as exc:  # a file download is not a page: ask for it without the browser
            if "ERR_ABORTED" not in str(exc) and "Download is starting" not in str(exc):
                failures.append(f"{url}: {exc}")
                return []
            status = context.request.get(url).status
            if status >= 400:
                failures.append(f"{status} {url}")
            return []
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            return []
        return _links(page, base, "main a[href], .tz-sheet a[href]")

    if only is None:
        home = _links(page, base, "#tz-sidebar a[href], .tz-navbar a[href]")
        found = []
        for url in home:
            shapes.add(_shape(url))
        for url in home:
            if len(visited) >= limit:
                break
            found.extend(visit(url))
        for url in found:
            if len(visited) >= limit:
                break
            if _shape(url) in shapes:
                continue
            shapes.add(_shape(url))
            visit(url)
    else:
        for url in only[:limit]:
            visit(url)
    context.close()
    return visited, failures


def test_every_demo_role_crawls_its_navigation_without_errors(browser, demo):
    problems: list[str] = []
    for account in demo["accounts"]:
        visited, failures = crawl(browser, demo["url"], account, 1440, PAGES_PER_ROLE)
        problems += [f"{account['username']} @1440: {f}" for f in failures]
        assert len(visited) >= 3, f"{account['username']} reached only {visited}"
        # The phone pass opens the addresses of the navigation and the first pages the desktop pass found.
        _visited, failures = crawl(browser, demo["url"], account, 390, PHONE_PAGES_PER_ROLE, only=visited)
        problems += [f"{account['username']} @390: {f}" for f in failures]
    assert not problems, "\n".join(dict.fromkeys(problems))


def _top_of_page_shows(page, selector: str) -> bool:
    """The element is visible and lies wholly inside the first screen (no scrolling needed)."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_a_clerk_sees_state_and_actions_at_the_top_of_a_problem_on_a_phone(browser, demo):
    from taizhang.ledger.models import Problem, ProblemStatus
    from taizhang.orgs.models import User

    clerk = User.objects.get(username="village_clerk")
    problem = (Problem.objects.for_user(clerk, "change").filter(status=ProblemStatus.PENDING).first()
               or Problem.objects.for_user(clerk, "change").filter(status=ProblemStatus.IN_PROGRESS).first())
    assert problem is not None, "the demo data gives the village clerk a problem to work on"
    account = next(a for a in demo["accounts"] if a["username"] == "village_clerk")
    context, page = _login(browser, demo["url"], account, 390)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{demo['url']}/ledger/p/{problem.pk}/")
    page.wait_for_load_state("networkidle")
    assert _top_of_page_shows(page, "[data-actionbar] [data-state]")
    assert page.inner_text("[data-actionbar] [data-state]") == problem.get_status_display()
    first_action = "[data-actionbar] [data-actions] .btn-danger"
    assert _top_of_page_shows(page, first_action)
    assert page.inner_text(first_action) in ("认领", "申请销号")
    assert page.locator("[data-actionbar] input[type=file][capture=environment]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "problem-phone-top")
    # the bar stays in view while the clerk reads down the page
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(200)
    assert _top_of_page_shows(page, first_action)
    shot(page, "problem-phone-scrolled")
    context.close()
    assert errors == []
