"""Declarative list filters: one definition per list, read by the page, its Excel export and the API.

An app's `filters.py` declares the list's query parameters:

    class TopicFilter(ListFilter):
        unit = UnitCode("单位")
        status = Choice("状态", TopicStatus.choices)

`TopicFilter.from_params(user, params)` parses any mapping (request.GET, an API query, a job's stored params)
without a request: each usable value lands on the filter (`f.status`, `f.unit` — a Unit); a value that cannot be
used is left at its default and explained in `f.errors` ({"status": "「状态」的值「x」无效"}), or raised as
ValidationFailed with `strict=True` (the API's 422). A field whose unusable value must not widen the list (a unit
that cannot be found: listing everything instead would look like an answer) declares `unmatched()`, the value it
takes then — UnitCode's NO_UNIT, under which no record lies — so the page, its export and every count hold no row,
and `f.blocked` / `f.notice` say why where the results appear. `f.values()` gives the parsed values for the app's selector,
`f.select(selector, user, campaign)` calls it, and `f.params()` gives the query parameters again (what the export
button and a background export job carry). The API documents each field as a query parameter of its
`query_type` (taizhang.api.filters.query_schema).

The fields here need no model; `UnitCode` (a unit the user sees) lives with the unit tree, in taizhang.orgs.filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, ClassVar

from taizhang.core.exceptions import ValidationFailed


class FilterField:
    """One query parameter: its Chinese label, its default, and how its text becomes a value. `query_type` is
    the type of the parameter as the API documents it, `hint` what the documentation adds to the label."""

    default: Any = ""
    query_type: type = str
    hint = ""

    def __init__(self, label: str, *, default: Any = None, param: str = ""):
        self.label = label
        if default is not None:
            self.default = default
        self.name = ""
        self.param = param  # the query parameter, where it differs from the field's name (``from`` …)

    def parse(self, raw: str, *, user, context: Mapping) -> Any:
        """The value of `raw` (already stripped, not empty); ValueError with the reason when unusable."""
        return raw

    def text(self, value) -> str:
        """The value as a query parameter again."""
        return "" if value in (None, "", False) else str(value)

    def unmatched(self) -> Any:
        """The value the field takes when the text given cannot be used: None leaves it at its default (the list
        ignores the value); anything else narrows the list to what that value selects (nothing, for a unit)."""
        return None


class Text(FilterField):
    """Free text (a keyword, a name), stripped."""


class Flag(FilterField):
    """A checkbox: present and not "0"/"false" means on."""

    default = False
    query_type = bool

    def parse(self, raw, *, user, context):
        return raw.lower() not in ("0", "false", "off", "no")

    def text(self, value):
        return "1" if value else ""


class Choice(FilterField):
    """One of fixed values; `choices` is a list of (value, label) or a function of the filter's context (a
    campaign's code list). A choice may be given by its value or by its Chinese label."""

    def __init__(self, label: str, choices: Iterable | Callable[[Mapping], Iterable], *, default: Any = None,
                 param: str = ""):
        super().__init__(label, default=default, param=param)
        self.choices = choices

    def options(self, context: Mapping) -> list[tuple[str, str]] | None:
        """The (value, label) pairs; None where they depend on context that is missing (any value passes)."""
        choices = self.choices(context) if callable(self.choices) else self.choices
        return None if choices is None else [(str(v), str(lbl)) for v, lbl in choices]

    def parse(self, raw, *, user, context):
        options = self.options(context)
        if options is None:
            return raw
        table = {v: v for v, _ in options} | {lbl: v for v, lbl in options}
        if raw not in table:
            raise ValueError(f"「{self.label}」的值「{raw}」无效，可选：{'、'.join(lbl for _, lbl in options)}")
        return table[raw]


class Date(FilterField):
    """A day as YYYY-MM-DD."""

    default = None
    query_type = date

    def parse(self, raw, *, user, context):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"「{self.label}」：无法识别的日期「{raw}」，请写作 2026-01-31") from None

    def text(self, value):
        return value.isoformat() if value is not None else ""


class ListFilter:
    """Base of an app's list filter; subclasses declare FilterField attributes."""

    fields: ClassVar[dict[str, FilterField]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        declared = {}
        for base in reversed(cls.__bases__):
            declared.update(getattr(base, "fields", {}))
        for name, value in vars(cls).items():
            if isinstance(value, FilterField):
                value.name = name
                value.param = value.param or name
                declared[name] = value
        cls.fields = declared

    def __init__(self, **values):
        unknown = set(values) - set(self.fields)
        if unknown:
            raise TypeError(f"unknown filter fields: {', '.join(sorted(unknown))}")
        for name, f in self.fields.items():
            setattr(self, name, values.get(name, f.default))
        self.errors: dict[str, str] = {}
        self.raw: dict[str, str] = {}
        self.context: Mapping = {}
        self.blocking: dict[str, str] = {}

    @classmethod
    def from_params(cls, user, params: Mapping, *, strict: bool = False, **context) -> ListFilter:
        """The filter that `params` (a query string's values) describe for `user`. `context` carries what a
        field's choices depend on (the campaign). Unusable values are left out and named in `errors`; with
        `strict` they raise ValidationFailed instead."""
        values, errors, given, blocking = {}, {}, {}, {}
        for name, f in cls.fields.items():
            raw = (params.get(f.param) or "").strip()
            if not raw:
                continue
            given[name] = raw
            try:
                values[name] = f.parse(raw, user=user, context=context)
            except ValueError as exc:
                errors[name] = str(exc)
                fallback = f.unmatched()
                if fallback is not None:
                    values[name], blocking[name] = fallback, str(exc)
        if errors and strict:
            raise ValidationFailed("；".join(errors.values()), errors={k: [v] for k, v in errors.items()})
        instance = cls(**values)
        instance.errors, instance.raw, instance.context, instance.blocking = errors, given, context, blocking
        return instance

    @property
    def blocked(self) -> bool:
        """Whether a value could not be applied and the list therefore holds no row (see FilterField.unmatched)."""
        return bool(self.blocking)

    @property
    def notice(self) -> str:
        """What the page shows where the results would be when the filter is blocked."""
        return "；".join(self.blocking.values())

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """Each choice field's (value, label) pairs, for the page's select boxes."""
        return {name: f.options(self.context) or [] for name, f in self.fields.items() if isinstance(f, Choice)}

    def values(self) -> dict[str, Any]:
        """The parsed values by field name, for the app's selector."""
        return {name: getattr(self, name) for name in self.fields}

    def select(self, selector: Callable[..., Any], user, campaign):
        """The list's rows: `selector(user, campaign, **values)`, the app's selector that the page reads."""
        return selector(user, campaign, **self.values())

    def params(self) -> dict[str, str]:
        """The filter as query parameters again (only those with a value; a blocking value as it was typed)."""
        out = {f.param: f.text(getattr(self, name)) for name, f in self.fields.items()}
        out.update({self.fields[name].param: self.raw[name] for name in self.blocking})
        return {k: v for k, v in out.items() if v}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.params()!r})"
