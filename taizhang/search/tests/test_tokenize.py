"""The tokeniser keeps the campaign's vocabulary whole, and the office's own words from the next call on."""

import pytest

from taizhang.search import services
from taizhang.search.tokenize import index_tokens, shipped_words, tokenize

pytestmark = pytest.mark.django_db  # the office's words are read from the database


@pytest.mark.parametrize("word", ["主题教育", "回头看", "销号", "为民办实事", "建章立制", "形式主义", "官僚主义",
                                  "检视整改", "四不两直", "流于形式"])
def test_campaign_words_stay_one_token(word):
    assert word in tokenize(f"各支部要以{word}为抓手推进工作")


def test_a_sentence_of_campaign_vocabulary():
    assert tokenize("深入开展主题教育回头看，坚决整治形式主义、官僚主义，问题整改销号。") == [
        "深入开展", "主题教育", "回头看", "坚决", "整治", "形式主义", "官僚主义", "问题", "整改销号"]


def test_index_tokens_also_hold_the_parts_of_a_long_word():
    tokens = index_tokens("主题教育")
    assert {"主题", "教育", "主题教育"} <= set(tokens)


def test_punctuation_and_spaces_are_not_tokens_and_latin_is_lower_cased():
    assert tokenize("  ，。！ QQ群 ") == ["qq", "群"]


def test_every_shipped_word_is_one_token():
    for word in shipped_words():
        assert tokenize(word) == [word], word


def test_an_office_word_applies_to_the_next_tokenisation(world):
    assert tokenize("推进三张清单落实") != ["推进", "三张清单", "落实"]
    services.term_add(actor=world.county_office, word="三张清单", note="问题清单、任务清单、责任清单")
    assert tokenize("推进三张清单落实") == ["推进", "三张清单", "落实"]
    term = services.SearchTerm.objects.get(word="三张清单")
    services.term_delete(actor=world.county_office, term=term)
    assert "三张清单" not in tokenize("推进三张清单落实")


def test_a_campaign_word_stays_whole_inside_a_sentence_that_could_cut_it_otherwise():
    assert "调查研究" in tokenize("个别领导干部开展调查研究时停留在听汇报")


def test_a_long_word_is_indexed_under_the_dictionary_words_inside_it():
    tokens = set(index_tokens("理论学习中心组学习"))
    assert {"理论学习中心组", "理论学习", "理论", "学习", "中心"} <= tokens


TEXTS = ["针对理论学习流于形式的问题，制定《2026年度学习计划》，每月开展1次集中学习。",
         "Ｗi-Fi 覆盖率 98.5%\r\n群众满意度 \t提升 ；XX县 ×× 乡",
         "整改落实整改落实整改落实", "！？。，", "", "abc_def ＡＢＣ 一二三 3.14 50%"]


@pytest.mark.parametrize("text", TEXTS)
def test_words_kept_per_run_are_exactly_what_jieba_cuts_from_the_whole_text(text):
    from taizhang.search import tokenize as t

    tk = t.tokenizer()
    expected = list(tk.cut(text, HMM=False))
    assert list(t._cut(tk, text)) == expected
    assert list(t._cut(tk, text)) == expected  # the second time from the kept runs


def test_an_office_word_added_later_is_not_hidden_by_runs_cut_before_it(world):
    text = "村里推行积分超市治理"
    before = tokenize(text)
    assert "积分超市" not in before
    services.term_add(actor=world.county_office, word="积分超市")
    assert "积分超市" in tokenize(text)
