from django import forms

from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField


class ReferenceForm(forms.Form):
    unit_code = UnitField(label="所属单位", action=P.REPORT,
                          help_text="本单位及下级单位的材料查重时与它比对")
    title = forms.CharField(label="名称", max_length=200, required=False, help_text="不填则用文件名")
    file = forms.FileField(label="文件（.txt / .docx / .pdf）")
