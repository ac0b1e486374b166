"""Browser tests: headless Debian Chromium driven by Playwright against Django's live server.

No browser is downloaded; the system Chromium (/usr/bin/chromium, or $TAIZHANG_CHROMIUM) is used. Tests are
skipped with a reason when it is missing.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TAIZHANG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("没有找到 Chromium（apt-get install chromium），跳过浏览器测试")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def live_world(transactional_db, live_server):
    """Live-server tests run in their own flushed database, so they build the named world themselves."""
    from taizhang.orgs.models import Unit
    from taizhang.testing import build_world

    if not Unit.objects.exists():
        build_world()
    return live_server


@pytest.fixture
def page_as(browser, live_world):
    """page_as("county_office", width=1280) → a logged-in page and a list collecting console errors."""
    from taizhang.testing import PASSWORD

    contexts = []

    def _open(username: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{live_world.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page, errors

    yield _open
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
