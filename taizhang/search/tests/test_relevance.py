"""Results come most relevant first: rows holding every word of the query (and in their title) before newer rows
holding only some of them; among equals the newest record first. Scoping and grouping by kind stay as they are."""

from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.search.selectors import grouped, query_terms, rows, search_entries


def ranked(user, query, **filters) -> list[int]:
    terms = query_terms(query)
    return [e.object_id for e in rows(search_entries(user, query, **filters), slice(0, 20), terms)]


def test_a_record_holding_every_word_in_its_title_ranks_above_a_newer_one_holding_one(world):
    """Of a two-word query a row holding one word is still found (ranked below); see `enough_words`."""
    query = "理论学习 深入"
    assert query_terms(query) == ["理论学习", "深入"]
    best = make_problem(world, "T1", title="理论学习不够深入系统", description="中心组学习流于形式")
    newer = make_problem(world, "T1", title="会议通知下发不及时", description="部分支部理论学习安排偏少")
    assert newer.pk > best.pk
    assert ranked(world.county_office, query) == [best.pk, newer.pk]


def test_among_rows_holding_every_word_the_title_decides_then_the_newest(world):
    in_text = make_problem(world, "T1", title="台账管理不规范", description="基层负担重，台账资料繁多")
    in_title = make_problem(world, "T1", title="基层负担重", description="报表多，台账资料繁多")
    older_same = make_problem(world, "T1", title="为基层减负", description="基层负担重，台账资料繁多")
    newest_same = make_problem(world, "T1", title="为基层减负", description="基层负担重，台账资料繁多")
    order = ranked(world.county_office, "基层负担")
    assert order[0] == in_title.pk
    assert set(order) == {in_text.pk, in_title.pk, older_same.pk, newest_same.pk}
    assert order.index(newest_same.pk) < order.index(older_same.pk)


def test_a_single_word_ranks_by_the_databases_score_and_keeps_the_scope(world):
    ours = make_problem(world, "T1", title="形式主义", description="形式主义问题突出，形式主义作风仍有反映")
    passing = make_problem(world, "T1", title="会议偏多", description="存在形式主义苗头")
    theirs = make_problem(world, "T3", actor="province_office", title="形式主义", description="形式主义形式主义")
    order = ranked(world.county_office, "形式主义")
    assert order == [ours.pk, passing.pk]
    assert theirs.pk not in order
    assert theirs.pk in ranked(world.province_office, "形式主义")


def test_the_grouped_results_rank_inside_each_kind(world):
    best = make_problem(world, "T1", title="理论学习不够深入系统", description="专题研讨发言照本宣科")
    newer = make_problem(world, "T1", title="会议偏多", description="理论学习时间被挤占")
    result = grouped(world.county_office, "理论学习 深入")
    kinds = [g[0] for g in result.groups]
    assert kinds == ["problem"]
    assert [h.id for h in result.groups[0][3]] == [best.pk, newer.pk]
    assert result.counts == {"problem": 2}


def test_a_single_character_of_the_query_finds_nothing_on_its_own(world):
    measure_like = make_problem(world, "T1", title="推行一窗受理", description="限时办结")
    window = make_problem(world, "T1", title="开通帮办代办专窗", description="方便群众")
    order = ranked(world.county_office, "一窗受理")
    assert measure_like.pk in order
    assert window.pk not in order


def test_counts_stop_at_the_cap_and_say_so(world, monkeypatch):
    from taizhang.search import selectors

    for i in range(4):
        make_problem(world, "T1", title=f"形式主义问题{i}", description="形式主义")
    qs = search_entries(world.county_office, "形式主义")
    assert selectors.kind_counts(qs) == {"problem": 4}
    assert selectors.kind_counts(qs, cap=2) == {"problem": 3}
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    result = grouped(world.county_office, "形式主义")
    assert result.capped and result.capped_kinds == {"problem"} and result.total == 2
    assert len(result.groups[0][3]) == 4


def test_each_kind_is_counted_on_its_own_so_a_few_after_many_of_another_kind_still_show(world, monkeypatch):
    """Capped counts are per kind: the first matches of the whole index would all be problems, and the measures
    holding the word — indexed after them — would have no tab on the results page."""
    from taizhang.ledger import services
    from taizhang.search import selectors

    problems = [make_problem(world, "T1", title=f"形式主义问题{i}") for i in range(4)]
    services.measure_add(actor=world.county_office, problem=problems[0], text="整治形式主义，精简会议")
    qs = search_entries(world.county_office, "形式主义")
    assert selectors.kind_counts(qs, cap=2) == {"problem": 3, "measure": 1}
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    result = grouped(world.county_office, "形式主义")
    assert result.counts == {"problem": 2, "measure": 1} and result.capped_kinds == {"problem"}
    assert [kind for kind, *_ in result.groups] == ["problem", "measure"]
    page = result.groups[1][3]
    assert [h.id for h in page] == [problems[0].measures.get().pk]


def test_walking_the_newest_and_sorting_the_few_rank_alike(world, monkeypatch):
    """Many matches are read newest first by walking the primary key, few by sorting them (`_latest`, decided on
    PostgreSQL by the planner's estimate); whichever way is taken, the ranking is the same."""
    from taizhang.search import selectors

    made = [make_problem(world, "T1", title=title, description=text) for title, text in [
        ("联系服务群众不够紧密", "走访群众次数偏少"), ("服务群众意识不强", "窗口服务态度生硬"),
        ("会议偏多", "联系群众渠道单一"), ("群众满意度不高", "服务事项办理慢")]]
    orders = {}
    for walk_above in (0, 10**9):
        monkeypatch.setattr(selectors, "WALK_ABOVE", walk_above)
        orders[walk_above] = ranked(world.county_office, "联系服务群众")
    assert orders[0] == orders[10**9]
    assert orders[0][0] == made[0].pk and set(orders[0]) <= {p.pk for p in made}
    assert len(orders[0]) >= 3


def test_the_newest_records_of_one_kind_looked_at_first_rank_as_all_of_them_would(world, monkeypatch):
    """Narrowed to one kind, the newest records are read from a window first (`_newest`); the window's edge,
    falling between the matches, changes nothing in the answer — nor in the grouped page, which asks per kind."""
    from taizhang.search import selectors

    made = [make_problem(world, "T1", title=title, description=text) for title, text in [
        ("联系服务群众不够紧密", "走访群众次数偏少"), ("会议偏多", "联系群众渠道单一"),
        ("服务群众意识不强", "窗口服务态度生硬"), ("群众满意度不高", "服务事项办理慢"),
        ("联系服务群众制度落实不到位", "联系点走访流于形式"), ("河道保洁不及时", "垃圾清运慢")]]
    monkeypatch.setattr(selectors, "COUNT_CAP", 1)  # every kind "many": its newest records are walked first
    answers = {}
    for window in (1, 2, 3, 10**9):
        monkeypatch.setattr(selectors, "NEWEST_WINDOW", window)
        answers[window] = (ranked(world.county_office, "联系服务群众", kind="problem"),
                           [[h.id for h in g[3]] for g in grouped(world.county_office, "联系服务群众").groups])
    assert len({repr(a) for a in answers.values()}) == 1
    found = answers[1][0]
    assert set(found[:2]) == {made[0].pk, made[4].pk} and made[5].pk not in found and len(found) >= 4


def test_each_kinds_group_ranks_its_newest_matches_and_the_kinds_page_ranks_more(world, monkeypatch):
    """The results page shows a few rows per kind, the best of that kind's newest PREVIEW_CANDIDATES matches (so
    eight groups cost little); the page of one kind ranks its newest RANK_CANDIDATES. An older record holding the
    word in its title therefore leads the kind's page, and the group once the preview reaches back to it."""
    from taizhang.search import selectors

    older = make_problem(world, "T1", title="形式主义问题突出", description="会议多")
    newer = [make_problem(world, "T1", title=f"会议偏多{i}", description="存在形式主义倾向") for i in range(3)]
    monkeypatch.setattr(selectors, "PREVIEW_CANDIDATES", 2)
    group = [h.id for h in grouped(world.county_office, "形式主义", per_kind=2).groups[0][3]]
    assert group == [newer[2].pk, newer[1].pk]
    assert ranked(world.county_office, "形式主义", kind="problem")[0] == older.pk
    monkeypatch.setattr(selectors, "PREVIEW_CANDIDATES", 4)
    assert [h.id for h in grouped(world.county_office, "形式主义", per_kind=2).groups[0][3]][0] == older.pk


def test_counting_through_the_index_leaves_the_planner_as_it_was(world):
    """PostgreSQL counts a kind's matches with table scans and index walks switched off for the statement; inside a
    caller's transaction the switch must not outlast the count."""
    from django.db import connection

    from taizhang.search import selectors

    make_problem(world, "T1", title="形式主义问题", description="形式主义")
    qs = search_entries(world.county_office, "形式主义")
    assert selectors.kind_counts(qs, cap=5) == {"problem": 1}
    assert selectors.count_up_to(qs.filter(kind="problem"), 5) == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            seq = cursor.fetchone()[0]
            cursor.execute("SHOW enable_indexscan")
            assert (seq, cursor.fetchone()[0]) == ("on", "on")


def test_counting_by_walking_the_newest_first_or_through_the_index_counts_alike(world, monkeypatch):
    """A word PostgreSQL expects in many rows is counted by walking each kind's newest records first, the rest
    through the index (`kind_counts`); wherever the window's edge falls, the capped counts are the same."""
    from django.db import connection

    from taizhang.ledger import services
    from taizhang.search import selectors

    problems = [make_problem(world, "T1", title=f"形式主义问题{i}", description="会议多") for i in range(5)]
    for p in problems[:3]:
        services.measure_add(actor=world.county_office, problem=p, text="整治形式主义，精简会议")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
    qs = search_entries(world.county_office, "形式主义")
    exact = selectors.kind_counts(qs)
    assert exact == {"problem": 5, "measure": 3}
    for share in (0, 2):  # 0: every word is "common" on PostgreSQL; 2: none is
        monkeypatch.setattr(selectors, "COMMON_SHARE", share)
        for window in (1, 2, 4, 10**9):
            monkeypatch.setattr(selectors, "NEWEST_WINDOW", window)
            for cap in (1, 2, 4, 10):
                assert selectors.kind_counts(qs, cap=cap) == {k: min(n, cap + 1) for k, n in exact.items()}
