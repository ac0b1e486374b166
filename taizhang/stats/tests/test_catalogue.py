"""The catalogue: keys, labels and units; every figure of a stage summary is a key."""

from taizhang.stats.catalogue import CATALOGUE, SUMMARY_FIGURES

REQUIRED = """problems.found problems.listed problems.closed problems.close_rate problems.on_time_rate problems.overdue
problems.due_soon problems.red problems.yellow problems.green problems.immediate problems.long_term problems.returned
problems.reopened measures.total measures.done research.topics research.visits research.reports research.problems_found
research.solved_on_site research.transformations research.transformed study.sessions study.attendance study.speakers
study.days matters.total matters.done matters.beneficiaries matters.money institutions.new institutions.revised
institutions.abolished study.reading_class.attendance study.seminar.speakers""".split()
TYPES = "first_topic group_study reading_class seminar party_lecture three_meetings party_day tutorial preaching onsite quiz self_study"


def test_it_defines_every_required_key():
    missing = [k for k in REQUIRED + [f"study.sessions.{t}" for t in TYPES.split()] if k not in CATALOGUE]
    assert not missing


def test_every_metric_has_a_chinese_label_and_a_known_unit():
    for m in CATALOGUE.values():
        assert m.label and m.unit in {"个", "项", "次", "期", "人次", "%", "万元", "天", "份", "条", "场"}, m.key
        assert (m.ratio is None) == bool(m.source), m.key


def test_every_stage_summary_figure_is_a_key():
    assert all(key in CATALOGUE for _, key in SUMMARY_FIGURES)
    assert CATALOGUE["study.sessions.reading_class"].unit == "期"
