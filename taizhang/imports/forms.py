from django import forms

from taizhang.imports.models import IMPORT_KINDS
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入类型", choices=IMPORT_KINDS)
    campaign = forms.ChoiceField(label="专项工作", required=False)
    unit_code = UnitField(label="单位", action=P.CREATE,
                          help_text="输入名称或编码查找；表中没有填写单位的行归入该单位；只能导入该单位及下级的记录")
    file = forms.FileField(label="文件", help_text="Excel（.xlsx/.xls）、WPS（.et）、OpenDocument（.ods）或 CSV")
    partial = forms.BooleanField(label="只导入正确的行（默认有错误时整批不导入）", required=False)

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", "——")] + [(c.slug, c.name) for c in campaigns]
