from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField
from taizhang.reports.models import ReportKind
from taizhang.stats.catalogue import CATALOGUE, KEYS


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=ReportKind.choices)
    unit_code = UnitField(label=_("单位"), action=P.REPORT)
    as_of = forms.DateField(label=_("统计截至（留空为今天）"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    metrics = forms.MultipleChoiceField(label=_("通报排名指标"), required=False,
                                        choices=[(k, CATALOGUE[k].label) for k in KEYS])
    compilation = forms.IntegerField(label=_("材料汇编（交流材料汇编）"), required=False,
                                     widget=forms.Select(choices=[]))
    template = forms.IntegerField(label=_("自定义模板"), required=False, widget=forms.Select(choices=[]))

    def __init__(self, *args, compilations=(), templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compilation"].widget.choices = [("", "—"), *[(c.pk, c.title) for c in compilations]]
        self.fields["template"].widget.choices = [("", "—"), *[(t.pk, t.name) for t in templates]]


class TemplateUploadForm(forms.Form):
    name = forms.CharField(label=_("模板名称"), max_length=120)
    unit_code = UnitField(label=_("所属单位"), action=P.REPORT)
    file = forms.FileField(label=_("模板文件（.docx）"))
