"""The figures of the standard stage-summary template are catalogue keys, rolled up like every other key."""

import datetime as dt

from taizhang.ledger.models import Attachment
from taizhang.stats import rollup, snapshots
from taizhang.stats.catalogue import CATALOGUE, SUMMARY_FIGURES

TEMPLATE = """study.meetings study.branch study.sessions.reading_class study.reading_class.attendance
study.classes.speakers problems.found problems.close_rate problems.listed measures.total measures.done
study.rectification_seminars study.exchanges institutions.revised institutions.new""".split()


def _study(world, unit, kind, title="学习党章", speakers=0):
    from taizhang.study.services import activity_create

    day = dt.date(2026, 10, 9)
    return activity_create(actor=None, campaign=world.campaign(), unit=world.unit(unit), type=kind, title=title,
                           start_date=day, end_date=day, days=1, participant_count=10, speakers=speakers)


def test_every_figure_of_the_template_is_a_key_of_the_summary():
    keys = {k for _, k in SUMMARY_FIGURES}
    assert set(TEMPLATE) <= keys <= set(CATALOGUE)
    assert CATALOGUE["study.classes.speakers"].unit == "人次" and CATALOGUE["study.branch"].unit == "次"


def test_the_template_keys_count_what_their_labels_say(world, ledger):
    _study(world, "K1", "first_topic")
    _study(world, "T1", "group_study")
    _study(world, "V2", "tutorial")  # a branch's collective study
    _study(world, "V2", "self_study")  # self-study is not collective
    _study(world, "T1", "seminar", title="检视整改问题专题研讨", speakers=6)
    s = rollup.stats_for(world.unit("K1"), ledger)
    assert s["study.meetings"] == 2
    # V1's 三会一课 of the fixture and V2's tutorial.
    assert s["study.branch"] == 2
    # The fixture's reading class (K1) and seminar (T1) have 4 speakers each; the new seminar 6.
    assert s["study.classes.speakers"] == 4 + 4 + 6
    assert s["study.rectification_seminars"] == 1
    # Sessions with speakers: the fixture's three in K1's subtree and the new seminar.
    assert s["study.exchanges"] == 4


def test_closures_without_evidence_are_counted(world, ledger):
    s = rollup.stats_for(world.unit("K1"), ledger, keys=["problems.closed", "problems.closed_no_evidence"])
    with_files = Attachment.objects.filter(problem__status="closed", problem__unit__path__startswith=world.unit("K1").path)
    expected = s["problems.closed"] - with_files.values("problem").distinct().count()
    assert s["problems.closed_no_evidence"] == expected
    # Dropping every file of the closed problems leaves them all without evidence.
    with_files.delete()
    again = rollup.stats_for(world.unit("K1"), ledger, keys=["problems.closed_no_evidence"])
    assert again["problems.closed_no_evidence"] == s["problems.closed"] == 2


def test_children_and_snapshots_add_up_for_the_new_keys(world, ledger):
    _study(world, "V2", "tutorial")
    _study(world, "T1", "seminar", title="整改落实专题研讨", speakers=3)
    keys = ["study.meetings", "study.branch", "study.exchanges", "study.rectification_seminars",
            "study.classes.speakers", "problems.closed_no_evidence"]
    parent = rollup.stats_for(world.unit("K1"), ledger, keys=keys)
    children = rollup.by_children(world.unit("K1"), ledger, keys)
    for key in keys:
        assert sum(v[key] for v in children.values()) == parent[key], key
    yesterday = dt.date.today() - dt.timedelta(days=1)
    snapshots.snapshot_take(ledger, yesterday, levels=4)
    assert rollup.stats_for(world.unit("K1"), ledger, as_of=yesterday, keys=keys) == parent
