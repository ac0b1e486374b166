from django import forms

from taizhang.orgs.permissions import ROLE_CHOICES


class CodeForm(forms.Form):
    code = forms.CharField(label="动态口令", max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}),
                           help_text="身份验证器显示的 6 位数字；手机不在身边时可输入一个 8 位备用码")


class PolicyForm(forms.Form):
    roles = forms.MultipleChoiceField(label="须使用双因素认证的角色", choices=ROLE_CHOICES, required=False,
                                      widget=forms.CheckboxSelectMultiple)
