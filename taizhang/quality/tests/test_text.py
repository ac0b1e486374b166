"""Statement similarity: normalisation, scores, blocking and the clusters of generated statements."""

import random

import pytest

from taizhang.quality import text as text_module
from taizhang.quality.tests.factories import FAMILIES, SINGLES, family_statement
from taizhang.quality.text import TextIndex, cluster, normalise, similar_among


def test_normalise_folds_width_case_punctuation_and_whitespace():
    assert normalise("ＡＢＣ１２３，学习  流于\n形式！") == "abc123学习流于形式"
    assert normalise("（理论）学习：“不够”深入") == "理论学习不够深入"


def test_the_same_statement_in_full_width_with_other_punctuation_scores_one():
    index = TextIndex([(1, "学习流于形式，效果不明显。"), (2, "学习流于形式　效果不明显！"), (3, "河道保洁不及时。")])
    assert index.similarity(1, 2) == 1.0
    assert index.similarity(1, 3) == 0.0


def test_a_query_ranks_the_near_statements_first():
    index = TextIndex([(1, "理论学习不够深入系统，学用结合不紧"), (2, "河道保洁责任分工不清"),
                       (3, "理论学习不够深入、不够系统"), (4, "窗口服务态度生硬")])
    hits = index.query("理论学习不够深入系统", limit=5, min_score=0.1)
    assert [pk for pk, _ in hits] == [1, 3]
    assert hits[0][1] > hits[1][1] > 0.3


def _statements(seed=7, per_family=30):
    rng = random.Random(seed)
    items, truth = [], {}
    pk = 0
    for family in FAMILIES:
        for _ in range(per_family):
            pk += 1
            items.append((pk, family_statement(rng, family)))
            truth[pk] = family
    for text in SINGLES:
        pk += 1
        items.append((pk, text))
        truth[pk] = None
    rng.shuffle(items)
    return items, truth


@pytest.mark.parametrize("threshold", [0.2, 0.35, 0.5, 0.6, 0.8, 0.95])
@pytest.mark.parametrize("idf", [True, False])
def test_prefix_filtered_pairs_are_exactly_the_pairs_of_an_all_pairs_comparison(threshold, idf):
    items, _ = _statements()
    # Statements made of common shingles only, which a filter keyed on rare shingles would never pair.
    items += [(1001, "学习不够学习不够"), (1002, "学习不够，不够学习"), (1003, "学习学习不够")]
    index = TextIndex(items, idf=idf)
    ids = index.ids
    brute = {(a, b) for x, a in enumerate(ids) for b in ids[x + 1:] if index.similarity(a, b) >= threshold}
    assert brute, "the data must hold pairs at every threshold tried"
    assert {(a, b) for a, b, _ in index.pairs(threshold)} == brute


@pytest.fixture(params=["star", "centred"])
def grouping(request, monkeypatch):
    """Both ways `cluster` groups: star clustering, and the one pass against centres used for large sets."""
    monkeypatch.setattr(text_module, "STAR_LIMIT", 10**9 if request.param == "star" else 0)
    return request.param


def test_clusters_of_generated_statements_are_the_families(grouping):
    items, truth = _statements()
    groups = cluster(TextIndex(items), 0.5)
    found = sorted(sorted(g) for g in groups if len(g) > 1)
    expected = sorted(sorted(pk for pk, f in truth.items() if f == family) for family in FAMILIES)
    assert found == expected
    singles = [g for g in groups if len(g) == 1]
    assert sorted(g[0] for g in singles) == sorted(pk for pk, f in truth.items() if f is None)


def test_clustering_is_deterministic_and_every_member_is_near_its_centre(grouping):
    items, _ = _statements(seed=11)
    a, b = cluster(TextIndex(items), 0.5), cluster(TextIndex(items), 0.5)
    assert a == b
    index = TextIndex(items)
    for group in a:
        assert all(index.similarity(group[0], other) >= 0.5 for other in group[1:])


def test_a_chain_of_small_steps_does_not_join_unrelated_statements(grouping):
    chain = ["学习流于形式", "学习流于形式走过场", "走过场现象突出", "走过场现象突出群众不满", "群众不满意度较高"]
    index = TextIndex(enumerate(chain))
    assert all(index.similarity(i, i + 1) >= 0.15 for i in range(4)) and index.similarity(0, 4) == 0
    groups = cluster(index, 0.15)
    assert len(groups) > 1 and all(index.similarity(g[0], o) >= 0.15 for g in groups for o in g[1:])


def test_groups_come_largest_first_counting_repeated_statements(grouping):
    index = TextIndex([(1, "河道保洁不及时"), (2, "学习流于形式"), (3, "学习流于形式。走过场")])
    assert cluster(index, 0.5) == [[2, 3], [1]]
    assert cluster(index, 0.5, weights={1: 5}) == [[1], [2, 3]]


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.85, 0.95])
def test_one_statement_scanned_against_many_finds_what_the_index_finds(threshold):
    items, _ = _statements(seed=5)
    keys = list(dict.fromkeys(normalise(t) for _, t in items))
    index = TextIndex(((k, k) for k in keys), idf=False)
    found_any = False
    for target in keys:
        expected = {k for k, _ in index.query(target, limit=len(keys), min_score=threshold)}
        assert set(similar_among(target, keys, threshold)) == expected
        found_any |= len(expected) > 1
    assert found_any, "the data must hold near statements at every threshold tried"


@pytest.mark.parametrize("threshold", [0.5, 0.85])
def test_the_neighbours_of_a_few_statements_are_those_of_all_pairs(threshold):
    from taizhang.quality.text import near_each, neighbours

    items, _ = _statements(seed=13)
    index = TextIndex(items, idf=False)
    asked = index.ids[::9]
    every = neighbours(index, threshold)
    near = near_each(index, asked, threshold)
    assert set(near) == set(asked)
    assert any(near[k] for k in asked)
    for key in asked:
        assert sorted(o for o, _ in near[key]) == sorted(o for o, _ in every.get(key, []))
