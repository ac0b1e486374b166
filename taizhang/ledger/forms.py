"""Forms of the ledger pages. They only parse and validate input; services do the writing."""

from django import forms

from taizhang.ledger.models import LookBackVerdict, ProblemLevel, RectificationKind
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import PersonField, UnitField, UnitsField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProblemForm(forms.Form):
    unit_code = UnitField(label="责任单位", action=P.CREATE)
    title = forms.CharField(label="问题标题", max_length=200,
                            error_messages={"required": "请填写问题标题"})
    description = forms.CharField(label="问题表现", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    category = forms.ChoiceField(label="问题类别", required=False)
    source = forms.ChoiceField(label="问题来源", required=False)
    level = forms.ChoiceField(label="问题层面", choices=ProblemLevel.choices, initial=ProblemLevel.UNIT)
    leader_name = PersonField(label="责任领导", max_length=60, required=False)
    lead_unit_code = UnitField(label="牵头单位", required=False)
    co_unit_codes = UnitsField(label="配合单位", required=False)
    responsible_name = PersonField(label="责任人", max_length=60, required=False)
    kind = forms.ChoiceField(label="整改类型", choices=RectificationKind.choices, initial=RectificationKind.DEADLINE)
    target = forms.CharField(label="整改目标", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadline = forms.DateField(label="整改时限", required=False, widget=DateInput(),
                               error_messages={"invalid": "请输入有效日期，如 2026-12-31"})
    review_cadence_months = forms.IntegerField(label="复查间隔（月，长期坚持类）", required=False, min_value=1,
                                               max_value=24)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            self.fields["category"].choices = [("", "—")] + campaign.code_choices("problem_category")
            self.fields["source"].choices = [("", "—")] + campaign.code_choices("problem_source")


class TransitionForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False)


class MeasureForm(forms.Form):
    text = forms.CharField(label="措施内容", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "请填写措施内容"})
    deadline = forms.DateField(label="完成时限", required=False, widget=DateInput())
    responsible_name = PersonField(label="责任人", max_length=60, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "请填写进展情况"})
    percent = forms.IntegerField(label="完成比例（%）", min_value=0, max_value=100, initial=50,
                                 error_messages={"min_value": "完成比例不能小于 0", "max_value": "完成比例不能大于 100"})
    date = forms.DateField(label="日期", required=False, widget=DateInput())
    files = MultipleFileField(label="佐证材料")


class ClosureForm(forms.Form):
    evidence_summary = forms.CharField(label="佐证说明", widget=forms.Textarea(attrs={"rows": 3}),
                                       error_messages={"required": "请填写整改完成情况和佐证说明"})
    files = MultipleFileField(label="佐证材料")
    version = forms.IntegerField(required=False)


class LookBackForm(forms.Form):
    solved = forms.BooleanField(label="问题有没有解决", required=False, initial=True)
    changed = forms.BooleanField(label="现状有没有改变", required=False, initial=True)
    improved = forms.BooleanField(label="工作有没有提升", required=False, initial=True)
    felt = forms.BooleanField(label="群众有没有实感", required=False, initial=True)
    verdict = forms.ChoiceField(label="结论", choices=LookBackVerdict.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class BulkForm(forms.Form):
    ids = forms.CharField(error_messages={"required": "请先勾选问题"})
    responsible_name = PersonField(label="责任人", max_length=60, required=False)
    deadline = forms.DateField(label="整改时限", required=False, widget=DateInput())
    op = forms.ChoiceField(label="操作", required=False, choices=[
        ("assign", "指定责任人和时限"), ("approve", "审核通过（销号）"), ("return", "退回"), ("urge", "催办")])
    reason = forms.CharField(label="审核意见", required=False, max_length=500)


class CarryOverForm(forms.Form):
    source = forms.ChoiceField(label="承接自（上一批次）")


class CalendarDayForm(forms.Form):
    date = forms.DateField(label="日期", widget=DateInput(), error_messages={"required": "请选择日期"})
    is_workday = forms.BooleanField(label="上班（调休补班）", required=False)
    name = forms.CharField(label="说明", max_length=40, required=False)
