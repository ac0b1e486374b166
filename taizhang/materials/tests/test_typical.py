"""典型经验: the office marks a material typical on its page; the mark is audited and refused where it must be."""

import pytest

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.materials import services
from taizhang.materials.models import Material
from taizhang.materials.tests.factories import make_material, make_self_review


def test_the_office_marks_and_unmarks_a_material_on_its_page(world, login):
    m = make_material(world)
    client = login("county_office")
    page = client.get(f"/materials/{m.pk}/").content.decode()
    assert "标记为典型经验" in page
    r = client.post(f"/materials/{m.pk}/typical/", {"typical": "1"}, follow=True)
    assert "已标记为典型经验" in r.content.decode()
    assert Material.objects.get(pk=m.pk).typical
    assert AuditEvent.objects.filter(action="material.typical", object_id=str(m.pk)).exists()
    assert "取消典型经验标记" in client.get(f"/materials/{m.pk}/").content.decode()
    client.post(f"/materials/{m.pk}/typical/", {"typical": "0"})
    assert not Material.objects.get(pk=m.pk).typical


def test_a_viewer_without_the_report_right_is_refused_with_a_message(world, login):
    m = make_material(world)
    client = login("village_clerk")
    assert "标记为典型经验" not in client.get(f"/materials/{m.pk}/").content.decode()
    r = client.post(f"/materials/{m.pk}/typical/", {"typical": "1"}, follow=True)
    assert "只有本单位或上级主题教育办公室可以标记典型经验" in r.content.decode()
    assert not Material.objects.get(pk=m.pk).typical


def test_a_confidential_material_is_never_typical(world):
    m = make_self_review(world)
    with pytest.raises(ValidationFailed, match="保密"):
        services.material_mark_typical(actor=None, material=m)
    with pytest.raises(PermissionDenied):
        services.material_mark_typical(actor=world.user("village_clerk"), material=make_material(world))
