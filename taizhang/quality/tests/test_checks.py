"""问题质量: every warning, with its reason, in the review queue, on the problem page and in the report."""

from datetime import timedelta

from django.utils import timezone

from taizhang.ledger import services as ledger
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import Measure, Problem
from taizhang.ledger.tests.factories import accepted, pdf, problem
from taizhang.quality import checks, selectors


def _findings(world, p, user="county_office", **kw):
    p = Problem.objects.get(pk=p.pk)
    return selectors.findings_for(world.user(user), world.campaign(), [p], **kw)[p.pk]


def _kinds(findings):
    return [f.kind for f in findings]


def test_a_clean_problem_has_no_warning(world):
    p = accepted(world, "V1", title="村务公开栏内容更新不及时", description="村务公开栏三个月未更新财务收支。")
    ledger.measure_add(actor=world.county_office, problem=p, text="每月5日前更新公开栏，由村监委会核对签字")
    assert _findings(world, p) == []


def test_a_statement_shared_with_many_other_units_is_generic(world):
    text = "学习流于形式，满足于读读文件、念念报纸"
    ps = [problem(world, code, title=text) for code in ("K1", "T1", "V1", "V2", "T2", "V3")]
    found = _findings(world, ps[0], generic_limit=5)
    generic = [f for f in found if f.kind == "generic"]
    assert len(generic) == 1 and "其他 5 个单位" in generic[0].why
    # N is the office's to set: six units do not make a generic statement when N is 6
    assert "generic" not in _kinds(_findings(world, ps[0], generic_limit=6))


def test_near_statements_of_the_same_unit_do_not_count_as_generic(world):
    ps = [problem(world, "V1", title="学习流于形式，满足于读读文件、念念报纸") for _ in range(6)]
    assert "generic" not in _kinds(_findings(world, ps[0], generic_limit=1))


def test_the_generic_check_sees_only_the_users_scope(world):
    text = "学习流于形式，满足于读读文件、念念报纸"
    p = problem(world, "V1", title=text)
    for code in ("V4", "T3", "K2", "C1", "C2"):
        problem(world, code, title=text, actor="province_office")
    assert "generic" not in _kinds(_findings(world, p, generic_limit=5))
    assert "generic" in _kinds(_findings(world, p, user="province_office", generic_limit=5))


def test_placeholders_left_in_are_named(world):
    p = problem(world, "V1", title="XX村道路硬化滞后", description="某某组道路未硬化，此处填写具体情况。")
    found = [f for f in _findings(world, p) if f.kind == "placeholder"]
    assert [f.why for f in found] == ["问题标题中有模板占位符「XX」，内容没有按实际填写",
                                      "问题表现中有模板占位符「某某」「此处填写」，内容没有按实际填写"]
    q = problem(world, "V1", title="办事时限超过××个工作日", target="ｘｘ月底前完成")
    assert {f.why[:4] for f in _findings(world, q) if f.kind == "placeholder"} == {"问题标题", "整改目标"}


def test_ordinary_latin_letters_and_numbers_are_not_placeholders():
    assert checks.placeholders("APP下载量低，WiFi覆盖不全，3号楼") == []
    assert checks.placeholders("共x次") == ["x"]


def test_no_responsible_person_or_deadline(world):
    p = problem(world, "V1", responsible_name="", deadline=None)
    found = _findings(world, p)
    assert {f.kind for f in found} >= {"no_responsible", "no_deadline"}
    assert any("责任人" in f.why for f in found) and any("整改时限" in f.why for f in found)
    long_term = problem(world, "V1", deadline=None, kind="long_term", review_cadence_months=3)
    assert "no_deadline" not in _kinds(_findings(world, long_term))


def test_a_measure_that_only_restates_the_problem(world):
    p = accepted(world, "V1", title="理论学习系统性不够")
    ledger.measure_add(actor=world.county_office, problem=p, text="针对理论学习系统性不够的问题进行整改")
    ledger.measure_add(actor=world.county_office, problem=p, text="每月组织一次集中研讨，建立个人学习台账")
    found = [f for f in _findings(world, p) if f.kind == "restating_measure"]
    assert len(found) == 1 and "针对理论学习系统性不够" in found[0].why and "100%" in found[0].why


def _closed_without_files(world, unit="K1"):
    campaign = world.campaign()
    campaign.require_closure_evidence = False
    campaign.save(update_fields=["require_closure_evidence"])
    p = accepted(world, unit, title="会议文件多、精简不够")
    measure = ledger.measure_add(actor=world.county_office, problem=p, text="全年发文数量压减三成，合并同类会议")
    ledger.progress_add(actor=world.county_clerk, problem=p, text="已压减", percent=100)
    return p, measure


def test_a_closure_without_evidence(world):
    p, measure = _closed_without_files(world)
    ledger.measure_set_status(actor=world.county_clerk, measure=measure, status="done")
    p = problem_transition(actor=world.county_clerk, problem=Problem.objects.get(pk=p.pk), action="request_closure",
                           evidence_summary="已整改")
    assert _kinds(_findings(world, p)) == ["closure_without_evidence"]
    # with a file on a progress report the warning goes
    ledger.progress_add(actor=world.county_clerk, problem=p, text="补充佐证", percent=100, files=[pdf()])
    assert _findings(world, p) == []


def test_a_closure_requested_with_measures_not_done(world):
    p, _ = _closed_without_files(world)
    p = problem_transition(actor=world.county_clerk, problem=Problem.objects.get(pk=p.pk), action="request_closure",
                           evidence_summary="已整改", files=[pdf()])
    found = [f for f in _findings(world, p) if f.kind == "closed_before_measures"]
    assert len(found) == 1 and "已申请销号，但还有 1 项整改措施未完成" in found[0].why


def test_a_closure_dated_before_its_measures_were_completed(world):
    p, measure = _closed_without_files(world)
    ledger.measure_set_status(actor=world.county_clerk, measure=measure, status="done")
    p = problem_transition(actor=world.county_clerk, problem=Problem.objects.get(pk=p.pk), action="request_closure",
                           evidence_summary="已整改", files=[pdf()])
    p = problem_transition(actor=world.county_office, problem=p, action="approve")
    assert _findings(world, p) == []
    Measure.objects.filter(pk=measure.pk).update(completed_at=p.closed_at + timedelta(days=5))
    found = _findings(world, p)
    assert _kinds(found) == ["closed_before_measures"]
    day = timezone.localdate(p.closed_at)
    assert f"销号日期 {day:%Y-%m-%d} 早于措施完成日期 {day + timedelta(days=5):%Y-%m-%d}" in found[0].why


def test_the_review_queue_shows_the_warnings_of_each_closure_request(world, login):
    p, measure = _closed_without_files(world)
    problem_transition(actor=world.county_clerk, problem=Problem.objects.get(pk=p.pk), action="request_closure",
                       evidence_summary="已整改")
    html = login("county_office").get("/ledger/todo/?campaign=test-campaign").content.decode()
    assert "销号无佐证" in html and "没有上传任何佐证材料" in html
    assert "销号早于措施完成" in html and "还有 1 项整改措施未完成" in html


def test_a_very_large_queue_over_many_counties_skips_only_the_generic_check_and_says_so(world, login, monkeypatch):
    text = "学习流于形式，满足于读读文件、念念报纸"
    made = [problem(world, code, title=f"XX{text}", actor="province_office") for code in ("V1", "V4", "V5", "T1")]
    Problem.objects.filter(pk__in=[p.pk for p in made]).update(status="review")
    monkeypatch.setattr(selectors, "LARGE_SCOPE", 0)  # four neighbourhoods: 东县, 中县, 远县 and 甲市
    html = login("province_office").get("/ledger/todo/?campaign=test-campaign").content.decode()
    assert 'id="tz-generic-skipped"' in html and "此处未做“万能问题”比对" in html
    assert html.count("模板占位符「XX」") == 4  # the other checks still run
    Problem.objects.filter(pk=made[0].pk).update(status="in_progress")  # three neighbourhoods are compared
    html = login("province_office").get("/ledger/todo/?campaign=test-campaign").content.decode()
    assert 'id="tz-generic-skipped"' not in html and html.count("模板占位符「XX」") == 3


def test_the_problem_page_shows_its_warnings_to_the_office(world, login):
    p = problem(world, "V1", title="XX村道路硬化滞后")
    assert "模板占位符「XX」" in login("county_office").get(f"/ledger/p/{p.pk}/").content.decode()


def test_the_report_lists_the_warnings_and_exports_them(world, login):
    problem(world, "V1", title="XX村道路硬化滞后")
    problem(world, "V2", title="会议多", responsible_name="")
    problem(world, "V4", title="某某单位问题", actor="province_office")
    client = login("county_office")
    html = client.get("/quality/report/", {"campaign": "test-campaign"}).content.decode()
    assert "XX村道路硬化滞后" in html and "模板占位符「XX」" in html and "没有填写责任人" in html
    assert "某某单位问题" not in html
    only = client.get("/quality/report/", {"campaign": "test-campaign", "kind": "no_responsible"}).content.decode()
    assert "没有填写责任人" in only and "XX村道路硬化滞后" not in only
    response = client.get("/quality/report/", {"campaign": "test-campaign", "format": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["编号", "责任单位", "问题标题", "状态", "问题类型", "原因"]
    assert ["东村党支部", "XX村道路硬化滞后", "模板占位符未替换"] == [rows[1][1], rows[1][2], rows[1][4]]
    assert not any("某某单位问题" in str(r) for r in rows)


def test_in_a_very_large_scope_the_generic_check_compares_within_the_problems_county(world, monkeypatch):
    text = "学习流于形式，满足于读读文件、念念报纸"
    p = problem(world, "V1", title=text, actor="province_office")
    for code in ("V4", "T3", "K2", "C2", "K3"):  # other counties
        problem(world, code, title=text, actor="province_office")
    assert "generic" in _kinds(_findings(world, p, user="province_office", generic_limit=5))
    monkeypatch.setattr(selectors, "LARGE_SCOPE", 0)
    assert "generic" not in _kinds(_findings(world, p, user="province_office", generic_limit=1))
    problem(world, "T2", title=text, actor="province_office")  # 东县, the county of V1
    assert "generic" in _kinds(_findings(world, p, user="province_office", generic_limit=1))


def test_where_two_levels_up_is_itself_very_large_the_statement_is_compared_nearer(world, monkeypatch):
    """A county's problem in a province of a million: two levels up is the province; the comparison keeps to the
    largest subtree around the problem's unit that holds at most NEIGHBOURHOOD problems."""
    text = "学习流于形式，满足于读读文件、念念报纸"
    p = problem(world, "V1", title=text, actor="province_office")
    problem(world, "T2", title=text, actor="province_office")  # 东县, another township
    monkeypatch.setattr(selectors, "LARGE_SCOPE", 0)
    assert "generic" in _kinds(_findings(world, p, user="province_office", generic_limit=1))
    monkeypatch.setattr(selectors, "NEIGHBOURHOOD", 1)  # 东县 holds two problems, 东镇 one: 东镇 it is
    assert "generic" not in _kinds(_findings(world, p, user="province_office", generic_limit=1))
    monkeypatch.setattr(selectors, "NEIGHBOURHOOD", 2)
    assert "generic" in _kinds(_findings(world, p, user="province_office", generic_limit=1))


def test_pages_over_a_too_large_scope_ask_for_a_smaller_unit(world, login, monkeypatch):
    problem(world, "V1", title="XX村道路硬化滞后")
    monkeypatch.setattr(selectors, "LARGE_PAGE", 0)
    client = login("province_office")
    for url in ("/quality/report/", "/quality/clusters/"):
        html = client.get(url, {"campaign": "test-campaign"}).content.decode()
        assert "请在上方填写一个下级单位" in html and "XX村道路硬化滞后" not in html


def test_a_few_statements_scanned_count_the_same_units_as_an_index_of_the_scope(monkeypatch):
    import random

    from taizhang.quality.tests.factories import FAMILIES, SINGLES, family_statement
    from taizhang.quality.text import normalise

    rng = random.Random(9)
    rows = [(pk, family_statement(rng, f), pk % 17) for pk, f in enumerate(list(FAMILIES) * 20)]
    rows += [(1000 + i, text, i) for i, text in enumerate(SINGLES)]
    by_text = selectors._statements(rows)
    targets = {pk: (normalise(title), unit) for pk, title, unit in rows[::7]}
    scanned = checks.generic_counts(by_text, targets, threshold=0.85)
    monkeypatch.setattr(checks, "SCAN_TARGETS", 0)
    assert checks.generic_counts(by_text, targets, threshold=0.85) == scanned
    assert max(scanned.values()) > 5 and min(scanned.values()) == 0
