from django import forms

from taizhang.orgs import permissions as P
from taizhang.orgs.fields import PeopleField, UnitField
from taizhang.study.models import ReadingItem, ReadingKind, StudyActivity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    unit_code = UnitField(label="组织单位", action=P.CREATE)
    participant_usernames = PeopleField(
        label="参加党员", required=False,
        help_text="可选：输入姓名或用户名查找，可选多人（也可直接填写用户名，用空格或逗号分隔）；关联后计入党员本人的学习记录")
    attachment = forms.FileField(label="附件", required=False)

    class Meta:
        model = StudyActivity
        fields = ["type", "title", "start_date", "end_date", "days", "host", "materials", "participant_count",
                  "attendance", "speakers", "outputs", "summary"]
        widgets = {"start_date": DATE, "end_date": DATE, "summary": forms.Textarea(attrs={"rows": 3}),
                   "materials": forms.CheckboxSelectMultiple}
        help_texts = {"attendance": "留空则按 参加人数 × 天数 计算", "days": "留空则按起止日期计算"}

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("end_date", "days", "attendance", "participant_count", "speakers", "outputs"):
            self.fields[name].required = False
        self.fields["materials"].queryset = (ReadingItem.objects.filter(campaign=campaign)
                                             if campaign is not None else ReadingItem.objects.none())


class ActivityEditForm(ActivityForm):
    unit_code = None
    attachment = None


class ReadingItemForm(forms.Form):
    title = forms.CharField(label="书目", max_length=200)
    kind = forms.ChoiceField(label="类别", choices=ReadingKind.choices)
