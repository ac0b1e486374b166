"""The dashboard's charts draw: every slice of the 问题状态分布 pie is filled with a colour."""

from e2e.conftest import shot

FILLS = """el => {
  const chart = echarts.getInstanceByDom(el);
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const out = [];
  for (let i = 0; i < data.count(); i++) { out.push(data.getItemVisual(i, 'style').fill || null); }
  return out;
}"""


def test_the_status_pie_fills_its_slices(page_as, live_world):
    from taizhang.reports.tests.factories import ledger_data
    from taizhang.testing import World

    ledger_data(World())
    page, errors = page_as("county_office")
    page.goto(f"{live_world.url}/stats/u/K1/?campaign=test-campaign")
    page.wait_for_selector("[data-chart=status] canvas")
    fills = page.eval_on_selector("[data-chart=status]", FILLS)
    assert fills and all(fills), fills
    assert len(set(fills)) == len(fills)  # each status its own colour
    shot(page, "dashboard-status-pie")
    assert errors == []
