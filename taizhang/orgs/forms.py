from django import forms

from taizhang.orgs import permissions as P
from taizhang.orgs.fields import PersonField, UnitField
from taizhang.orgs.models import UnitKind
from taizhang.orgs.permissions import ROLE_CHOICES


class UnitForm(forms.Form):
    code = forms.CharField(label="单位编码", max_length=40)
    name = forms.CharField(label="单位名称", max_length=120)
    short_name = forms.CharField(label="简称", max_length=60, required=False)
    kind = forms.ChoiceField(label="单位类型", choices=UnitKind.choices)
    sort_order = forms.IntegerField(label="排序", initial=0, required=False)


class UnitMoveForm(forms.Form):
    parent_code = UnitField(label="新的上级单位", action=P.MANAGE_UNITS)


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=60)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)
    unit_code = UnitField(label="所在单位", action=P.MANAGE_USERS)
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)


class UserEditForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=60)
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    is_active = forms.BooleanField(label="启用", required=False)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=60)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)


class PasswordForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    password = forms.CharField(label="新密码", widget=forms.PasswordInput)
    password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput)
    keep_tokens = forms.BooleanField(label="保留我的接口令牌", required=False,
                                     help_text="不勾选时，修改密码会同时作废您的全部接口令牌")

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的新密码不一致")
        return data


class ResetPasswordForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput)


class AssignmentForm(forms.Form):
    username = PersonField(label="用户", help_text="输入姓名或用户名查找账号")
    role = forms.ChoiceField(label="角色", choices=ROLE_CHOICES)
    unit_code = UnitField(label="单位", action=P.MANAGE_ROLES)
    include_subunits = forms.BooleanField(label="含下级单位", required=False, initial=True)


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=60)
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=365, initial=90)
