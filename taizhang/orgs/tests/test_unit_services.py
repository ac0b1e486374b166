import pytest

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.orgs import services
from taizhang.orgs.models import Unit


def test_creating_a_child_unit_records_an_audit_event(world):
    unit = services.unit_create(actor=world.sysadmin, parent=world.unit("T2"), code="V9", name="新村党支部",
                                kind="branch")
    assert Unit.objects.get_parent(unit).code == "T2"
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


def test_duplicate_unit_code_is_refused_in_chinese_and_nothing_is_created(world):
    before = Unit.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.unit_create(actor=world.sysadmin, parent=world.unit("T2"), code="V1", name="重复", kind="branch")
    assert "单位编码「V1」已被使用" in exc.value.message
    assert Unit.objects.count() == before


def test_moving_a_unit_into_its_own_subtree_is_refused_and_changes_nothing(world):
    paths = dict(Unit.objects.values_list("code", "path"))
    with pytest.raises(ValidationFailed) as exc:
        services.unit_move(actor=world.sysadmin, unit=world.unit("K1"), new_parent=world.unit("V1"))
    assert "不能把「东县县委」移动到它的下级单位「东村党支部」下面" in exc.value.message
    assert dict(Unit.objects.values_list("code", "path")) == paths


def test_moving_a_unit_under_itself_is_refused(world):
    with pytest.raises(ValidationFailed):
        services.unit_move(actor=world.sysadmin, unit=world.unit("T1"), new_parent=world.unit("T1"))


def test_moving_a_subtree_keeps_its_units_and_their_ids(world):
    t1 = world.unit("T1")
    ids = set(Unit.objects.filter(path__startswith=t1.path).values_list("pk", flat=True))
    services.unit_move(actor=world.sysadmin, unit=t1, new_parent=world.unit("K3"))
    t1.refresh_from_db()
    assert Unit.objects.get_parent(t1).code == "K3"
    assert set(Unit.objects.filter(path__startswith=t1.path).values_list("pk", flat=True)) == ids
    assert Unit.objects.get_parent(world.unit("V1")).code == "T1"
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_a_clerk_cannot_create_units(world):
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=world.county_office, parent=world.unit("K1"), code="X1", name="某", kind="other")


def test_deactivating_a_unit_with_active_children_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        services.unit_set_active(actor=world.sysadmin, unit=world.unit("T1"), active=False)
    assert "还有启用中的下级单位" in exc.value.message
    assert world.unit("T1").active


def test_deactivating_a_leaf_unit_withdraws_its_assignments_from_scope(world):
    from taizhang.orgs.scope import has_action

    services.unit_set_active(actor=world.sysadmin, unit=world.unit("V1"), active=False)
    assert not has_action(world.village_clerk, "view", world.unit("V1"))
