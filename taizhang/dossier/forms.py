"""Forms of the closed-loop panels; they only parse input, the services validate and write."""

from django import forms

from taizhang.institutions.models import Institution


class ProblemInstitutionForm(forms.ModelForm):
    """A new rule registered from a problem's page."""

    class Meta:
        model = Institution
        fields = ["title", "doc_number", "kind", "issued_date", "summary"]
        widgets = {"issued_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 2})}


class InstitutionChoiceForm(forms.Form):
    institution = forms.IntegerField(label="已有制度")
