"""Campaign services: each write changes the rows it names, writes its audit event, and refuses bad input with a
Chinese message that names the field."""

from datetime import date

import pytest

from taizhang.audit.models import AuditEvent
from taizhang.campaigns import services
from taizhang.campaigns.defaults import DEFAULT_CODES
from taizhang.campaigns.models import Campaign, CampaignCode, CampaignStage
from taizhang.core.exceptions import Conflict, PermissionDenied, ValidationFailed


def _last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()


def _create(world, actor="county_office", **kw) -> Campaign:
    fields = {"name": "东县第二批主题教育", "slug": "k1-second", "root_unit": world.unit("K1"),
              "start_date": date(2027, 3, 1), "end_date": date(2027, 8, 31)}
    fields.update(kw)
    return services.campaign_create(actor=world.user(actor) if actor else None, **fields)


# --- campaign_create ---------------------------------------------------------------------------------------

def test_an_office_creates_a_campaign_with_the_default_code_lists_and_its_stages(world):
    campaign = _create(world, stages=[("学习研讨", date(2027, 3, 1), date(2027, 4, 30)),
                                      ("检视整改", date(2027, 5, 1), date(2027, 8, 31))],
                       predecessor=world.campaign(), due_soon_days=5)

    stored = Campaign.objects.get(slug="k1-second")
    assert (stored.name, stored.root_unit.code, stored.predecessor, stored.due_soon_days) == (
        "东县第二批主题教育", "K1", world.campaign(), 5)
    assert [(s.name, s.sort_order) for s in stored.stages.all()] == [("学习研讨", 0), ("检视整改", 1)]
    for list_name, entries in DEFAULT_CODES.items():
        assert list(stored.code_entries.filter(list_name=list_name).order_by("sort_order")
                    .values_list("code", "label")) == list(entries)
    event = _last_event("campaign.create")
    assert event.object_id == str(campaign.pk) and event.actor == world.county_office
    assert event.changes["name"] == "东县第二批主题教育" and event.changes["slug"] == "k1-second"


def test_the_name_and_slug_are_stored_trimmed(world):
    campaign = _create(world, name="  东县专项整治  ")
    assert Campaign.objects.get(pk=campaign.pk).name == "东县专项整治"


def test_a_slug_in_use_is_refused_naming_the_field(world):
    with pytest.raises(ValidationFailed) as exc:
        _create(world, slug="test-campaign")
    assert exc.value.field == "slug" and exc.value.message == "标识「test-campaign」已被其他专项工作使用"
    assert Campaign.objects.filter(slug="test-campaign").count() == 1


def test_an_end_before_the_start_is_refused_naming_both_dates(world):
    with pytest.raises(ValidationFailed) as exc:
        _create(world, start_date=date(2027, 3, 1), end_date=date(2027, 2, 1))
    assert exc.value.field == "end_date" and exc.value.message == "结束日期 2027-02-01 早于开始日期 2027-03-01"
    assert not Campaign.objects.filter(slug="k1-second").exists()


def test_a_stage_ending_before_it_starts_undoes_the_whole_campaign(world):
    with pytest.raises(ValidationFailed) as exc:
        _create(world, stages=[("学习研讨", date(2027, 4, 1), date(2027, 3, 1))])
    assert exc.value.field == "end_date" and "早于开始日期" in exc.value.message
    assert not Campaign.objects.filter(slug="k1-second").exists()
    assert not AuditEvent.objects.filter(action="campaign.create", changes__slug="k1-second").exists()


def test_a_blank_name_is_refused_naming_the_field(world):
    with pytest.raises(ValidationFailed) as exc:
        _create(world, name="   ")
    assert exc.value.field == "name" and exc.value.message.startswith("「名称」")


@pytest.mark.parametrize("username", ["village_clerk", "inspector", "outsider_office", "sysadmin"])
def test_only_an_office_over_the_root_unit_creates_a_campaign(world, username):
    with pytest.raises(PermissionDenied) as exc:
        _create(world, actor=username)
    assert exc.value.message == "只有本级及上级主题教育办公室可以配置该专项工作"
    assert not Campaign.objects.filter(slug="k1-second").exists()


def test_the_province_office_creates_a_campaign_for_a_county_below_it(world):
    assert _create(world, actor="province_office").root_unit == world.unit("K1")


# --- campaign_update ---------------------------------------------------------------------------------------

def test_an_update_saves_the_fields_bumps_the_version_and_audits_the_difference(world):
    campaign = world.campaign()
    version = campaign.version
    services.campaign_update(actor=world.province_office, campaign=campaign, expected_version=version,
                             name="测试主题教育（第二阶段）", due_soon_days=10, require_leader_signoff=True)

    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.name, stored.due_soon_days, stored.require_leader_signoff) == ("测试主题教育（第二阶段）", 10, True)
    assert stored.version == version + 1
    event = _last_event("campaign.update")
    assert event.object_id == str(campaign.pk) and event.actor == world.province_office
    assert set(event.changes) == {"name", "due_soon_days", "require_leader_signoff"}


def test_an_update_that_changes_nothing_writes_no_event(world):
    campaign = world.campaign()
    before = AuditEvent.objects.count()
    services.campaign_update(actor=world.province_office, campaign=campaign, expected_version=campaign.version,
                             name=campaign.name)
    assert AuditEvent.objects.count() == before


def test_a_stale_version_is_refused_and_nothing_changes(world):
    campaign = world.campaign()
    with pytest.raises(Conflict):
        services.campaign_update(actor=world.province_office, campaign=campaign,
                                 expected_version=campaign.version - 1, name="旧版本上的修改")
    assert Campaign.objects.get(pk=campaign.pk).name == "测试主题教育"


def test_the_slug_and_root_unit_cannot_be_changed(world):
    campaign = world.campaign()
    with pytest.raises(ValidationFailed) as exc:
        services.campaign_update(actor=world.province_office, campaign=campaign, expected_version=campaign.version,
                                 slug="renamed", root_unit=world.unit("K1"))
    assert exc.value.message == "不能修改字段：root_unit、slug"
    assert Campaign.objects.get(pk=campaign.pk).slug == "test-campaign"


def test_a_campaign_cannot_follow_itself(world):
    campaign = world.campaign()
    with pytest.raises(ValidationFailed) as exc:
        services.campaign_update(actor=world.province_office, campaign=campaign, expected_version=campaign.version,
                                 predecessor=campaign)
    assert exc.value.field == "predecessor" and exc.value.message == "上一批次不能是它自己"


def test_an_update_with_the_end_before_the_start_is_refused(world):
    campaign = world.campaign()
    with pytest.raises(ValidationFailed) as exc:
        services.campaign_update(actor=world.province_office, campaign=campaign, expected_version=campaign.version,
                                 end_date=date(2026, 8, 1))
    assert exc.value.field == "end_date" and exc.value.message == "结束日期 2026-08-01 早于开始日期 2026-09-01"
    assert Campaign.objects.get(pk=campaign.pk).end_date == date(2027, 1, 31)


def test_a_county_office_cannot_update_the_province_campaign(world):
    campaign = world.campaign()
    with pytest.raises(PermissionDenied):
        services.campaign_update(actor=world.county_office, campaign=campaign, expected_version=campaign.version,
                                 name="越级修改")
    assert Campaign.objects.get(pk=campaign.pk).name == "测试主题教育"


# --- stages ------------------------------------------------------------------------------------------------

def test_a_new_stage_goes_last_and_is_audited(world):
    campaign = world.campaign()
    stage = services.stage_save(actor=world.province_office, campaign=campaign, name=" 调查研究 ",
                                start_date=date(2026, 10, 1), end_date=date(2026, 11, 30))
    stored = CampaignStage.objects.get(pk=stage.pk)
    assert (stored.name, stored.sort_order, stored.end_date) == ("调查研究", 1, date(2026, 11, 30))
    event = _last_event("campaign.stage")
    assert event.object_id == str(campaign.pk)
    assert event.changes["stage"]["name"] == [None, "调查研究"]
    assert event.changes["stage"]["sort_order"] == [None, 1]


def test_editing_a_stage_changes_it_and_audits_the_difference(world):
    campaign = world.campaign()
    stage = campaign.stages.get(name="学习教育")
    services.stage_save(actor=world.province_office, campaign=campaign, stage=stage, name="学习教育",
                        start_date=date(2026, 9, 1), end_date=date(2026, 10, 31), sort_order=3)
    stored = CampaignStage.objects.get(pk=stage.pk)
    assert (stored.end_date, stored.sort_order) == (date(2026, 10, 31), 3)
    assert campaign.stages.count() == 1
    assert set(_last_event("campaign.stage").changes["stage"]) == {"end_date", "sort_order"}


def test_a_stage_without_a_name_is_refused_naming_the_field(world):
    campaign = world.campaign()
    with pytest.raises(ValidationFailed) as exc:
        services.stage_save(actor=world.province_office, campaign=campaign, name="  ",
                            start_date=date(2026, 10, 1), end_date=date(2026, 11, 30))
    assert exc.value.field == "name" and exc.value.message == "阶段名称不能为空"
    assert campaign.stages.count() == 1


def test_a_stage_ending_before_it_starts_is_refused(world):
    campaign = world.campaign()
    with pytest.raises(ValidationFailed) as exc:
        services.stage_save(actor=world.province_office, campaign=campaign, name="调查研究",
                            start_date=date(2026, 11, 1), end_date=date(2026, 10, 1))
    assert exc.value.field == "end_date"
    assert not campaign.stages.filter(name="调查研究").exists()


def test_a_stage_of_the_province_campaign_is_refused_to_a_county_office(world):
    campaign = world.campaign()
    with pytest.raises(PermissionDenied):
        services.stage_save(actor=world.county_office, campaign=campaign, name="调查研究",
                            start_date=date(2026, 10, 1), end_date=date(2026, 11, 30))
    with pytest.raises(PermissionDenied):
        services.stage_delete(actor=world.county_office, stage=campaign.stages.get())
    assert list(campaign.stages.values_list("name", flat=True)) == ["学习教育"]


def test_deleting_a_stage_removes_it_and_audits_its_name(world):
    campaign = world.campaign()
    services.stage_delete(actor=world.province_office, stage=campaign.stages.get(name="学习教育"))
    assert not campaign.stages.exists()
    event = _last_event("campaign.stage_delete")
    assert event.object_id == str(campaign.pk) and event.changes == {"stage": "学习教育"}


# --- code lists --------------------------------------------------------------------------------------------

def test_a_new_code_is_added_at_the_end_of_its_list_and_audited(world):
    campaign = world.campaign()
    count = campaign.code_entries.filter(list_name="matter_category").count()
    entry = services.code_save(actor=world.province_office, campaign=campaign, list_name="matter_category",
                               code=" culture ", label=" 文化惠民 ")
    stored = CampaignCode.objects.get(pk=entry.pk)
    assert (stored.code, stored.label, stored.active, stored.sort_order) == ("culture", "文化惠民", True, count)
    assert ("culture", "文化惠民") in campaign.code_choices("matter_category")
    event = _last_event("campaign.code")
    assert event.changes["list"] == "matter_category" and event.changes["code"] == "culture"


def test_saving_an_existing_code_relabels_or_deactivates_it_without_a_second_row(world):
    campaign = world.campaign()
    services.code_save(actor=world.province_office, campaign=campaign, list_name="problem_category",
                       code="theory", label="理论武装", active=False)
    rows = CampaignCode.objects.filter(campaign=campaign, list_name="problem_category", code="theory")
    assert [(r.label, r.active) for r in rows] == [("理论武装", False)]
    assert "theory" not in dict(campaign.code_choices("problem_category"))
    assert {"label", "active"} <= set(_last_event("campaign.code").changes)


def test_an_unknown_code_list_is_refused_naming_it(world):
    with pytest.raises(ValidationFailed) as exc:
        services.code_save(actor=world.province_office, campaign=world.campaign(), list_name="colours",
                           code="red", label="红色")
    assert exc.value.field == "list_name" and exc.value.message == "代码表「colours」不存在"


@pytest.mark.parametrize(("code", "label", "field"), [("", "文化惠民", "code"), ("culture", " ", "label")])
def test_a_code_needs_both_code_and_label(world, code, label, field):
    campaign = world.campaign()
    with pytest.raises(ValidationFailed) as exc:
        services.code_save(actor=world.province_office, campaign=campaign, list_name="matter_category",
                           code=code, label=label)
    assert exc.value.field == field and exc.value.message == "代码和名称都不能为空"
    assert not campaign.code_entries.filter(label="文化惠民").exists()


def test_a_county_office_cannot_change_the_province_code_lists(world):
    campaign = world.campaign()
    with pytest.raises(PermissionDenied):
        services.code_save(actor=world.county_office, campaign=campaign, list_name="matter_category",
                           code="culture", label="文化惠民")
    assert not campaign.code_entries.filter(code="culture").exists()
