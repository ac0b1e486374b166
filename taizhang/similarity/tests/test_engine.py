"""The 查重 engine sees through every disguise of a copy, and does not pair honest materials on the same theme."""

import pytest

from taizhang.similarity.engine import batch, compare, covered
from taizhang.similarity.tests import disguises
from taizhang.similarity.tests.samples import HONEST_A, HONEST_B, SOURCE
from taizhang.similarity.text import normalise, normalise_with_map


def _assert_copy(disguised: str, minimum: float = 0.85):
    alignment = compare(disguised, SOURCE)
    assert alignment.score >= minimum, f"score {alignment.score:.2f}"
    shown = alignment.shown()
    assert shown, "no passages shown"
    for p in shown:  # the passages are the authors' own words, not the normalised text
        assert disguised[p["a"]["start"]:p["a"]["end"]] == p["a"]["text"]
        assert SOURCE[p["b"]["start"]:p["b"]["end"]] == p["b"]["text"]
    assert any("议事协商" in p["b"]["text"] for p in shown)
    return alignment


def test_numbers_replaced_by_x():
    disguised = disguises.numbers_to_x(SOURCE)
    assert "428" not in disguised and "xx" in disguised
    _assert_copy(disguised, 0.95)


def test_names_replaced_by_placeholders():
    disguised = disguises.names_to_placeholders(SOURCE)
    assert "王建国" not in disguised and "某某" in disguised
    _assert_copy(disguised)


def test_punctuation_changed():
    _assert_copy(disguises.punctuation_changed(SOURCE), 0.95)


def test_full_width_forms():
    disguised = disguises.full_width(SOURCE)
    assert "４２８" in disguised
    _assert_copy(disguised, 0.95)
    assert normalise("ＡＢＣ１２３，") == normalise("abc456,")


def test_whitespace_and_line_breaks_inserted():
    _assert_copy(disguises.whitespace_inserted(SOURCE), 0.95)


def test_page_break_fragments():
    disguised = disguises.page_breaks(SOURCE)
    assert "第 2 页" in disguised
    alignment = _assert_copy(disguised, 0.95)
    # the fragments are not counted as text of the copy either
    assert "内部资料" not in normalise(disguised) and "页" not in normalise(disguised).replace("页眉", "")
    assert alignment.a.text == normalise(SOURCE)


def test_paragraph_order_swapped():
    disguised = disguises.paragraphs_reordered(SOURCE)
    assert disguised != SOURCE
    _assert_copy(disguised, 0.95)


def test_all_disguises_combined_numbers_names_and_reordered_paragraphs():
    disguised = disguises.all_combined(SOURCE)
    alignment = _assert_copy(disguised, 0.8)
    assert len(alignment.passages) >= 4


def test_a_partial_copy_scores_its_share():
    paragraphs = SOURCE.split("\n\n")
    mixed = HONEST_A + "\n\n" + paragraphs[4]  # one paragraph of the source, in an honest material
    alignment = compare(mixed, SOURCE)
    assert 0.1 < alignment.a_share < 0.4
    assert [p["b"]["text"][:6] for p in alignment.shown()] == ["三、议事协商"]


def test_honest_materials_on_the_same_theme_are_not_paired():
    for a, b in ((HONEST_A, HONEST_B), (SOURCE, HONEST_A), (SOURCE, HONEST_B)):
        assert compare(a, b).score < 0.05
    assert [(x, y) for x, y, _ in batch([SOURCE, HONEST_A, HONEST_B], threshold=0.1)] == []


def test_batch_finds_the_copies_among_honest_materials_best_first():
    texts = [HONEST_A, disguises.all_combined(SOURCE), HONEST_B, SOURCE, disguises.numbers_to_x(SOURCE)]
    pairs = [(a, b) for a, b, _ in batch(texts, threshold=0.3)]
    assert sorted(pairs) == [(1, 3), (1, 4), (3, 4)]
    assert pairs[0] == (3, 4)  # numbers only: the closest copy comes first


def test_the_map_gives_the_original_span_of_each_normalised_character():
    n = normalise_with_map("２０２３年，  ××同志\n- 3 -\n说：好！")
    assert n.text == "#年#同志说好"
    assert n.original[slice(*n.span(0, 2))] == "２０２３年"
    assert n.original[slice(*n.span(2, 5))] == "××同志"


@pytest.mark.parametrize("spans,expected", [([], 0), ([(0, 5), (3, 8)], 8), ([(10, 12), (0, 2), (1, 2)], 4)])
def test_covered_counts_the_union(spans, expected):
    assert covered(spans) == expected
