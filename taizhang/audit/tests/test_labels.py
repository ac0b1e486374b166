"""Every audit action a user can meet is named in Chinese: the plain writes by the table, lifecycle steps by
their lifecycle, exports by their kind."""

import re
from pathlib import Path

from taizhang.audit.labels import action_choices, label

SOURCE = Path(__file__).resolve().parents[2]
WRITTEN = re.compile(r'action="([a-z_]+\.[a-z_]+)"')


def test_every_action_the_code_writes_has_a_chinese_label():
    actions = {a for path in SOURCE.rglob("*.py") if "tests" not in path.parts
               for a in WRITTEN.findall(path.read_text(encoding="utf-8"))}
    assert len(actions) > 60
    unnamed = sorted(a for a in actions if label(a).startswith("其他操作"))
    assert not unnamed


def test_lifecycle_steps_and_exports_are_named_from_their_vocabularies():
    assert label("problem.accept") == "问题·认领"
    assert label("supervisionslip.sign") == "督办单·签收"
    assert label("export.problems") == "导出整改台账"
    assert label("nonsense.thing") == "其他操作（nonsense.thing）"


def test_the_filter_offers_every_named_action_by_its_label():
    choices = dict(action_choices())
    assert choices["problem.request_closure"] == "问题·申请销号" and choices["auth.login"] == "登录"
    assert all(not v.startswith("其他操作") for v in choices.values())


def test_the_audit_filter_finds_people_by_name(world, login):
    from taizhang.audit.services import audit_record

    audit_record(actor=world.county_office, action="unit.update", unit=world.unit("K1"), object_repr="东县县委")
    audit_record(actor=world.county_leader, action="unit.update", unit=world.unit("K1"), object_repr="东县县委")
    page = login("auditor").get("/audit/", {"actor": "county_office姓名", "action": "unit.update"})
    rows = list(page.context["page"])
    assert [e.actor_id for e in rows] == [world.county_office.pk]
    assert "county_office姓名" in page.content.decode() and "修改单位" in page.content.decode()
