"""Opinion figures lead to their records: each opinions.* key that counts opinions links to the opinion queue
narrowed to the unit's subtree, the campaign and the figure, and that list holds exactly what the figure counts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from taizhang.opinions import services
from taizhang.opinions.tests.factories import make_opinion, make_round
from taizhang.stats import rollup
from taizhang.stats.catalogue import record_source, records_key, source_keys
from taizhang.stats.links import records_url

OPINION_KEYS = ["opinions.collected", "opinions.collected.online", "opinions.collected.letter",
                "opinions.collected.forum", "opinions.collected.talk", "opinions.collected.box",
                "opinions.to_problems", "opinions.to_matters", "opinions.replied"]


@pytest.fixture
def planted(world):
    """东县 K1's round: two opinions from the form (one turned into a problem with a third, merged), one closed
    with a reply, one from the box, a 座谈会's two; 东镇 T1's round: a letter's two, one turned into a matter;
    中县 K2 (outside K1) has its own round with opinions of every kind that no K1 figure counts."""
    office = world.county_office
    county = make_round(world)
    a, b = make_opinion(world, "窗口午间不办公", county), make_opinion(world, "窗口中午不开放", county)
    make_opinion(world, "窗口午休不办事", county)
    services.opinions_to_problem(actor=office, opinions=[a, b], unit=world.unit("K1"), title="窗口午间不办公")
    services.opinion_close(actor=office, opinion=make_opinion(world, "路灯不亮", county), reason="已修复")
    services.opinion_record(actor=office, rnd=county, content="意见箱：图书室开放时间短")
    services.meeting_record(actor=office, rnd=county, kind="forum", held_on=county.starts_on, attendance=10,
                            opinions="会议多\n文件多")
    township = make_round(world, unit="T1", title="东镇征求意见")
    letter = services.letters_send(actor=office, rnd=township, recipients=[world.unit("V1")],
                                   deadline=township.ends_on)[0]
    first, _ = services.letter_answer(actor=world.village_clerk, letter=letter, opinions="村务公开不及时\n希望多培训")
    services.opinion_to_matter(actor=office, opinion=first, unit=world.unit("T1"), title="村务公开栏",
                               category="service")
    outside = services.round_create(actor=world.user("province_office"), campaign=world.campaign(),
                                    unit=world.unit("K2"), title="中县征求意见", themes="作风",
                                    starts_on=county.starts_on, ends_on=county.ends_on)
    c = make_opinion(world, "中县的窗口也不办公", outside)
    services.opinions_to_problem(actor=world.user("province_office"), opinions=[c], unit=world.unit("K2"),
                                 title="中县窗口")
    services.opinion_close(actor=world.user("province_office"), opinion=make_opinion(world, "中县路灯", outside),
                           reason="已修复")
    services.meeting_record(actor=world.user("province_office"), rnd=outside, kind="talk", held_on=county.starts_on,
                            sessions=2, attendance=2, opinions="中县谈话意见")
    return world.campaign()


def test_every_opinion_figure_names_the_queue():
    assert set(source_keys("opinion")) == set(OPINION_KEYS)
    for key in OPINION_KEYS:
        assert record_source(records_key(key)) == "opinion"
    # Figures about meetings, letters and ratings count other records: they link nowhere.
    assert records_key("opinions.forums") is None and records_key("opinions.satisfaction_rate") is None


@pytest.mark.parametrize("code, user", [("K1", "county_office"), ("T1", "county_office"), ("T2", "county_office"),
                                        ("K1", "county_leader"), ("C1", "province_office")])
def test_each_opinion_list_holds_what_its_figure_counts(world, planted, login, code, user):
    client = login(user)
    unit = world.unit(code)
    figures = rollup.stats_for(unit, planted, keys=OPINION_KEYS)
    assert any(figures.values()) == (code != "T2"), figures
    for key in OPINION_KEYS:
        response = client.get(records_url(key, unit, planted))
        assert not response.context["filters"].errors, key
        rows = list(response.context["page"].paginator.object_list)
        assert len(rows) == figures[key], (code, key)
        assert all(o.unit.path.startswith(unit.path) for o in rows), key


def test_the_figures_count_what_they_say_inside_and_outside_the_subtree(world, planted):
    k1 = rollup.stats_for(world.unit("K1"), planted, keys=OPINION_KEYS)
    assert k1 == {"opinions.collected": 9, "opinions.collected.online": 4, "opinions.collected.letter": 2,
                  "opinions.collected.forum": 2, "opinions.collected.talk": 0, "opinions.collected.box": 1,
                  "opinions.to_problems": 2, "opinions.to_matters": 1, "opinions.replied": 1}
    c1 = rollup.stats_for(world.unit("C1"), planted, keys=["opinions.collected", "opinions.collected.talk"])
    assert c1 == {"opinions.collected": 12, "opinions.collected.talk": 1}


def test_the_list_says_which_figure_it_lists_and_keeps_it_when_narrowed(world, planted, login):
    client = login("county_office")
    url = records_url("opinions.to_problems", world.unit("K1"), planted)
    body = client.get(url).content.decode()
    assert "统计口径：意见建议列入问题清单，共 2 条" in body
    assert '<input type="hidden" name="metric" value="opinions.to_problems">' in body
    narrowed = client.get(url + "&status=merged")
    assert narrowed.context["page"].paginator.count == 1
    assert "统计口径：意见建议列入问题清单，共 1 条" in narrowed.content.decode()
    clear = unescape(narrowed.content.decode().split("data-metric-notice>")[1].split('href="')[1].split('"')[0])
    assert "metric=" not in clear and "status=merged" in clear


def test_the_queue_opens_on_pending_opinions_and_lists_all_on_request(world, planted, login):
    client = login("county_office")
    pending = client.get(reverse("opinions:queue"))
    assert {o.status for o in pending.context["page"]} == {"pending"}
    everything = client.get(reverse("opinions:queue"), {"status": ""})
    assert everything.context["page"].paginator.count == 9  # what county_office sees: K1's subtree


def test_a_leader_reads_the_list_but_does_not_triage(world, planted, login):
    body = login("county_leader").get(reverse("opinions:queue"), {"status": ""}).content.decode()
    assert "窗口午间不办公" in body and "/opinions/o/" not in body
    office = login("county_office").get(reverse("opinions:queue"), {"status": ""}).content.decode()
    assert len(set(re.findall(r'href="/opinions/o/(\d+)/"', office))) == 9


def test_the_dashboard_links_the_opinion_figures(world, planted, login):
    body = login("county_office").get("/stats/u/K1/?campaign=test-campaign").content.decode()
    links = {k: u for u, k in re.findall(r'href="([^"]+)" data-figure-link="(opinions\.[a-z_.]+)"', body)}
    assert "opinions.collected" in links and "/opinions/queue/" in links["opinions.collected"]


def test_who_may_not_open_the_queue_reads_the_opinion_figures_without_a_link(world, planted, login):
    """The inspection group sees a county's dashboard, but the opinion queue is for offices and leaders: the
    figure is shown, and no link leads to a page that would answer 404."""
    body = login("inspector").get("/stats/u/K1/?campaign=test-campaign").content.decode()
    from taizhang.stats.catalogue import CATALOGUE

    assert CATALOGUE["opinions.collected"].label in body
    assert 'data-figure-link="opinions.' not in body and "/opinions/queue/" not in body
    assert login("inspector").get("/opinions/queue/?campaign=test-campaign").status_code == 404
    assert 'data-figure-link="problems.' in body  # the other figures still lead to their lists
