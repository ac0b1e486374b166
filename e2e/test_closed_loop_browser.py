"""Issue #4's closed loop in the browser: a leader takes a topic and plans a visit, the office records the
problems the visit found, files a rule from one problem's page, and the 一事一档 shows the whole chain."""

import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def open_topic(live_world):
    from taizhang.research import services
    from taizhang.testing import World

    w = World()
    return services.topic_create(actor=w.county_office, campaign=w.campaign(), unit=w.unit("K1"),
                                 title="村级事务减负调研", direction="基层减负")


def _base(page) -> str:
    return page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]


def _submit(page, form_selector: str) -> None:
    page.click(f"{form_selector} button")
    page.wait_for_load_state("networkidle")


def test_from_a_visit_to_a_rule_in_the_dossier(page_as, open_topic):
    from taizhang.ledger.models import Problem

    # The county leader takes the open topic (揭榜领题) and plans a visit to 东村.
    leader, leader_errors = page_as("county_leader")
    base = _base(leader)
    leader.goto(f"{base}/research/{open_topic.pk}/")
    leader.click("main button:has-text('揭榜领题')")
    leader.wait_for_load_state("networkidle")
    leader.click("text=登记走访")
    leader.fill("#id_start_date", "2026-10-12")
    leader.select_option("#id_status", "planned")
    leader.fill("#id_site_unit_code", "V1")
    leader.select_option("#id_method", "forum")
    leader.click("button:has-text('保存')")
    leader.wait_for_load_state("networkidle")
    assert leader.is_visible("text=东村党支部")
    assert leader_errors == []

    # The office records the visit as done and the two problems it found.
    office, errors = page_as("county_office")
    office.goto(f"{base}/research/{open_topic.pk}/")
    office.click("a:has-text('东村党支部')")
    office.wait_for_load_state("networkidle")
    visit_url = office.url
    office.click("a:has-text('修改')")
    office.select_option("#id_status", "done")
    office.fill("#id_needs_collected", "村干部反映报表多、台账重复填报")
    office.click("button:has-text('保存')")
    office.wait_for_load_state("networkidle")
    office.goto(visit_url)
    for unit, title in (("V1", "村级报表重复填报"), ("K1", "督查检查考核过多过频")):
        office.fill("#visit-problem-form #id_unit_code", unit)
        office.fill("#visit-problem-form #id_title", title)
        office.fill("#visit-problem-form #id_description", f"调研中发现：{title}")
        office.select_option("#visit-problem-form #id_category", "style")
        _submit(office, "#visit-problem-form")
        assert office.is_visible(f"#visit-problems >> text={title}")
    shot(office, "visit-with-problems")
    assert Problem.objects.filter(source="research", research_visits__isnull=False).count() == 2

    # From one problem's page the office files a new rule (从解决一个问题到解决一类问题).
    office.click("#visit-problems >> text=村级报表重复填报")
    office.wait_for_load_state("networkidle")
    office.click("text=针对本问题新建制度")
    office.fill("#id_inst-title", "关于规范村级报表填报的办法")
    office.fill("#id_inst-doc_number", "东办发〔2026〕40号")
    office.select_option("#id_inst-kind", "new")
    office.fill("#id_inst-issued_date", "2026-11-02")
    _submit(office, "#problem-institution-form")
    assert office.is_visible("#problem-links >> text=关于规范村级报表填报的办法")
    assert office.is_visible("#problem-links >> text=村级事务减负调研")
    shot(office, "problem-with-rule")

    # The dossier shows topic → visit → problem → institution.
    office.click("#problem-links >> text=一事一档")
    office.wait_for_load_state("networkidle")
    body = office.inner_text("main") if office.query_selector("main") else office.inner_text("body")
    for text in ("村级事务减负调研", "东村党支部", "村级报表重复填报", "关于规范村级报表填报的办法"):
        assert text in body
    shot(office, "dossier-chain")
    assert errors == []
