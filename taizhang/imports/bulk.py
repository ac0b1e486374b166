"""Fast, portable bulk writing for large imports.

`bulk_create` spends most of its time compiling each value through the ORM (prepare_value per field per row);
for 100,000-row imports we prepare each column's converter once and hand plain tuples to `executemany`.
The converters are the database backend's own adapters, so the SQL stays portable (SQLite, PostgreSQL,
MariaDB). `check_fields` applies the model's field rules (required, max_length, choices) the same way
`Model.clean_fields` does, without building model instances.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone


def check_fields(model, values: dict[str, Any], names: Iterable[str]) -> list[tuple[str, str]]:
    """(field name, Chinese message) for each of `names` whose value breaks the model field's rules."""
    problems = []
    for name in names:
        if name not in values:
            continue  # the field's default applies
        field = model._meta.get_field(name)
        value = values[name]
        label = field.verbose_name
        if value in (None, "") and not field.blank:
            problems.append((name, f"「{label}」不能为空"))
            continue
        if isinstance(value, str) and field.max_length and len(value) > field.max_length:
            problems.append((name, f"「{label}」最多{field.max_length}个字符（现有{len(value)}个）"))
        if field.choices and value not in (None, "") and value not in {c[0] for c in field.flatchoices}:
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
        missing = object()
        # defaults are adapted once, not once per row
        plan = [(f.attname, d if conv is None or d is None else conv(d), conv)
                for f, d, conv in zip(self.fields, self.defaults, self.converters, strict=True)]
        out = []
        for row in rows:
            values = []
            for attname, default, conv in plan:
                v = row.get(attname, missing)
                if v is missing:
                    v = default
                elif conv is not None and v is not None:
                    v = conv(v)
                values.append(v)
            out.append(values)
        with connection.cursor() as cursor:
            for i in range(0, len(out), batch):
                cursor.executemany(self.sql, out[i:i + batch])
        return len(out)
