"""Forms of the research pages; they only parse input, the services validate and write."""

from django import forms

from taizhang.orgs import permissions as P
from taizhang.orgs.fields import PersonField, UnitField
from taizhang.research.models import ExchangeGrade, ResearchTopic, ResearchVisit, Transformation, VisitStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TopicForm(forms.ModelForm):
    unit_code = UnitField(label="所属单位", action=P.CREATE)
    leader_username = PersonField(label="领题人", required=False,
                                  help_text="输入姓名或用户名查找领导账号；留空则作为揭榜课题，由领导揭榜领题")

    class Meta:
        model = ResearchTopic
        fields = ["title", "direction", "rationale", "lead_leader_name", "member_names", "planned_start",
                  "planned_end", "planned_sites"]
        widgets = {"planned_start": DATE, "planned_end": DATE, "rationale": forms.Textarea(attrs={"rows": 3})}


class TopicEditForm(TopicForm):
    unit_code = None


class VisitForm(forms.ModelForm):
    site_unit_code = UnitField(label="调研单位", required=False,
                               help_text="输入名称或编码查找；调研单位和调研地点填写其一")
    method = forms.ChoiceField(label="调研方式")
    confirm_cluster = forms.BooleanField(label="已了解同一地点的其他调研安排，仍然保存", required=False)

    class Meta:
        model = ResearchVisit
        fields = ["start_date", "end_date", "status", "site_place", "participants", "participant_count",
                  "people_met", "people_met_count", "needs_collected", "solved_on_site", "solved_count"]
        widgets = {"start_date": DATE, "end_date": DATE, "needs_collected": forms.Textarea(attrs={"rows": 3}),
                   "solved_on_site": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = False
        self.fields["status"].choices = VisitStatus.choices
        if campaign is not None:
            self.fields["method"].choices = campaign.code_choices("research_method")


class ReportForm(forms.Form):
    abstract = forms.CharField(label="报告摘要", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    report_file = forms.FileField(label="调研报告文件", required=False)


class GradeForm(forms.Form):
    exchange_grade = forms.ChoiceField(label="评定等次", choices=[("", "—"), *ExchangeGrade.choices], required=False)
    exchange_score = forms.DecimalField(label="得分", max_digits=5, decimal_places=1, required=False)


class TransformationForm(forms.ModelForm):
    class Meta:
        model = Transformation
        fields = ["kind", "title", "responsible", "deadline"]
        widgets = {"deadline": DATE}


class VisitProblemForm(forms.Form):
    """记录调研发现的问题: a new 调研发现 problem of the ledger, linked to the visit."""

    unit_code = UnitField(label="责任单位", action=P.CREATE)
    title = forms.CharField(label="问题", max_length=200)
    description = forms.CharField(label="问题表现", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    category = forms.ChoiceField(label="问题类别", required=False)

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = campaign.code_choices("problem_category") if campaign is not None else []
        self.fields["category"].choices = [("", "—"), *choices]


class VisitProblemLinkForm(forms.Form):
    number = forms.CharField(label="问题编号", max_length=24)
