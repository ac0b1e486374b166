from django import forms

from taizhang.campaigns.models import Campaign, CampaignKind, CodeList
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField


class CampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="类型", choices=CampaignKind.choices)
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    active = forms.BooleanField(label="进行中", required=False, initial=True)
    predecessor = forms.ModelChoiceField(label="上一批次", queryset=Campaign.objects.none(), required=False)
    due_soon_days = forms.IntegerField(label="临期提醒天数", min_value=0, max_value=90, initial=7)
    remind_workdays_before = forms.IntegerField(label="到期前提示（工作日）", min_value=0, max_value=30, initial=3)
    require_closure_evidence = forms.BooleanField(label="销号须附佐证材料", required=False, initial=True)
    require_leader_signoff = forms.BooleanField(label="销号须领导签批", required=False)
    lookback_months = forms.IntegerField(label="回头看间隔（月）", min_value=1, max_value=24, initial=3)
    lookback_sample_percent = forms.IntegerField(label="回头看抽查比例（%）", min_value=1, max_value=100, initial=100)
    visit_window_days = forms.IntegerField(label="调研扎堆提醒窗口（天）", min_value=1, max_value=90, initial=14)
    red_threshold_overdue_days = forms.IntegerField(label="约谈建议：逾期天数", min_value=1, max_value=365, initial=30)
    red_threshold_count = forms.IntegerField(label="约谈建议：红灯数量", min_value=1, max_value=999, initial=5)
    number_prefix = forms.CharField(label="问题编号前缀", max_length=8, initial="ZG")

    def __init__(self, *args, predecessors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if predecessors is not None:
            self.fields["predecessor"].queryset = predecessors

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "结束日期不能早于开始日期")
        return data


class CampaignCreateForm(CampaignForm):
    slug = forms.SlugField(label="标识（英文字母、数字、连字符）", max_length=60)
    root_code = UnitField(label="参加单位", action=P.CONFIGURE)
    field_order = ["name", "slug", "root_code"]


class StageForm(forms.Form):
    name = forms.CharField(label="阶段名称", max_length=60)
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))


class CodeForm(forms.Form):
    list_name = forms.ChoiceField(label="代码表", choices=CodeList.choices)
    code = forms.SlugField(label="代码", max_length=40)
    label = forms.CharField(label="名称", max_length=60)
    active = forms.BooleanField(label="启用", required=False, initial=True)
