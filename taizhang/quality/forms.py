"""Forms of 问题质量."""

from django import forms

from taizhang.institutions.models import InstitutionKind
from taizhang.quality import checks, selectors


class MarkDuplicateForm(forms.Form):
    kept = forms.CharField(label="保留的问题（编号）", max_length=24)
    reason = forms.CharField(label="说明", max_length=300, required=False)


class ClusterFilterForm(forms.Form):
    unit = forms.CharField(label="单位（编码）", max_length=40, required=False)
    threshold = forms.FloatField(label="相似度阈值", min_value=0.3, max_value=1.0, required=False,
                                 initial=selectors.CLUSTER_THRESHOLD)
    min_units = forms.IntegerField(label="至少涉及单位数", min_value=2, max_value=1000, required=False,
                                   initial=selectors.CLUSTER_MIN_UNITS)


class ClusterActionForm(forms.Form):
    """What every cluster action posts: the campaign's unit that acts and the cluster's problems."""

    unit_code = forms.CharField(label="单位", max_length=40)
    problems = forms.CharField(label="问题", help_text="逗号分隔的问题 id")

    def clean_problems(self):
        raw = self.cleaned_data["problems"]
        try:
            ids = [int(x) for x in raw.replace("，", ",").split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError(f"问题列表「{raw[:40]}」无效") from None
        if not ids:
            raise forms.ValidationError("没有选中任何问题")
        return ids


class ClusterInstitutionForm(ClusterActionForm):
    institution = forms.IntegerField(label="关联已有制度", required=False)
    title = forms.CharField(label="制度名称", max_length=200, required=False)
    kind = forms.ChoiceField(label="类型", choices=InstitutionKind.choices, required=False)
    doc_number = forms.CharField(label="文号", max_length=80, required=False)
    issued_date = forms.DateField(label="印发日期", required=False)
    summary = forms.CharField(label="主要内容", required=False, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or InstitutionKind.NEW
        if not data.get("institution") and not (data.get("title") or "").strip():
            self.add_error("title", "请填写制度名称，或选择一项已有制度")
        return data


class ClusterTopicForm(ClusterActionForm):
    title = forms.CharField(label="课题名称", max_length=200)
    direction = forms.CharField(label="调研方向", max_length=200, required=False)
    rationale = forms.CharField(label="选题理由", required=False, widget=forms.Textarea)


class ReportFilterForm(forms.Form):
    unit = forms.CharField(label="单位（编码）", max_length=40, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    kind = forms.ChoiceField(label="问题类型", choices=[("", "全部")] + list(checks.KINDS.items()), required=False,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    generic_units = forms.IntegerField(
        label="万能问题：与几个其他单位相同", min_value=1, max_value=10000, required=False,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm",
                                        "placeholder": str(checks.GENERIC_UNITS)}))
