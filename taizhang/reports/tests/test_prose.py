"""Sentence hygiene shared by the narrative reports."""

from taizhang.reports import prose
from taizhang.reports.figures import figure_text


def test_a_clause_with_a_zero_figure_is_left_out_and_an_empty_sentence_disappears():
    figures = {"study.sessions.first_topic": 0, "study.sessions.group_study": 3}
    text = prose.sentence(prose.when(figures, "“第一议题”学习{study.sessions.first_topic}"),
                          prose.when(figures, "中心组学习{study.sessions.group_study}"))
    assert text == "中心组学习{study.sessions.group_study}。"
    assert prose.sentence(prose.when(figures, "学习{study.sessions.first_topic}"), "") == ""
    assert prose.when(figures, "其中多数已整改", "study.sessions.first_topic") == ""
    assert prose.when({}, "共{problems.found}") == ""  # a figure not given is no figure


def test_tidy_folds_doubled_punctuation_and_keeps_the_figure_fields():
    assert prose.tidy("共查摆问题{problems.found}，，整改率{problems.close_rate:n}。。") == \
        "共查摆问题{problems.found}，整改率{problems.close_rate:n}。"
    assert prose.tidy("已完成，。其中（）立行立改、。") == "已完成。其中立行立改。"
    assert prose.tidy("，将 《甲》、《乙》 和“丙”、“丁”列为 必读书目;") == "将《甲》《乙》和“丙”“丁”列为必读书目；"
    assert prose.tidy("（，说明）") == "（说明）"


def test_numbers_are_written_as_offices_write_them():
    assert prose.amount(51234, "人次") == "5.1万人次"
    assert prose.amount(9000, "人次") == "9000人次"
    assert prose.amount(12345, "个") == "12345个"
    assert prose.amount(12500.5, "万元", decimals=2) == "1.25亿元"
    assert prose.amount(75, "%") == "75.0%" and prose.amount(100.0, "%") == "100%"
    assert prose.amount(93.46, "%", plain=True) == "93.5"
    assert figure_text("matters.beneficiaries", 51234) == "5.1万人次"
    assert figure_text("problems.close_rate", 75.0) == "75.0%"
    assert figure_text("problems.close_rate", None) == "—"
    assert prose.people(45) == "45人"


def test_connecting_helpers():
    assert prose.series(["甲", "乙", "丙"]) == "甲、乙和丙" and prose.series(["甲"]) == "甲"
    assert prose.ordinal(3) == "三是"
    assert prose.book("《办法》") == "《办法》" and prose.book("办法") == "《办法》"
    assert prose.quote("对“四风”问题警惕性不高") == "“对‘四风’问题警惕性不高”"
    assert prose.first_sentence("一、主要做法\n东镇把支部建在网格上，小事不出网格。二、成效") == "东镇把支部建在网格上，小事不出网格"


def test_problems_names_what_a_paragraph_still_does_wrong():
    assert prose.problems("共查摆问题12个，整改率93.5%。") == []
    found = prose.problems("“第一议题”学习0次。。problems.found{x}整改率—")
    assert any("标点重复" in f for f in found) and any("英文" in f for f in found)
    assert any("零值" in f for f in found) and any("数据字段" in f for f in found) and any("—" in f for f in found)
    assert prose.problems("学习10次，参学20人次，资金0.5万元") == []


def test_a_title_with_quotes_inside_keeps_them_balanced():
    assert prose.quote("“弘扬斗争精神”专题研讨会") == "“‘弘扬斗争精神’专题研讨会”"
    assert prose.quote("“读书班”") == "“读书班”"
