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


@register.inclusion_tag("includes/export_button.html", takes_context=True)
def export_button(context, kind, campaign=None, unit=None, oob=False):
    """The list page's 导出Excel button: the export of `kind` with the page's current filters (its query string
    without the page number), so the file holds what the list shows. `oob` marks the copy an htmx response
    sends to replace the button after the filters changed; `unit` narrows the export to that unit's subtree."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from taizhang.imports.export import EXPORTS

    request = context["request"]
    if kind in EXPORTS and not EXPORTS[kind].allowed(request.user):
        return {"url": None}
    params = []
    if campaign is not None:
        params.append(("campaign", campaign.slug))
    if unit is not None:
        params.append(("unit", unit.code))
    params += [(k, v) for k, values in request.GET.lists() if k not in ("campaign", "page")
               and not (unit is not None and k == "unit") for v in values if v != ""]
    return {"url": f"{reverse('imports:export_kind', args=[kind])}?{urlencode(params)}", "oob": oob}
