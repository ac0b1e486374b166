"""PostgreSQL: the tokens' tsvector stored in a generated column `tsv` and indexed, instead of an index on the
expression to_tsvector('simple', tokens) — a match then rechecks the stored vector of each hit rather than parsing
every hit's tokens again (about half the time of a search with a thousand hits). Django's model does not know the
column; PostgreSQL writes it on every INSERT and UPDATE of `tokens`. Nothing changes on SQLite or MariaDB.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (tsv)",
    "DROP INDEX IF EXISTS search_entry_fts",
]
BACKWARD = [
    "CREATE INDEX search_entry_fts ON search_searchentry USING GIN (to_tsvector('simple', tokens))",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_covering_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
