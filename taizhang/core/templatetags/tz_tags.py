"""Template helpers: Bootstrap classes on form widgets, masked phones, Chinese dates and figures."""

from django import template
from django.forms import CheckboxInput, RadioSelect, Select, SelectMultiple

from taizhang.orgs.models import mask_phone

register = template.Library()


@register.filter
def phone_masked(value):
    return mask_phone(value or "")


@register.filter
def cn_date(value):
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def percent(value, digits=1):
    if value is None:
        return "—"
    return f"{value * 100:.{int(digits)}f}%"


@register.simple_tag
def bootstrap_form_classes(form):
    """Give every widget the Bootstrap class it needs; used once per form before rendering."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, CheckboxInput | RadioSelect):
            continue
        css = "form-select" if isinstance(widget, Select | SelectMultiple) else "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["class"] = form.fields[name].widget.attrs.get("class", "") + " is-invalid"
    return ""
