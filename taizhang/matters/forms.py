from django import forms

from taizhang.matters.models import PracticalMatter
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import PersonField, UnitField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MatterForm(forms.ModelForm):
    unit_code = UnitField(label="所属单位", action=P.CREATE)
    category = forms.ChoiceField(label="类别")
    leader_username = PersonField(label="领办领导", required=False)

    class Meta:
        model = PracticalMatter
        fields = ["title", "category", "source", "source_note", "description", "lead_leader_name", "deadline"]
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            self.fields["category"].choices = campaign.code_choices("matter_category")


class MatterEditForm(MatterForm):
    unit_code = None

    class Meta(MatterForm.Meta):
        fields = [*MatterForm.Meta.fields, "beneficiaries", "money", "satisfaction", "result"]


class FinishForm(forms.Form):
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))
    beneficiaries = forms.IntegerField(label="惠及人数", min_value=0, required=False)
    money = forms.DecimalField(label="投入资金（万元）", max_digits=12, decimal_places=2, min_value=0, required=False)
    satisfaction = forms.DecimalField(label="群众满意度（%）", max_digits=5, decimal_places=1, min_value=0,
                                      max_value=100, required=False)
