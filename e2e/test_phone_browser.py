"""Phone-first (390 px): every list shows its rows as cards led by their title, the top bar is one row, forms fit the
screen, and the A4 print views carry their footer."""

import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser

LISTS = ("/ledger/", "/matters/", "/research/", "/materials/", "/supervision/", "/notifications/")


@pytest.fixture
def records(live_world):
    from taizhang.ledger.tests import factories as F
    from taizhang.materials.tests.factories import make_material
    from taizhang.matters.tests.factories import make_matter
    from taizhang.research.tests.factories import make_topic
    from taizhang.testing import World

    w = World()
    F.accepted(w, "V1", title="村务公开不及时，群众意见较大")
    make_matter(w, title="修缮村头便民桥")
    make_topic(w, title="农村集体经济调研")
    make_material(w, title="村级经验做法")
    return w


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _cards_are_led_by_titles(page) -> bool:
    """Each list row is a card (a flex box) whose first visible cell is the title, on a line of its own."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('table.table-tz tbody tr')).every(tr => {
        if (tr.cells.length === 1) return true;
        const title = tr.querySelector('td.tz-card-title');
        return getComputedStyle(tr).display === 'flex' && title
            && title.getBoundingClientRect().width >= tr.getBoundingClientRect().width * 0.8;
    })""")


def test_every_list_is_a_list_of_cards_on_a_phone(page_as, records):
    page, errors = page_as("county_office", width=390, height=844)
    base = page.url.split("/", 3)[:3]
    base = "/".join(base)
    navbar = page.locator(".tz-navbar").bounding_box()
    assert navbar["height"] < 70  # the top bar is one row
    for path in LISTS:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert _fits(page), path
        assert _cards_are_led_by_titles(page), path
        shot(page, "phone-list" + path.replace("/", "-").rstrip("-"))
    page.goto(base + "/ledger/")
    labels = page.eval_on_selector_all("table.table-tz tbody tr:first-child td[data-label]",
                                       "els => els.map(e => e.dataset.label)")
    assert "状态" in labels and "时限" in labels
    assert "村务公开不及时" in page.inner_text("table.table-tz tbody tr:first-child td.tz-card-title")
    assert errors == []


def test_a_form_fits_the_phone_with_large_touch_targets(page_as, records):
    page, errors = page_as("village_clerk", width=390, height=844)
    base = "/".join(page.url.split("/", 3)[:3])
    page.goto(base + "/ledger/new/")
    page.wait_for_load_state("networkidle")
    assert _fits(page)
    heights = page.eval_on_selector_all("main .form-control:not([type=hidden]), main .form-select, main .btn",
                                        "els => els.filter(e => e.offsetParent).map(e => e.offsetHeight)")
    assert heights and min(heights) >= 38
    shot(page, "phone-problem-form")
    assert errors == []


def test_the_problem_print_view_is_an_a4_sheet_with_its_footer(page_as, records):
    from taizhang.ledger.models import Problem

    problem = Problem.objects.get(title__startswith="村务公开不及时")
    page, errors = page_as("county_office", width=1440)
    base = "/".join(page.url.split("/", 3)[:3])
    page.goto(f"{base}/ledger/p/{problem.pk}/print/")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    footer = page.locator("[data-print-footer]")
    assert problem.unit.name in footer.inner_text() and "打印时间" in footer.inner_text()
    assert footer.evaluate("e => getComputedStyle(e).position") == "fixed"
    assert not page.is_visible("[data-print]")  # the 打印 button stays off the paper
    shot(page, "print-problem")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    assert errors == []
