from django import forms

from taizhang.institutions.models import Institution


class InstitutionForm(forms.ModelForm):
    unit_code = forms.CharField(label="制定单位编码", max_length=40)
    attachment = forms.FileField(label="制度文件", required=False)

    class Meta:
        model = Institution
        fields = ["title", "doc_number", "kind", "issued_date", "summary"]
        widgets = {"issued_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 4})}


class InstitutionEditForm(InstitutionForm):
    unit_code = None
