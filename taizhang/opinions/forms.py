from django import forms

from taizhang.opinions.models import AUDIENCE_RULES, Audience, MeetingKind, Rating
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField, UnitsField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.Form):
    unit_code = UnitField(label="征求单位", action=P.REVIEW)
    title = forms.CharField(label="名称", max_length=120)
    themes = forms.CharField(label="征求内容", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一个主题")
    audience = forms.ChoiceField(label="征求对象", choices=Audience.choices,
                                 help_text="；".join(f"{label}：{AUDIENCE_RULES[value]}" for value, label in Audience.choices))
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="截止日期", widget=DATE)


class LettersForm(forms.Form):
    recipients = UnitsField(label="收函单位", action=P.VIEW)
    deadline = forms.DateField(label="反馈时限", widget=DATE)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="形式", choices=MeetingKind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    place = forms.CharField(label="地点/对象", max_length=120, required=False)
    sessions = forms.IntegerField(label="场次", min_value=1, initial=1)
    attendance = forms.IntegerField(label="人次", min_value=1)
    notes = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    opinions = forms.CharField(label="形成的意见建议", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="每行一条")


class RecordForm(forms.Form):
    content = forms.CharField(label="意见建议（意见箱、来信等）", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    name = forms.CharField(label="提出人", max_length=30, required=False)


class LetterAnswerForm(forms.Form):
    opinions = forms.CharField(label="意见建议", required=False, widget=forms.Textarea(attrs={"rows": 6}),
                               help_text="每行一条")
    note = forms.CharField(label="反馈说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProblemForm(forms.Form):
    unit_code = UnitField(label="责任单位", action=P.CREATE)
    title = forms.CharField(label="问题标题", max_length=200)
    description = forms.CharField(label="问题表现", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label="问题类别", required=False)
    responsible_name = forms.CharField(label="责任人", max_length=60, required=False)
    deadline = forms.DateField(label="整改时限", required=False, widget=DATE)

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *(campaign.code_choices("problem_category") if campaign else [])]


class MatterForm(forms.Form):
    unit_code = UnitField(label="所属单位", action=P.CREATE)
    title = forms.CharField(label="实事名称", max_length=200)
    category = forms.ChoiceField(label="类别")

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = campaign.code_choices("matter_category") if campaign else []


class LookbackRatingsForm(forms.Form):
    satisfied = forms.IntegerField(label="满意（人）", min_value=0, initial=0)
    basic = forms.IntegerField(label="基本满意（人）", min_value=0, initial=0)
    unsatisfied = forms.IntegerField(label="不满意（人）", min_value=0, initial=0)
    comment = forms.CharField(label="群众意见", max_length=300, required=False)


# --- the public door --------------------------------------------------------------------------------

class PublicOpinionForm(forms.Form):
    content = forms.CharField(label="您的意见建议", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}))
    anonymous = forms.BooleanField(label="匿名提交（不留姓名和电话）", required=False)
    name = forms.CharField(label="姓名（可不填）", max_length=30, required=False)
    phone = forms.CharField(label="联系电话（可不填）", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    image = forms.FileField(label="图片（可不传，jpg/png）", required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))
    answer = forms.CharField(label="验证题", max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                                         "autocomplete": "off"}))
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=400)


class CadreOpinionForm(PublicOpinionForm):
    """The form of a 干部职工 round, for a signed-in account: no challenge; the name is the account's unless the
    cadre stays anonymous towards the office."""

    anonymous = forms.BooleanField(label="对办公室匿名（不显示我的姓名和电话）", required=False)
    name = forms.CharField(label="署名（可不填，默认为账号姓名）", max_length=30, required=False)
    answer = None
    challenge = None


class StatusForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=24,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=24)
    value = forms.ChoiceField(label="您对办理结果的评价", choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="还想说的（可不填）", max_length=300, required=False)
