"""通报 of 东县 over six townships: only units clearly behind are named — below the county-wide rate, among the
lowest few, and with at least the minimum number of problems; the best are commended by the same test; counts
stand next to rates; a 主送 line; table headers carry the unit of measure so that no cell repeats it."""

import io

import pytest
from docx import Document

from taizhang.ledger import lifecycle
from taizhang.ledger import services as ledger
from taizhang.ledger.tests import factories as lf
from taizhang.reports import prose
from taizhang.reports.builders import circular
from taizhang.reports.draft import Para, fill
from taizhang.reports.request import ReportRequest
from taizhang.stats.rollup import stats_for

METRICS = ["problems.close_rate", "problems.overdue"]


def _req(world, code="K1", metrics=METRICS):
    return ReportRequest("circular", world.unit(code), world.campaign(), metrics=list(metrics))


def _township(world, code, name, *, listed, closed, overdue=0):
    from taizhang.orgs.models import Unit

    Unit.objects.add_child(world.unit("K1"), {"code": code, "name": name, "kind": "township"})
    for i in range(closed):
        p = lf.accepted(world, code, title=f"{name}已整改问题{i}")
        ledger.progress_add(actor=None, problem=p, text="已完成整改", percent=100, files=[lf.pdf()])
        p = lifecycle.problem_transition(actor=None, problem=p, action="request_closure", evidence_summary="整改完成")
        lifecycle.problem_transition(actor=world.county_office, problem=p, action="approve")
    for i in range(overdue):
        lf.accepted(world, code, title=f"{name}逾期问题{i}", deadline=lf.overdue_by(5 + i))
    for i in range(listed - closed - overdue):
        lf.problem(world, code, title=f"{name}整改中问题{i}")


@pytest.fixture
def county(world, data):
    """东县's two townships of the shared data (东镇 2 of 3… and 西镇 with 1 problem) and six more."""
    _township(world, "T5", "南镇党委", listed=10, closed=9)  # 90%: the best
    _township(world, "T6", "北镇党委", listed=8, closed=6)  # 75%
    _township(world, "T7", "新镇党委", listed=6, closed=1, overdue=3)  # 16.7%: behind
    _township(world, "T8", "老镇党委", listed=5, closed=0, overdue=1)  # 0%: behind
    _township(world, "T9", "小镇党委", listed=2, closed=0)  # 0% but only 2 problems: never named
    _township(world, "TA", "大镇党委", listed=2, closed=2)  # 100% but only 2 problems: never praised
    return data


def _paras(d) -> dict:
    return {b.id: fill((b.lead or "") + b.text, d.figures) for b in d.blocks if isinstance(b, Para)}


def test_the_lagging_are_below_the_county_rate_among_the_lowest_and_have_enough_problems(world, county):
    d = circular.draft(_req(world))
    whole = stats_for(world.unit("K1"), world.campaign())["problems.close_rate"]
    text = _paras(d)
    lag = text["lagging.problems.close_rate"]
    assert "新镇党委" in lag and "老镇党委" in lag
    assert "小镇党委" not in lag and "西镇党委" not in lag  # two problems, one problem: below the minimum
    # Counts next to the rate.
    assert "新镇党委（列入清单问题6个，已销号问题1个，整改率16.7%）" in lag
    c = circular._Circular(_req(world))
    named = circular.lagging("problems.close_rate", c.rows, c.f["problems.close_rate"])
    assert named
    for r in named:
        assert r["values"]["problems.close_rate"] < whole
        assert r["values"]["problems.listed"] >= circular.min_problems()
    everything = "\n".join(text.values())
    assert "小镇党委" not in everything and "大镇党委" not in everything


def test_the_best_are_commended_by_the_same_minimum(world, county):
    text = _paras(circular.draft(_req(world)))
    good = text["units.good"]
    assert good.startswith("南镇党委（列入清单问题10个，已销号问题9个，整改率90.0%）")
    assert "通报表扬" in good and "大镇党委" not in good


def test_a_higher_minimum_names_nobody_it_should_not(world, county, settings):
    settings.TAIZHANG_CIRCULAR_MIN_PROBLEMS = 7
    text = _paras(circular.draft(_req(world)))
    assert "老镇党委" not in text.get("lagging.problems.close_rate", "")  # 5 problems < 7
    assert "新镇党委" not in "\n".join(text.values())  # 6 problems < 7


def test_a_county_of_small_units_names_none(world, data):
    d = circular.draft(_req(world))  # 东镇 and 西镇 have fewer than 5 problems each
    ids = [b.id for b in d.blocks]
    assert "lagging" not in ids and "units.good" not in ids
    assert "requirements.lagging" not in ids


def test_the_circular_has_a_addressee_a_table_with_units_in_headers_and_a_total(world, county):
    d = circular.draft(_req(world))
    assert d.addressee == "各乡镇（街道）党（工）委"
    assert d.signature == "东县县委主题教育领导小组办公室"
    table = d.block("units.table")
    assert table.headers == ["名次", "单位", "列入清单问题（个）", "已销号问题（个）", "整改率（%）", "逾期问题（个）"]
    for row in table.rows:
        assert not any(str(cell).endswith(("%", "个")) for cell in row[2:]), row
    assert table.total[1] == "合计"
    for column, key in ((2, "problems.listed"), (3, "problems.closed"), (5, "problems.overdue")):
        assert int(table.total[column]) == d.figures[key] == sum(int(r[column]) for r in table.rows), key
    assert table.rows[0][1] == "大镇党委" and table.rows[1][1] == "南镇党委"  # ranked on the rate
    doc = Document(io.BytesIO(circular.build(_req(world)).content))
    body = [p.text for p in doc.paragraphs if p.text.strip()]
    assert "各乡镇（街道）党（工）委：" in body
    for t in body:
        assert prose.problems(t) == [], t


def test_every_figure_equals_the_catalogue(world, county):
    rendered = circular.build(_req(world, metrics=circular.DEFAULT_METRICS))
    live = stats_for(world.unit("K1"), world.campaign())
    for key, value in rendered.figures.items():
        base, _, code = key.partition("@")
        if code:
            assert value == stats_for(world.unit(code), world.campaign(), keys=[base])[base], key
        else:
            assert value == live[key], key
