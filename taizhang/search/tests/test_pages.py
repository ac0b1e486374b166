"""The search box on every page, the results page, the dictionary page."""

from taizhang.audit.models import AuditEvent
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.matters.tests.factories import make_matter
from taizhang.search.models import SearchTerm
from taizhang.search.tokenize import tokenize


def test_every_page_has_the_search_box_in_its_top_bar(login, world):
    client = login("county_clerk")
    for url in ("/", "/ledger/", "/institutions/", "/notifications/"):
        html = client.get(url).content.decode()
        assert 'data-topsearch data-suggest-url="/search/suggest/"' in html, url
        assert 'name="q"' in html and "taizhang/search.js" in html, url


def test_a_member_without_records_to_search_has_no_box(login, world):
    html = login("member").get("/").content.decode()
    assert "data-topsearch" not in html


def test_results_are_grouped_by_kind_with_counts_and_open_the_record(login, world):
    p = make_problem(world, "T1", title="自来水管网老化")
    m = make_matter(world, title="东村自来水管网改造")
    html = login("county_office").get("/search/", {"q": "自来水"}).content.decode()
    assert 'data-kind="problem"' in html and 'data-kind="matter"' in html
    assert "共 1 条" in html
    assert f'href="/ledger/p/{p.pk}/"' in html and f'href="/matters/{m.pk}/"' in html
    assert "<mark>自来水</mark>" in html


def test_a_kind_lists_every_result_of_it_page_by_page(login, world):
    for i in range(25):
        make_problem(world, "T1", title=f"档案管理不规范第{i}项")
    client = login("county_office")
    first = client.get("/search/", {"q": "档案管理", "kind": "problem"}).content.decode()
    assert first.count("data-search-hit=") == 20 and "第 1 / 2 页" in first
    second = client.get("/search/", {"q": "档案管理", "kind": "problem", "page": 2}).content.decode()
    assert second.count("data-search-hit=") == 5


def test_a_kind_above_the_cap_says_so_on_its_tab_its_group_and_its_pages(login, world, monkeypatch):
    from taizhang.search import selectors

    for i in range(5):
        make_problem(world, "T1", title=f"档案管理不规范第{i}项")
    make_matter(world, title="档案管理室改造")
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    client = login("county_office")
    overview = client.get("/search/", {"q": "档案管理"}).content.decode()
    assert "共 3+ 条" in overview and "共 1 条" in overview  # problems capped, the matter counted whole
    assert "查看全部 3+ 条问题" in overview
    assert 'data-kind="problem">问题 <span class="badge text-bg-light">3+</span>' in overview
    kind = client.get("/search/", {"q": "档案管理", "kind": "problem"}).content.decode()
    assert kind.count("data-search-hit=") == 3


def test_snippets_escape_the_record_text_before_marking(login, world):
    make_problem(world, "T1", title="台账<script>alert(1)</script>造假")
    html = login("county_office").get("/search/", {"q": "台账"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html and "<mark>台账</mark>" in html


def test_a_unit_outside_the_scope_is_explained_not_ignored(login, world):
    make_problem(world, "T1", title="调研走过场")
    html = login("county_office").get("/search/", {"q": "走过场", "unit": "K3"}).content.decode()
    assert "不在您的权限范围内" in html and "data-search-hit" not in html


def test_an_unknown_campaign_is_explained(login, world):
    html = login("county_office").get("/search/", {"q": "走过场", "campaign": "nope"}).content.decode()
    assert "未找到标识为「nope」的专项工作" in html


def test_the_office_adds_a_word_and_the_next_tokenisation_keeps_it(login, world):
    client = login("county_office")
    response = client.post("/search/terms/add/", {"word": "三张清单", "note": "问题、任务、责任"}, follow=True)
    assert "已将「三张清单」加入检索词典" in response.content.decode()
    assert SearchTerm.objects.filter(word="三张清单").exists()
    assert AuditEvent.objects.filter(action="searchterm.add").exists()
    assert "三张清单" in tokenize("对照三张清单逐项整改")
    assert "三张清单" in client.get("/search/terms/").content.decode()


def test_a_word_twice_is_refused_with_a_message(login, world):
    client = login("county_office")
    client.post("/search/terms/add/", {"word": "三张清单"})
    response = client.post("/search/terms/add/", {"word": "三张清单"}, follow=True)
    assert "「词语」「三张清单」已在检索词典中" in response.content.decode()
    assert SearchTerm.objects.filter(word="三张清单").count() == 1


def test_the_ledger_keyword_reads_the_index(login, world):
    hit = make_problem(world, "T1", title="理论学习不够深入系统", target="建立常态化学习制度")
    make_problem(world, "T1", title="调研走过场")
    client = login("county_office")
    body = client.get("/ledger/", {"campaign": "test-campaign", "q": "常态化"}).content.decode()
    assert "理论学习不够深入系统" in body and "调研走过场" not in body  # a word of the target, which LIKE missed
    for typed in (hit.number, hit.number.lower(), f" {hit.number} "):  # the number as typed, in any case
        body = client.get("/ledger/", {"campaign": "test-campaign", "q": typed}).content.decode()
        assert "理论学习不够深入系统" in body and "调研走过场" not in body


def test_a_measure_opens_its_problem_at_the_measures(login, world):
    from taizhang.ledger import services as ledger

    p = make_problem(world, "T1", title="窗口服务效率低")
    ledger.measure_add(actor=world.county_office, problem=p, text="推行容缺受理机制")
    client = login("county_office")
    html = client.get("/search/", {"q": "容缺受理"}).content.decode()
    assert f'href="/ledger/p/{p.pk}/#tz-measures"' in html
    assert 'id="tz-measures"' in client.get(f"/ledger/p/{p.pk}/").content.decode()
