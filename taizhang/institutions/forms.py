from django import forms

from taizhang.institutions.models import Institution
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField


class InstitutionForm(forms.ModelForm):
    unit_code = UnitField(label="制定单位", action=P.CREATE)
    attachment = forms.FileField(label="制度文件", required=False)

    class Meta:
        model = Institution
        fields = ["title", "doc_number", "kind", "issued_date", "summary"]
        widgets = {"issued_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 4})}


class InstitutionEditForm(InstitutionForm):
    unit_code = None
