"""The database's own full-text index over SearchEntry.tokens (space-separated jieba tokens).

SQLite: an external-content FTS5 table `search_fts` kept by triggers. PostgreSQL: a GIN index on
to_tsvector('simple', tokens) (the 'simple' configuration keeps every token as it is). MariaDB/MySQL: nothing
here — InnoDB's FULLTEXT parser ignores words shorter than innodb_ft_min_token_size (3), which is most Chinese
words, so searches there read the SearchToken table.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_searchentry', content_rowid='id')",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
         INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
         INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF tokens ON search_searchentry BEGIN
         INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);
         INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS search_fts_update", "DROP TRIGGER IF EXISTS search_fts_delete",
               "DROP TRIGGER IF EXISTS search_fts_insert", "DROP TABLE IF EXISTS search_fts"]
POSTGRES = ["CREATE INDEX search_entry_fts ON search_searchentry USING GIN (to_tsvector('simple', tokens))"]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_entry_fts"]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})),
    ]
