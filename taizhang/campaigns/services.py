"""All writes to campaigns, their stages and code lists."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from taizhang.audit.services import assign_fields, audit_record, diff_fields, record_update, snapshot
from taizhang.campaigns.defaults import DEFAULT_CODES
from taizhang.campaigns.models import Campaign, CampaignCode, CampaignStage, CodeList
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.core.validation import full_clean_or_raise
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

CAMPAIGN_FIELDS = [
    "name", "slug", "kind", "start_date", "end_date", "root_unit", "predecessor", "description", "active",
    "due_soon_days", "remind_workdays_before", "require_closure_evidence", "require_leader_signoff",
    "lookback_months", "lookback_sample_percent", "visit_window_days", "red_threshold_overdue_days",
    "red_threshold_count", "number_prefix",
]
EDITABLE_FIELDS = [f for f in CAMPAIGN_FIELDS if f not in ("slug", "root_unit")]


def require_configure(actor, campaign_root) -> None:
    if actor is not None and not has_action(actor, P.CONFIGURE, campaign_root):
        raise PermissionDenied("只有本级及上级主题教育办公室可以配置该专项工作")


def _check_dates(start: date, end: date) -> None:
    if start and end and end < start:
        raise ValidationFailed(f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}", field="end_date")


@transaction.atomic
def campaign_create(*, actor, name: str, slug: str, root_unit, start_date: date, end_date: date,
                    kind: str = "theme_education", predecessor: Campaign | None = None,
                    stages: list[tuple[str, date, date]] | None = None, **options) -> Campaign:
    """Create a campaign with the default code lists (docs/design.md §3) and the given stages."""
    require_configure(actor, root_unit)
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationFailed(f"标识「{slug}」已被其他专项工作使用", field="slug")
    _check_dates(start_date, end_date)
    campaign = Campaign(name=(name or "").strip(), slug=(slug or "").strip(), kind=kind, root_unit=root_unit,
                        start_date=start_date, end_date=end_date, predecessor=predecessor, **options)
    full_clean_or_raise(campaign)
    campaign.save()
    CampaignCode.objects.bulk_create(
        CampaignCode(campaign=campaign, list_name=list_name, code=code, label=label, sort_order=i)
        for list_name, entries in DEFAULT_CODES.items()
        for i, (code, label) in enumerate(entries)
    )
    for i, (stage_name, s, e) in enumerate(stages or []):
        _check_dates(s, e)
        CampaignStage.objects.create(campaign=campaign, name=stage_name, start_date=s, end_date=e, sort_order=i)
    audit_record(actor=actor, action="campaign.create", obj=campaign, unit=root_unit,
                 changes=snapshot(campaign, CAMPAIGN_FIELDS))
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, expected_version: int | None, **fields) -> Campaign:
    require_configure(actor, campaign.root_unit)
    before = assign_fields(campaign, fields, allowed=EDITABLE_FIELDS, tracked=CAMPAIGN_FIELDS, refusal="不能修改字段")
    _check_dates(campaign.start_date, campaign.end_date)
    if campaign.predecessor_id == campaign.pk:
        raise ValidationFailed("上一批次不能是它自己", field="predecessor")
    full_clean_or_raise(campaign, exclude=["slug"])
    record_update(actor=actor, obj=campaign, before=before, tracked=CAMPAIGN_FIELDS,
                  expected_version=expected_version, fields=fields, action="campaign.update", unit=campaign.root_unit)
    return campaign


@transaction.atomic
def stage_save(*, actor, campaign: Campaign, name: str, start_date: date, end_date: date,
               stage: CampaignStage | None = None, sort_order: int | None = None) -> CampaignStage:
    require_configure(actor, campaign.root_unit)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("阶段名称不能为空", field="name")
    _check_dates(start_date, end_date)
    before = snapshot(stage, ["name", "start_date", "end_date", "sort_order"]) if stage else {}
    if stage is None:
        order = sort_order if sort_order is not None else campaign.stages.count()
        stage = CampaignStage(campaign=campaign, sort_order=order)
    stage.name, stage.start_date, stage.end_date = name, start_date, end_date
    if sort_order is not None:
        stage.sort_order = sort_order
    stage.save()
    audit_record(actor=actor, action="campaign.stage", obj=campaign, unit=campaign.root_unit,
                 changes={"stage": diff_fields(before, snapshot(stage, ["name", "start_date", "end_date",
                                                                       "sort_order"]))})
    return stage


@transaction.atomic
def stage_delete(*, actor, stage: CampaignStage) -> None:
    require_configure(actor, stage.campaign.root_unit)
    audit_record(actor=actor, action="campaign.stage_delete", obj=stage.campaign, unit=stage.campaign.root_unit,
                 changes={"stage": stage.name})
    stage.delete()


@transaction.atomic
def code_save(*, actor, campaign: Campaign, list_name: str, code: str, label: str, active: bool = True,
              sort_order: int | None = None) -> CampaignCode:
    """Add an entry to a code list or relabel/(de)activate it. Codes are never deleted: records use them."""
    require_configure(actor, campaign.root_unit)
    if list_name not in CodeList.values:
        raise ValidationFailed(f"代码表「{list_name}」不存在", field="list_name")
    code, label = (code or "").strip(), (label or "").strip()
    if not code or not label:
        raise ValidationFailed("代码和名称都不能为空", field="label" if code else "code")
    entry = CampaignCode.objects.filter(campaign=campaign, list_name=list_name, code=code).first()
    before = snapshot(entry, ["label", "active", "sort_order"]) if entry else {}
    if entry is None:
        order = sort_order if sort_order is not None else campaign.code_entries.filter(list_name=list_name).count()
        entry = CampaignCode(campaign=campaign, list_name=list_name, code=code, sort_order=order)
    entry.label, entry.active = label, active
    if sort_order is not None:
        entry.sort_order = sort_order
    entry.save()
    audit_record(actor=actor, action="campaign.code", obj=campaign, unit=campaign.root_unit,
                 changes={"list": list_name, "code": code,
                          **diff_fields(before, snapshot(entry, ["label", "active", "sort_order"]))})
    return entry
