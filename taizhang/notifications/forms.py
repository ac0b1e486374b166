from django import forms

from taizhang.notifications.models import Platform
from taizhang.orgs import permissions as P
from taizhang.orgs.fields import UnitField


class RobotForm(forms.Form):
    """群机器人 settings. Webhook and secret are write-only: editing leaves them blank to keep the stored ones."""

    unit = UnitField(label="所属单位", action=P.CONFIGURE)
    platform = forms.ChoiceField(label="平台", choices=Platform.choices)
    name = forms.CharField(label="名称", max_length=80)
    webhook_url = forms.CharField(label="Webhook 地址", max_length=500, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    secret = forms.CharField(label="加签密钥", max_length=200, required=False,
                             widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                             help_text="钉钉、飞书开启“加签”时填写；企业微信无需填写")
    campaign = forms.ChoiceField(label="限定专项工作", required=False)
    applies_to_subunits = forms.BooleanField(label="同时用于下级单位的提醒", required=False, initial=True)
    quiet_hours = forms.CharField(label="免打扰时段", max_length=20, required=False, initial="22:00-07:30",
                                  help_text="如 22:00-07:30，此时段内的提醒在结束后再发；留空表示不设免打扰")

    def __init__(self, *args, campaigns=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", "全部专项工作")] + [(c.slug, c.name) for c in campaigns]
        if editing:
            self.fields["webhook_url"].help_text = "出于安全考虑不显示已保存的地址；留空表示不修改"
            self.fields["secret"].help_text = "留空表示不修改"
        else:
            self.fields["webhook_url"].required = True
