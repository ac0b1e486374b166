"""The pickers' widgets: a text input that taizhang/static/taizhang/picker.js turns into a type-ahead list.

Without JavaScript the input is an ordinary text box that takes a unit's code or exact name (a person's username
or name); with it, typing two characters lists the matches in the user's scope from the look-up URL
(`orgs:unit_lookup`, `orgs:people_lookup`) and choosing one submits its code (username).
"""

from __future__ import annotations

from django import forms
from django.urls import reverse


class _Picker(forms.TextInput):
    kind = ""
    url_name = ""
    placeholder = ""

    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs)
        self.multiple = multiple

    def label_for(self, value: str) -> str:
        """What the enhanced input shows for a submitted value (the value itself when it names nothing)."""
        return ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = {"data-picker": self.kind, "data-url": reverse(self.url_name), "autocomplete": "off",
                 "placeholder": self.attrs.get("placeholder", self.placeholder)}
        if self.multiple:
            extra["data-multiple"] = "1"
        else:
            label = self.label_for(str(value).strip()) if value not in (None, "") else ""
            if label:
                extra["data-label"] = label
        context["widget"]["attrs"] = {**extra, **context["widget"]["attrs"]}
        return context


class UnitPicker(_Picker):
    """A unit: finds units by any part of the name, short name or code and shows each one's path (县 › 乡 › 村).
    `action` narrows the suggestions to units where the user may do it (create, supervise …)."""

    kind = "unit"
    url_name = "orgs:unit_lookup"
    placeholder = "输入单位名称、简称或编码查找"

    def __init__(self, attrs=None, *, action: str = "", multiple: bool = False):
        super().__init__(attrs, multiple=multiple)
        self.action = action

    def label_for(self, value):
        from taizhang.orgs.models import Unit
        from taizhang.orgs.selectors import path_label

        unit = Unit.objects.filter(code=value).first()
        return path_label(unit) if unit is not None else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.action:
            context["widget"]["attrs"]["data-action"] = self.action
        return context


class PersonPicker(_Picker):
    """A person: finds accounts by name or username and shows each one's name and unit; a name without an
    account may be typed as it is."""

    kind = "person"
    url_name = "orgs:people_lookup"
    placeholder = "输入姓名或用户名查找"

    def label_for(self, value):
        from taizhang.orgs.models import User

        user = User.objects.filter(username=value).select_related("unit").first()
        if user is None:
            return ""
        return f"{user.display_name or user.username}（{user.unit.name}）" if user.unit_id else str(user)
