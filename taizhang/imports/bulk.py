"""Fast, portable bulk writing for large imports.

`bulk_create` spends most of its time compiling each value through the ORM (prepare_value per field per row);
for 100,000-row imports we prepare each column's converter once and hand plain tuples to `executemany`.
The converters are the database backend's own adapters, so the SQL stays portable (SQLite, PostgreSQL,
MariaDB). `check_fields` applies the model's field rules (required, max_length, choices) the same way
`Model.clean_fields` does, without building model instances.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone


@functools.cache
def _rules(model, name: str) -> tuple[str, bool, int | None, frozenset | None]:
    field = model._meta.get_field(name)
    choices = frozenset(c[0] for c in field.flatchoices) if field.choices else None
    return str(field.verbose_name), field.blank, field.max_length, choices


def check_fields(model, values: dict[str, Any], names: Iterable[str]) -> list[tuple[str, str]]:
    """(field name, Chinese message) for each of `names` whose value breaks the model field's rules."""
    problems = []
    for name in names:
        if name not in values:
            continue  # the field's default applies
        value = values[name]
        label, blank, max_length, choices = _rules(model, name)
        if value in (None, "") and not blank:
            problems.append((name, f"「{label}」不能为空"))
            continue
        if max_length and isinstance(value, str) and len(value) > max_length:
            problems.append((name, f"「{label}」最多{max_length}个字符（现有{len(value)}个）"))
        if choices is not None and value not in (None, "") and value not in choices:
            problems.append((name, f"「{label}」的值「{value}」无效"))
    return problems


class RowInserter:
    """INSERT of plain dicts (keyed by attname) into `model`'s table with executemany, in batches."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        now = timezone.now()
        ops = connection.ops
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.defaults, self.converters = [], []
        for f in self.fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                default = now
            else:
                default = f.get_default()  # "" for text columns without a default, like the ORM
            if isinstance(f, models.JSONField):
                conv = (lambda field: lambda v: field.get_db_prep_save(v, connection))(f)
            elif isinstance(f, models.DateTimeField):
                conv = ops.adapt_datetimefield_value
            elif isinstance(f, models.DateField):
                conv = ops.adapt_datefield_value
            else:
                conv = None
            self.defaults.append(default)
            self.converters.append(conv)
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(c) for c in self.columns),
            ", ".join(["%s"] * len(self.columns)),
        )

    def insert(self, rows: list[dict[str, Any]], batch: int = 5000) -> int:
        # Defaults are adapted once; each row is laid over them and read out in column order by one C-level
        # itemgetter; only the columns a row sets that need the backend's adapter are converted per row.
        base = {f.attname: (d if conv is None or d is None else conv(d))
                for f, d, conv in zip(self.fields, self.defaults, self.converters, strict=True)}
        convert = {f.attname: conv for f, conv in zip(self.fields, self.converters, strict=True) if conv is not None}
        getter = operator.itemgetter(*(f.attname for f in self.fields))
        out = []
        for row in rows:
            values = base.copy()
            values.update(row)
            for name in convert.keys() & row.keys():
                v = row[name]
                if v is not None:
                    values[name] = convert[name](v)
            out.append(getter(values))
        with connection.cursor() as cursor:
            for i in range(0, len(out), batch):
                cursor.executemany(self.sql, out[i:i + batch])
        return len(out)
