"""Campaign pages: every write shows its message, changes the rows and is audited; refusals name the field."""

from datetime import date

import pytest
from django.urls import reverse

from taizhang.audit.models import AuditEvent
from taizhang.campaigns.models import Campaign, CampaignCode, CampaignStage


def _form(campaign=None, **changes):
    """The settings form as the page posts it (the campaign's current values, else a new campaign's)."""
    if campaign is None:
        fields = {"name": "东县第二批主题教育", "slug": "k1-second", "root_code": "K1", "kind": "theme_education",
                  "start_date": "2027-03-01", "end_date": "2027-08-31"}
    else:
        fields = {"name": campaign.name, "kind": campaign.kind, "start_date": campaign.start_date,
                  "end_date": campaign.end_date, "version": campaign.version}
    fields.update({"active": "on", "due_soon_days": 7, "remind_workdays_before": 3, "lookback_months": 3,
                   "lookback_sample_percent": 100, "visit_window_days": 14, "red_threshold_overdue_days": 30,
                   "red_threshold_count": 5, "number_prefix": "ZG", "require_closure_evidence": "on"})
    fields.update(changes)
    return fields


def _config(what: str, slug: str = "test-campaign") -> str:
    return reverse("campaigns:config", kwargs={"slug": slug, "what": what})


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- create ------------------------------------------------------------------------------------------------

def test_an_office_creates_a_campaign_and_lands_on_its_page(login, world):
    response = login("county_office").post(reverse("campaigns:create"), _form(), follow=True)
    campaign = Campaign.objects.get(slug="k1-second")
    assert response.redirect_chain[-1][0] == reverse("campaigns:detail", kwargs={"slug": "k1-second"})
    assert "已创建专项工作「东县第二批主题教育」，默认代码表已生成，可在下方调整" in response.content.decode()
    assert campaign.root_unit.code == "K1" and campaign.code_entries.exists()
    assert AuditEvent.objects.filter(action="campaign.create", object_id=str(campaign.pk),
                                     actor=world.county_office).exists()


def test_a_used_slug_is_shown_under_the_slug_field(login, world):
    response = login("county_office").post(reverse("campaigns:create"), _form(slug="test-campaign"))
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == ["标识「test-campaign」已被其他专项工作使用"]
    assert Campaign.objects.filter(slug="test-campaign").count() == 1


def test_an_end_before_the_start_is_shown_under_the_end_date(login, world):
    response = login("county_office").post(reverse("campaigns:create"), _form(end_date="2027-01-01"))
    assert response.context["form"].errors["end_date"] == ["结束日期不能早于开始日期"]
    assert not Campaign.objects.filter(slug="k1-second").exists()


def test_a_root_unit_outside_the_scope_is_refused(login, world):
    before = _events("campaign.create")
    response = login("county_office").post(reverse("campaigns:create"), _form(root_code="K3"))
    assert response.status_code == 200 and "K3" in str(response.context["form"].errors)
    assert not Campaign.objects.filter(slug="k1-second").exists() and _events("campaign.create") == before


def test_the_create_page_does_not_exist_for_a_clerk(login, world):
    assert login("village_clerk").post(reverse("campaigns:create"), _form()).status_code == 404
    assert not Campaign.objects.filter(slug="k1-second").exists()


# --- edit --------------------------------------------------------------------------------------------------

def test_the_office_saves_the_settings(login, world):
    campaign = world.campaign()
    response = login("province_office").post(reverse("campaigns:edit", kwargs={"slug": campaign.slug}),
                                             _form(campaign, name="测试主题教育（调整）", due_soon_days=10),
                                             follow=True)
    assert "专项工作设置已保存" in response.content.decode()
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.name, stored.due_soon_days, stored.version) == ("测试主题教育（调整）", 10, campaign.version + 1)
    event = AuditEvent.objects.filter(action="campaign.update").order_by("-seq").first()
    assert event.actor == world.province_office and set(event.changes) == {"name", "due_soon_days"}


def test_a_stale_form_is_refused_with_who_changed_it(login, world):
    campaign = world.campaign()
    stale = _form(campaign, name="旧表单上的修改")
    from taizhang.campaigns.services import campaign_update

    campaign_update(actor=world.province_office, campaign=campaign, expected_version=campaign.version,
                    description="先保存的修改")
    response = login("province_office").post(reverse("campaigns:edit", kwargs={"slug": campaign.slug}), stale)
    assert response.status_code == 200
    assert "该记录已被 province_office 于" in str(response.context["form"].non_field_errors())
    assert Campaign.objects.get(pk=campaign.pk).name == "测试主题教育"


def test_a_county_office_cannot_edit_the_province_campaign(login, world):
    campaign = world.campaign()
    response = login("county_office").post(reverse("campaigns:edit", kwargs={"slug": campaign.slug}),
                                           _form(campaign, name="越级修改"))
    assert response.status_code == 404 and Campaign.objects.get(pk=campaign.pk).name == "测试主题教育"


# --- stages ------------------------------------------------------------------------------------------------

def test_adding_a_stage(login, world):
    response = login("province_office").post(
        _config("stage"), {"name": "调查研究", "start_date": "2026-10-01", "end_date": "2026-11-30"}, follow=True)
    assert "阶段已保存" in response.content.decode()
    stage = world.campaign().stages.get(name="调查研究")
    assert (stage.start_date, stage.end_date, stage.sort_order) == (date(2026, 10, 1), date(2026, 11, 30), 1)
    assert _events("campaign.stage") == 1


def test_editing_a_stage(login, world):
    stage = world.campaign().stages.get(name="学习教育")
    response = login("province_office").post(
        _config("stage"), {"stage": stage.pk, "name": "学习教育（延长）", "start_date": "2026-09-01",
                           "end_date": "2027-01-15"}, follow=True)
    assert "阶段已保存" in response.content.decode()
    stored = CampaignStage.objects.get(pk=stage.pk)
    assert (stored.name, stored.end_date) == ("学习教育（延长）", date(2027, 1, 15))
    assert world.campaign().stages.count() == 1


def test_a_stage_form_error_names_the_field(login, world):
    response = login("province_office").post(
        _config("stage"), {"name": "", "start_date": "2026-10-01", "end_date": "2026-11-30"}, follow=True)
    assert "阶段名称：这个字段是必填项。" in response.content.decode()
    assert world.campaign().stages.count() == 1 and _events("campaign.stage") == 0


def test_a_stage_ending_before_it_starts_is_refused_in_a_message(login, world):
    response = login("province_office").post(
        _config("stage"), {"name": "调查研究", "start_date": "2026-11-01", "end_date": "2026-10-01"}, follow=True)
    assert "结束日期 2026-10-01 早于开始日期 2026-11-01" in response.content.decode()
    assert not world.campaign().stages.filter(name="调查研究").exists()


def test_a_stage_of_another_campaign_does_not_exist_here(login, world):
    from taizhang.campaigns.services import stage_save

    other = stage_save(actor=None, campaign=world.campaign("k3-campaign"), name="整治", start_date=date(2026, 9, 1),
                       end_date=date(2026, 10, 1))
    client = login("province_office")
    response = client.post(_config("stage"), {"stage": other.pk, "name": "改名", "start_date": "2026-09-01",
                                              "end_date": "2026-10-01"})
    assert response.status_code == 404
    assert client.post(_config("stage-delete"), {"stage": other.pk}).status_code == 404
    assert CampaignStage.objects.get(pk=other.pk).name == "整治"


def test_deleting_a_stage(login, world):
    stage = world.campaign().stages.get(name="学习教育")
    response = login("province_office").post(_config("stage-delete"), {"stage": stage.pk}, follow=True)
    assert "阶段已删除" in response.content.decode()
    assert not CampaignStage.objects.filter(pk=stage.pk).exists()
    assert AuditEvent.objects.get(action="campaign.stage_delete").changes == {"stage": "学习教育"}


# --- code lists --------------------------------------------------------------------------------------------

def test_adding_a_code(login, world):
    response = login("province_office").post(
        _config("code"), {"list_name": "matter_category", "code": "culture", "label": "文化惠民", "active": "on"},
        follow=True)
    assert "代码表已更新" in response.content.decode()
    entry = CampaignCode.objects.get(campaign=world.campaign(), list_name="matter_category", code="culture")
    assert (entry.label, entry.active) == ("文化惠民", True)
    assert _events("campaign.code") == 1


def test_deactivating_a_code(login, world):
    login("province_office").post(_config("code"), {"list_name": "problem_category", "code": "theory",
                                                    "label": "理论学习"})
    entry = CampaignCode.objects.get(campaign=world.campaign(), list_name="problem_category", code="theory")
    assert entry.active is False


def test_a_code_form_error_names_the_field(login, world):
    response = login("province_office").post(
        _config("code"), {"list_name": "matter_category", "code": "文化", "label": "文化惠民"}, follow=True)
    assert "代码：" in response.content.decode()
    assert not CampaignCode.objects.filter(label="文化惠民").exists() and _events("campaign.code") == 0


@pytest.mark.parametrize("what", ["stage", "code", "stage-delete"])
def test_a_county_office_cannot_configure_the_province_campaign(login, world, what):
    stage = world.campaign().stages.get()
    response = login("county_office").post(_config(what), {"stage": stage.pk, "name": "改名", "list_name":
                                                           "matter_category", "code": "x", "label": "x",
                                                           "start_date": "2026-09-01", "end_date": "2026-10-01"})
    assert response.status_code == 404
    assert list(world.campaign().stages.values_list("name", flat=True)) == ["学习教育"]
    assert not CampaignCode.objects.filter(code="x").exists()


def test_an_unknown_setting_does_not_exist(login, world):
    assert login("province_office").post(_config("colour"), {}).status_code == 404


# --- switching ---------------------------------------------------------------------------------------------

def test_switching_to_a_campaign_the_user_takes_part_in(login, world):
    client = login("outsider_office")
    client.post(reverse("campaigns:switch"), {"campaign": "k3-campaign"})
    assert client.session["campaign"] == "k3-campaign"


def test_switching_to_a_campaign_outside_the_scope_is_ignored(login, world):
    client = login("county_office")
    client.post(reverse("campaigns:switch"), {"campaign": "k3-campaign"})
    assert "campaign" not in client.session
