"""PostgreSQL: one GIN index over the stored `tsv` per kind of record, beside the index over every row (0004).

A search narrowed to one kind — every group of the results page, its counts and a kind's own pages — then reads
the matches of that kind only: through the index of every row, a word common among measures makes a search of
problems build a bitmap of all its measures first and throw them away row by row (a province's 4 million measures
and progress reports lie beside its million problems). The planner picks the kind's index by itself, as the
query's `kind = '…'` implies the index's predicate. Nothing changes on SQLite or MariaDB.
"""

from django.db import migrations

KINDS = ["problem", "measure", "progress", "topic", "visit", "matter", "institution", "material"]


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for kind in KINDS:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS search_tsv_{kind} ON search_searchentry "
                              f"USING GIN (tsv) WHERE kind = '{kind}'")


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in KINDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS search_tsv_{kind}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_stored_tsvector")]

    operations = [migrations.RunPython(_forward, _backward)]
