"""Tests for the pure-Python phrase generator (no Django needed)."""

from __future__ import annotations

import random
import re

import pytest

from taizhang.demo import phrases as ph

# Every generator with the arguments it is called with, for the generic checks below.
CASES: list[tuple[str, object, tuple]] = [
    ("county_name", ph.county_name, ()),
    ("township_name", ph.township_name, ()),
    ("village_name", ph.village_name, ()),
    ("city_name", ph.city_name, ()),
    ("province_name", ph.province_name, ()),
    ("person_name", ph.person_name, ()),
    ("research_topic", ph.research_topic, ()),
    ("research_direction", ph.research_direction, ()),
    ("research_method_note", ph.research_method_note, ()),
    ("visit_site_place", ph.visit_site_place, ()),
    ("needs_collected", ph.needs_collected, ()),
    ("solved_on_site", ph.solved_on_site, ()),
    ("reading_material", ph.reading_material, ()),
    ("opinion_text", ph.opinion_text, ()),
    ("study_output_note", ph.study_output_note, ()),
    ("matter_source_note", ph.matter_source_note, ()),
    ("closure_evidence", ph.closure_evidence, ()),
    ("return_reason", ph.return_reason, ()),
    ("withdraw_reason", ph.withdraw_reason, ()),
    ("slip_reply", ph.slip_reply, ()),
    ("lookback_ok", ph.lookback_comment, (False,)),
    ("lookback_rebound", ph.lookback_comment, (True,)),
    ("report_abstract", ph.report_abstract, ("关于提升农村集体经济发展质效的调研",)),
]
CASES += [(f"department_name[{lv}]", ph.department_name, (lv,))
          for lv in ("province", "city", "county", "township", "village")]
CASES += [(f"leader_title[{lv}]", ph.leader_title, (lv,)) for lv in ph.LEVELS]
for _cat in ph.PROBLEM_CATEGORIES:
    CASES += [
        (f"problem_title[{_cat}]", ph.problem_title, (_cat,)),
        (f"problem_description[{_cat}]", ph.problem_description, (_cat,)),
        (f"measure_text[{_cat}]", ph.measure_text, (_cat,)),
        (f"target_text[{_cat}]", ph.target_text, (_cat,)),
    ]
CASES += [(f"progress_text[{p}]", ph.progress_text, (p,)) for p in (0, 5, 30, 50, 75, 95, 100)]
CASES += [(f"transformation_item[{k}]", ph.transformation_item, (k,)) for k in ph.TRANSFORMATION_KINDS]
CASES += [(f"study_title[{k}]", ph.study_title, (k,)) for k in ph.STUDY_TYPES]
CASES += [(f"matter_title[{k}]", ph.matter_title, (k,)) for k in ph.MATTER_CATEGORIES]
CASES += [(f"institution_title[{k}]", ph.institution_title, (k,)) for k in ph.INSTITUTION_KINDS]
CASES += [(f"material_title[{g}]", ph.material_title, (g,)) for g in ph.MATERIAL_GENRES]
CASES += [(f"material_body[{g}]", ph.material_body, (g,)) for g in ph.MATERIAL_GENRES]
CASES += [(f"slip_content[{k}]", ph.slip_content, (k,)) for k in ph.SLIP_KINDS]

IDS = [c[0] for c in CASES]

# ASCII is allowed only for figures (digits, %) and, in long bodies, newlines.
ASCII_LEFTOVER = re.compile(r"[\x00-\x09\x0b-\x24\x26-\x2f\x3a-\x7f]")
DECIMAL = re.compile(r"\d\.\d")  # 整改率98.2% is fine
PLACEHOLDERS = ("XX", "xx", "ＸＸ", "某某", "TODO", "{", "}", "#", "@", "&", "None", "。。", "，，", "，。")


@pytest.mark.parametrize(("name", "fn", "args"), CASES, ids=IDS)
def test_deterministic_for_seed(name, fn, args):
    def draw(seed):
        rng = random.Random(seed)
        return [fn(rng, *args) for _ in range(20)]

    first = draw(7)
    assert first == draw(7), name
    if len(set(first)) > 1:
        assert first != draw(8), name


@pytest.mark.parametrize(("name", "fn", "args"), CASES, ids=IDS)
def test_output_is_clean_chinese(name, fn, args):
    rng = random.Random(2023)
    for _ in range(300):
        text = fn(rng, *args)
        assert isinstance(text, str) and text.strip() == text and text, name
        if "\n" in text:
            assert name.startswith("material_body"), name
        bad = ASCII_LEFTOVER.search(DECIMAL.sub("", text))
        assert bad is None, f"{name}: ASCII {bad.group()!r} in {text!r}"
        for marker in PLACEHOLDERS:
            assert marker not in text, f"{name}: {marker!r} in {text!r}"
        assert "\n\n" not in text


# Minimum distinct values over 1,000 draws (with one seed).
VARIETY = {
    "problem_title": 100,
    "problem_description": 900,
    "measure_text": 100,
    "target_text": 150,
    "study_title": 120,
    "matter_title": 500,
    "transformation_item": 60,
    "slip_content": 300,
    "material_title": 300,
    "research_topic": 300,
    "opinion_text": 300,
    "county_name": 500,
    "township_name": 800,
    "village_name": 800,
    "person_name": 900,
    "visit_site_place": 700,
    "needs_collected": 900,
    "solved_on_site": 500,
    "institution_title": 800,
    "closure_evidence": 900,
    "research_method_note": 500,
    "slip_reply": 800,
    "return_reason": 60,
}


VARIETY_CASES = [c for c in CASES if c[0].split("[")[0] in VARIETY]


@pytest.mark.parametrize(("name", "fn", "args"), VARIETY_CASES, ids=[c[0] for c in VARIETY_CASES])
def test_variety(name, fn, args):
    base = name.split("[")[0]
    threshold = VARIETY[base]
    if base == "study_title" and args[0] in ("reading_class", "onsite", "quiz"):
        threshold = 25
    if base == "transformation_item" and args[0] == "solve":
        threshold = 30
    rng = random.Random(99)
    values = {fn(rng, *args) for _ in range(1000)}
    assert len(values) >= threshold, f"{name}: only {len(values)} distinct of 1000"


def test_problem_titles_have_many_combinations_per_category():
    rng = random.Random(1)
    for cat in ph.PROBLEM_CATEGORIES:
        titles = {ph.problem_title(rng, cat) for _ in range(5000)}
        assert len(titles) >= 40, cat
        assert all("，" in t and len(t) <= 60 for t in titles)


def test_problem_statements_are_mostly_specific_to_the_unit():
    """Most titles name the unit's own place and carry a figure; a planted minority is stock phrasing (万能问题)."""
    from taizhang.demo.phrases.problem_specific import GENERIC

    rng = random.Random(7)
    stock = {t for titles in GENERIC.values() for t in titles}
    titles = [ph.problem_title(rng, cat, "黄家湾村党支部") for cat in ph.PROBLEM_CATEGORIES for _ in range(500)]
    generic = [t for t in titles if t in stock]
    specific = [t for t in titles if t not in stock]
    assert 0.05 < len(generic) / len(titles) < 0.2
    assert all(t.startswith("黄家湾村") for t in specific)
    assert sum(any(c.isdigit() for c in t) for t in specific) > 0.7 * len(specific)
    assert len(set(specific)) > 0.8 * len(specific)  # one unit, 3,000 draws


def test_a_specific_problem_description_restates_its_title_as_a_finding():
    rng = random.Random(8)
    title = ph.problem_title(rng, "style", "东关村党支部")
    while title.startswith("工作作风") or title.startswith("形式主义"):
        title = ph.problem_title(rng, "style", "东关村党支部")
    assert title in ph.problem_description(rng, "style", title)
    assert "东关村" not in ph.problem_description(rng, "style", "工作作风不够扎实，服务群众意识不强")


def test_every_code_list_is_covered_and_unknown_codes_fail():
    rng = random.Random(3)
    assert set(ph.PROBLEM_CATEGORIES) == {"theory", "political", "capability", "responsibility", "style",
                                          "integrity"}
    assert set(ph.STUDY_TYPES) == {"first_topic", "group_study", "reading_class", "seminar", "party_lecture",
                                   "three_meetings", "party_day", "tutorial", "preaching", "onsite", "quiz",
                                   "self_study"}
    assert set(ph.MATERIAL_GENRES) == {"speech", "stage_summary", "research_report", "experience",
                                       "reflection", "self_review"}
    assert set(ph.SLIP_KINDS) == {"notice", "reminder", "feedback", "warning", "interview"}
    assert set(ph.TRANSFORMATION_KINDS) == {"policy", "rule", "measure", "project", "solve"}
    assert {"livelihood", "infrastructure", "elderly", "employment", "environment", "service", "safety",
            "health", "education"} <= set(ph.MATTER_CATEGORIES)
    for fn in (ph.problem_title, ph.problem_description, ph.measure_text, ph.target_text, ph.study_title,
               ph.matter_title, ph.transformation_item, ph.slip_content, ph.material_title,
               ph.material_body, ph.institution_title, ph.department_name, ph.leader_title):
        with pytest.raises(ValueError):
            fn(rng, "nonexistent")


def test_place_and_people_shapes():
    rng = random.Random(11)
    for _ in range(500):
        assert ph.county_name(rng).endswith("县")
        assert ph.city_name(rng).endswith("市")
        assert ph.province_name(rng).endswith("省")
        assert ph.township_name(rng)[-1] in "镇乡道"
        assert ph.village_name(rng)[-1] in "村区"
        assert 2 <= len(ph.person_name(rng)) <= 4
        tel = ph.phone(rng)
        assert len(tel) == 11 and tel.isdigit() and tel[0] == "1"
        assert ph.department_name(rng, "county").startswith("县")
        assert "镇" not in ph.leader_title(rng, "township", township_kind="乡")
    assert len(ph.departments("county")) >= 40


def test_unique_names():
    rng = random.Random(5)
    villages = ph.unique_names(rng, ph.village_name, 5000)
    assert len(villages) == len(set(villages)) == 5000
    counties = ph.unique_names(rng, ph.county_name, 300)
    more = ph.unique_names(rng, ph.county_name, 300, exclude=set(counties))
    assert not set(counties) & set(more)
    depts = ph.unique_names(rng, ph.department_name, 20, "county")
    assert len(set(depts)) == 20
    with pytest.raises(ValueError):
        ph.unique_names(rng, ph.province_name, 10_000)
    assert ph.unique_names(random.Random(1), ph.township_name, 50) == \
        ph.unique_names(random.Random(1), ph.township_name, 50)


def test_progress_matches_percent():
    rng = random.Random(4)
    for p in range(0, 101):
        for _ in range(5):
            text = ph.progress_text(rng, p)
            if "约" in text and "%" in text:
                assert f"约{p}%" in text
            if p == 100:
                assert "销号" in text or "完成" in text
            if p == 0:
                assert "%" not in text
    assert ph.progress_text(random.Random(1), 150) == ph.progress_text(random.Random(1), 100)


def test_lookback_wording_follows_verdict():
    rng = random.Random(6)
    for _ in range(200):
        assert "反弹" in ph.lookback_comment(rng, True) or "重新" in ph.lookback_comment(rng, True)
        assert "重新" not in ph.lookback_comment(rng, False)


def test_document_number_format():
    rng = random.Random(8)
    for seq in (1, 12, 305):
        num = ph.document_number(rng, "青", 2023, seq)
        assert re.fullmatch(r"青[\u4e00-\u9fff]{1,3}〔2023〕" + str(seq) + "号", num), num


def test_institution_kinds():
    rng = random.Random(9)
    assert "修订" in ph.institution_title(rng, "revised")
    assert ph.institution_title(rng, "abolished").startswith("关于废止《")
    assert ph.institution_title(rng, "new", issuer="柳溪镇").startswith("柳溪镇")


def test_material_body_paragraphs():
    rng = random.Random(10)
    for genre in ph.MATERIAL_GENRES:
        for n in (1, 3, 4, 6):
            body = ph.material_body(rng, genre, paragraphs=n)
            lines = body.split("\n")
            assert len(lines) == n + 1  # lead-in + sections
            assert lines[1].startswith("一、")
            for line in lines[1:]:
                sentences = [s for s in line.split("。") if s]
                assert len(sentences) == len(set(sentences)), line


def test_report_abstract_reuses_topic():
    rng = random.Random(12)
    text = ph.report_abstract(rng, "关于推进数字乡村建设的调研")
    assert text.startswith("围绕推进数字乡村建设，")


def test_ten_thousand_problems_generate_with_substantial_text():
    rng = random.Random(2024)
    cats = tuple(ph.PROBLEM_CATEGORIES)
    total = 0
    for i in range(10_000):
        cat = cats[i % 6]
        total += len(ph.problem_title(rng, cat)) + len(ph.problem_description(rng, cat))
    assert total > 10_000 * 40
