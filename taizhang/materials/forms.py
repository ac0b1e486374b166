from django import forms

from taizhang.materials.models import Genre
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import PersonField, UnitField


class MaterialForm(forms.Form):
    unit_code = UnitField(label="单位", action=P.CREATE)
    genre = forms.ChoiceField(label="体裁", choices=Genre.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}), required=False,
                           help_text="可直接填写，或上传文件后自动提取文字")
    file = forms.FileField(label="上传文件（.docx / .txt / .pdf）", required=False)
    personal = forms.BooleanField(label="个人材料（保密，仅本人、本单位办公室和授权领导可见）", required=False,
                                  help_text="对照检查材料一律保密")


class GrantForm(forms.Form):
    grantee = PersonField(label="授权领导")
    op = forms.ChoiceField(choices=[("grant", "授权"), ("revoke", "撤销")], initial="grant", widget=forms.HiddenInput)


class CompilationForm(forms.Form):
    unit_code = UnitField(label="编印单位", action=P.REPORT)
    title = forms.CharField(label="汇编名称", max_length=200)
