"""Fast, portable bulk writing for large imports.

`bulk_create` spends most of its time compiling each value through the ORM (prepare_value per field per row);
for 100,000-row imports we prepare each column's converter once and hand plain tuples to `executemany`.
The converters are the database backend's own adapters, so the SQL stays portable (SQLite, PostgreSQL,
MariaDB). `field_checker` applies the model's field rules (required, max_length, choices) the same way
`Model.clean_fields` does, without building model instances.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

from django.db import connection, models
from django.utils import timezone


@functools.cache
def _rules(model, name: str) -> tuple[str, bool, int | None, frozenset | None]:
    field = model._meta.get_field(name)
    choices = frozenset(c[0] for c in field.flatchoices) if field.choices else None
    return str(field.verbose_name), field.blank, field.max_length, choices


@functools.cache
def field_checker(model, names: tuple[str, ...]):
    """A function giving (field name, Chinese message) for each of `names` whose value in a dict breaks the model
    field's rules; the rules are looked up once (for loops over many rows)."""
    return functools.partial(_check, [(name, *_rules(model, name)) for name in names])


def _check(rules, values: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    for name, label, blank, max_length, choices in rules:
        if name not in values:
            continue  # the field's default applies
        value = values[name]
        if value in (None, "") and not blank:
            problems.append((name, f"「{label}」不能为空"))
            continue
        if max_length and isinstance(value, str) and len(value) > max_length:
            problems.append((name, f"「{label}」最多{max_length}个字符（现有{len(value)}个）"))
        if choices is not None and value not in (None, "") and value not in choices:
            problems.append((name, f"「{label}」的值「{value}」无效"))
    return problems


class RowInserter:
    """INSERT of plain dicts (keyed by attname) into `model`'s table with executemany, in batches.

    Each column's default is adapted once; for each set of keys the rows carry, the columns they fill and the
    backend adapters those need are worked out once, so a row costs one list copy and one assignment per key.
    """

    def __init__(self, model: type[models.Model], *, with_pk: bool = False):
        """`with_pk`: the rows carry their primary key too (rows copied from the table itself)."""
        self.model = model
        now = timezone.now()
        ops = connection.ops
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.template: list[Any] = []
        self.converters: dict[str, Any] = {}
        for f in self.fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                default = now
            else:
                default = f.get_default()  # "" for text columns without a default, like the ORM
            if isinstance(f, models.JSONField):
                conv = functools.partial(_adapt_json, ops, f.encoder)
            elif isinstance(f, models.DateTimeField):
                conv = ops.adapt_datetimefield_value
            elif isinstance(f, models.DateField):
                conv = ops.adapt_datefield_value
            else:
                conv = None
            if conv is not None:
                self.converters[f.attname] = conv
            self.template.append(default if conv is None or default is None else conv(default))
        self.position = {f.attname: i for i, f in enumerate(self.fields)}
        self._setters: dict[tuple[str, ...], list[tuple[int, Any]]] = {}
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(c) for c in self.columns),
            ", ".join(["%s"] * len(self.columns)),
        )
        self.copy_sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(c) for c in self.columns),
        )

    def _setters_for(self, keys: tuple[str, ...]) -> list[tuple[int, Any]]:
        setters = self._setters.get(keys)
        if setters is None:
            setters = self._setters[keys] = [(self.position[k], self.converters.get(k)) for k in keys]
        return setters

    def values(self, rows: list[dict[str, Any]]) -> list[list]:
        """The rows as parameter lists in column order (`position` gives a column's index), defaults filled in,
        values adapted for the backend."""
        template = self.template
        out = []
        for row in rows:
            values = template.copy()
            for (i, conv), v in zip(self._setters_for(tuple(row)), row.values(), strict=True):
                values[i] = v if conv is None or v is None else conv(v)
            out.append(values)
        return out

    def execute(self, params: list[list], batch: int = 5000) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams the rows and lets the server insert them while more arrive; executemany through
                # Django's client-side-binding cursor would send one statement per row
                with cursor.cursor.copy(self.copy_sql) as copy:
                    write_row = copy.write_row
                    for row in params:
                        write_row(row)
                return
            if connection.vendor == "sqlite":
                # several rows per statement: the driver drops the GIL for each statement it runs, so a writer
                # thread needs it back once per statement instead of once per row
                # (the driver's own cursor, with its "?" placeholders: Django would rewrite the long statement's
                # placeholders on every call)
                per = max(1, min(500, 30000 // len(self.columns)))
                raw, chain = cursor.cursor, itertools.chain.from_iterable
                full = len(params) - len(params) % per
                if full:
                    sql = self._sqlite_sql(per)
                    for i in range(0, full, per):
                        raw.execute(sql, list(chain(params[i:i + per])))
                if full < len(params):
                    raw.execute(self._sqlite_sql(len(params) - full), list(chain(params[full:])))
                return
            for i in range(0, len(params), batch):
                cursor.executemany(self.sql, params[i:i + batch])

    def _sqlite_sql(self, rows: int) -> str:
        one = "(" + ", ".join(["?"] * len(self.columns)) + ")"
        return self.sql.rsplit(" VALUES ", 1)[0] + " VALUES " + ", ".join([one] * rows)


def _adapt_json(ops, encoder, value):
    return ops.adapt_json_value(value, encoder)
