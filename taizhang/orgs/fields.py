"""The form fields of units and people, used by every form that names one (see widgets.py for the pickers).

`UnitField` takes what the picker submits — a unit's code — or, typed by hand, a code or a unit's exact full or
short name; `UnitsField` several of them. `PersonField` takes an account's username, or a name. The field only
cleans the text: which unit (account) it names, and whether the user may act there, is decided by the selector
the view calls with the user (`orgs.selectors.unit_from_code`, `unit_get`, `person_named` …), which answers with
a Chinese message naming the value (「岭店乡鹤岭村党支部」对应多个单位，请从下拉中选择).
"""

from __future__ import annotations

import re

from django import forms

from taizhang.orgs.widgets import PersonPicker, UnitPicker

UNIT_HELP = "输入名称、简称或编码的一部分，从列表中选择"
UNITS_HELP = "可选多个单位：输入名称或编码的一部分，从列表中选择；也可直接填写编码，用空格或逗号分隔"
PERSON_HELP = "输入姓名或用户名查找有账号的人员；没有账号的可直接填写姓名"


class UnitField(forms.CharField):
    """One unit, by code or exact name. `action` is what the form does there (the picker offers only units
    where the user may)."""

    def __init__(self, *, action: str = "", **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", UNIT_HELP)
        kwargs.setdefault("widget", UnitPicker(action=action))
        super().__init__(**kwargs)


class UnitsField(forms.CharField):
    """Several units, separated by spaces, commas or 、 — a list of codes or exact names."""

    def __init__(self, *, action: str = "", **kwargs):
        kwargs.setdefault("max_length", 800)
        kwargs.setdefault("help_text", UNITS_HELP)
        kwargs.setdefault("widget", UnitPicker(action=action, multiple=True))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value) or ""
        return [part for part in re.split(r"[\s,，、;；]+", text) if part]


class PeopleField(forms.CharField):
    """Several people: usernames (or exact names) separated by spaces, commas or 、; the picker completes the
    last one. The text is kept as typed for the app's selector to split and look up."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 4000)
        kwargs.setdefault("help_text", "输入姓名或用户名查找，可选多人；也可直接填写用户名，用空格或逗号分隔")
        kwargs.setdefault("widget", PersonPicker(multiple=True))
        super().__init__(**kwargs)


class PersonField(forms.CharField):
    """A person: an account's username (what the picker submits) or a name as typed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("help_text", PERSON_HELP)
        kwargs.setdefault("widget", PersonPicker())
        super().__init__(**kwargs)
