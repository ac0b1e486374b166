"""Forms of the supervision pages: they clean input; the services decide."""

from django import forms

from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField
from taizhang.supervision.circulars import DEFAULT_METRICS
from taizhang.supervision.models import SlipKind


class SlipForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SlipKind.choices)
    unit_code = UnitField(label="接收单位", action=P.SUPERVISE)
    title = forms.CharField(label="事由", max_length=200, required=False)
    content = forms.CharField(label="督办内容", widget=forms.Textarea(attrs={"rows": 5}))
    problem_numbers = forms.CharField(label="涉及问题编号", required=False,
                                      help_text="多个编号用逗号或空格分隔", max_length=2000)
    reply_deadline = forms.DateField(label="反馈时限", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label="反馈内容", widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}))


class CircularForm(forms.Form):
    unit_code = UnitField(label="通报单位", action=P.SUPERVISE)
    metrics = forms.CharField(label="指标", initial=",".join(DEFAULT_METRICS), max_length=500,
                              help_text="指标键，用逗号分隔；第一项用于排名")
