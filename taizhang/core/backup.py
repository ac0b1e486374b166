"""Backup and restore of a whole installation: the database and every stored file, in one archive.

    taizhang backup -o /backup/taizhang-2026-12-06.tar.gz [--json] [--portable]
    taizhang restore /backup/taizhang-2026-12-06.tar.gz [--json]

The archive (tar.gz) holds
- ``database/…`` — a consistent snapshot taken while the system runs: SQLite through its online backup API
  (``database/taizhang.sqlite3``); PostgreSQL through ``pg_dump`` and MariaDB/MySQL through ``mariadb-dump``
  (``--single-transaction``) when those tools are installed (``database/dump.sql``); otherwise, or with
  ``--portable``, Django's JSON serialisation of every table read inside one REPEATABLE READ transaction
  (``database/data.json``, which restores into any of the three databases);
- ``files/…`` — every file in the attachment store (evidence, attachments, imports, exports), whether the data
  directory's ``files/`` or an S3-compatible bucket (taizhang.core.storage), copied after
  the database snapshot (files are written before the rows that name them, so every file the snapshot names is
  there; a file uploaded meanwhile is merely extra);
- ``manifest.json`` — format, taizhang/Django/Python versions, database vendor and method, the applied
  migrations, the number of rows per table (portable and SQLite snapshots) and the size and SHA-256 of every
  member.

Restore goes only into an empty installation (no row in any taizhang table, no stored file): it checks every
checksum and that this code knows every migration the backup was made with before it changes anything, loads
the database, copies the files, and applies the migrations this code has beyond the backup's.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from taizhang.core import storage
from taizhang.core.exceptions import TaizhangError

FORMAT = "taizhang-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/taizhang.sqlite3"
DUMP_MEMBER = "database/dump.sql"
JSON_MEMBER = "database/data.json"
# Rows that describe a running system rather than its records are not carried over, nor those every
# installation's migrations make (content types and permissions, referred to by their natural keys).
SKIPPED_MODELS = {"sessions.session", "contenttypes.contenttype", "auth.permission"}
# Tables the migrations fill (the holiday calendar): an installation with only these rows is empty.
SEEDED_MODELS = {"ledger.calendarday", "stats.celllock"}


class BackupError(TaizhangError):
    pass


class PreciseJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; the audit chain hashes them to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("taizhang")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        out.setdefault(app, []).append(name)
    return out


def dumped_models() -> list:
    """Every concrete model whose rows a backup carries, in an order that loads (dependencies first)."""
    from django.core.serializers import sort_dependencies

    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    return [m for m in sort_dependencies(app_list, allow_cycles=True)
            if m._meta.label_lower not in SKIPPED_MODELS and not m._meta.proxy and m._meta.managed]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.using(connection.alias).count() for m in dumped_models()}


# --- backup -----------------------------------------------------------------------------------------------------

def _tool(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _db_settings() -> dict:
    return connection.settings_dict


def _snapshot_sqlite(work: Path) -> dict:
    target = work / SQLITE_MEMBER
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(_db_settings()["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # the online backup API: a consistent copy while others read and write
    finally:
        source.close()
    try:
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {m._meta.label_lower: copy.execute(f'SELECT COUNT(*) FROM "{m._meta.db_table}"').fetchone()[0]
                  for m in dumped_models() if m._meta.db_table in tables}
    finally:
        copy.close()
    return {"method": "sqlite-online-backup", "member": SQLITE_MEMBER, "counts": counts}


def _pg_env(db: dict) -> tuple[list[str], dict]:
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432),
            "-U", str(db.get("USER") or "postgres")]
    return args, env


def _my_args(db: dict) -> list[str]:
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-P", str(db.get("PORT") or 3306),
            "-u", str(db.get("USER") or "root"), "--protocol=TCP"]
    if db.get("PASSWORD"):
        args.append(f"--password={db['PASSWORD']}")
    return args


def _run(command: list[str], *, env=None, stdin=None, stdout=None, what: str) -> None:
    result = subprocess.run(command, env=env, stdin=stdin, stdout=stdout or subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=False)
    if result.returncode != 0:
        tail = result.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise BackupError(f"{what}失败：{' '.join(tail) or f'退出码 {result.returncode}'}")


def _snapshot_dump(work: Path, vendor: str) -> dict:
    db = _db_settings()
    target = work / DUMP_MEMBER
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        if vendor == "postgresql":
            args, env = _pg_env(db)
            # One snapshot of the whole database (pg_dump runs in one REPEATABLE READ transaction); --clean so the
            # dump replaces the tables `taizhang migrate` made in an empty installation.
            _run([_tool("pg_dump"), *args, "--no-owner", "--no-privileges", "--clean", "--if-exists",
                  "--exclude-table-data=django_session", db["NAME"]], env=env, stdout=out, what="pg_dump ")
        else:
            _run([_tool("mariadb-dump", "mysqldump"), *_my_args(db), "--single-transaction", "--quick",
                  "--routines", "--default-character-set=utf8mb4", "--ignore-table-data",
                  f"{db['NAME']}.django_session", db["NAME"]], stdout=out, what="mariadb-dump ")
    return {"method": "pg_dump" if vendor == "postgresql" else "mariadb-dump", "member": DUMP_MEMBER, "counts": None}


def _snapshot_portable(work: Path) -> dict:
    target = work / JSON_MEMBER
    target.parent.mkdir(parents=True, exist_ok=True)
    models = dumped_models()
    with transaction.atomic():
        if connection.vendor in ("postgresql", "mysql"):
            # Every table read as of the same moment while others keep writing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = {}
        with open(target, "w", encoding="utf-8") as out:
            out.write("[")
            first = True
            for model in models:
                rows = model._default_manager.using(connection.alias).order_by(model._meta.pk.name)
                counts[model._meta.label_lower] = 0
                text = serializers.serialize("json", rows.iterator(chunk_size=2000), use_natural_foreign_keys=True,
                                             cls=PreciseJSONEncoder)
                body = text.strip()[1:-1].strip()
                if body:
                    out.write(("" if first else ",") + "\n" + body)
                    first = False
                    counts[model._meta.label_lower] = rows.count()
            out.write("\n]\n")
    return {"method": "django-json", "member": JSON_MEMBER, "counts": counts}


def stored_files() -> list[str]:
    """The names of every file in the attachment store (the data directory's files/ or the object store)."""
    return list(storage.walk())


def _add_stored(archive: tarfile.TarFile, name: str, work: Path) -> tuple[str, int]:
    """Copy one stored file into the archive as files/<name> (through a local copy, so an object store's file is
    read once and its checksum is that of the bytes archived)."""
    local = work / "stored-file"
    with storage.open_read(name) as source, open(local, "wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
    try:
        archive.add(local, arcname=f"files/{name}")
        return _sha256(local), local.stat().st_size
    finally:
        local.unlink()


def backup(output: Path, *, portable: bool = False) -> dict:
    output = Path(output)
    if output.exists():
        raise BackupError(f"文件 {output} 已存在：备份不会覆盖已有文件，请换一个文件名")
    if not output.parent.is_dir():
        raise BackupError(f"目录 {output.parent} 不存在")
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="taizhang-backup-") as tmp:
        work = Path(tmp)
        migrations = applied_migrations()
        if portable:
            database = _snapshot_portable(work)
        elif vendor == "sqlite":
            database = _snapshot_sqlite(work)
        elif vendor == "postgresql" and _tool("pg_dump"):
            database = _snapshot_dump(work, vendor)
        elif vendor == "mysql" and _tool("mariadb-dump", "mysqldump"):
            database = _snapshot_dump(work, vendor)
        else:
            database = _snapshot_portable(work)
        db_path = work / database["member"]
        members = [{"path": database["member"], "size": db_path.stat().st_size, "sha256": _sha256(db_path)}]
        partial = output.with_name(output.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(db_path, arcname=database["member"])
                for name in stored_files():
                    try:
                        digest, size = _add_stored(archive, name, work)
                    except FileNotFoundError:
                        continue  # removed since it was listed
                    members.append({"path": f"files/{name}", "size": size, "sha256": digest})
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION,
                    "created_at": django.utils.timezone.now().isoformat(),
                    "taizhang_version": _version(), "django_version": django.get_version(),
                    "python_version": platform.python_version(),
                    "database": {"vendor": vendor, "method": database["method"], "member": database["member"]},
                    "migrations": migrations, "counts": database["counts"], "members": members,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    files = [m for m in members if m["path"].startswith("files/")]
    return {"ok": True, "file": str(output), "size": output.stat().st_size, "database": manifest["database"],
            "files": len(files), "files_bytes": sum(m["size"] for m in files),
            "rows": sum((database["counts"] or {}).values()) if database["counts"] else None,
            "migrations": sum(len(v) for v in migrations.values())}


# --- restore ----------------------------------------------------------------------------------------------------

def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("文件不是 taizhang 备份（缺少 manifest.json）") from None
    try:
        manifest = json.loads(archive.extractfile(member).read())
    except ValueError:
        raise BackupError("备份的 manifest.json 已损坏") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("文件不是 taizhang 备份")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError("备份格式比本版本 taizhang 新，请使用更新的版本恢复")
    return manifest


def _extract_verified(archive: tarfile.TarFile, manifest: dict, work: Path) -> None:
    """Extract every member the manifest lists into `work`, checking size and SHA-256; nothing else."""
    listed = {m["path"]: m for m in manifest["members"]}
    for path, entry in listed.items():
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or pure.parts[0] not in ("database", "files"):
            raise BackupError(f"备份中的路径「{path}」不安全，已拒绝")
        try:
            member = archive.getmember(path)
        except KeyError:
            raise BackupError(f"备份不完整：缺少「{path}」") from None
        if not member.isfile():
            raise BackupError(f"备份中的「{path}」不是文件")
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with archive.extractfile(member) as source, open(target, "wb") as out:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != entry["sha256"] or target.stat().st_size != entry["size"]:
            raise BackupError(f"校验失败：备份中的「{path}」与清单记录的校验值不符，备份已损坏，未作任何恢复")


def _table_names() -> set[str]:
    return set(connection.introspection.table_names())


def installation_contents() -> dict[str, int]:
    """Rows in this installation's own tables (taizhang apps and users) and stored files; empty when nothing."""
    tables = _table_names()
    found = {}
    for model in dumped_models():
        if not model._meta.app_config.name.startswith("taizhang.") or model._meta.label_lower in SEEDED_MODELS:
            continue
        if model._meta.db_table in tables:
            count = model._default_manager.using(connection.alias).count()
            if count:
                found[model._meta.verbose_name] = count
    files = len(stored_files())
    if files:
        found["已存储的文件"] = files
    return found


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
               if (app, name) not in known]
    if unknown:
        shown = "、".join(unknown[:5]) + ("等" if len(unknown) > 5 else "")
        raise BackupError(f"备份来自更新版本的 taizhang（含本版本没有的数据库迁移：{shown}），"
                          "请使用与备份相同或更新的版本恢复")


def _migrate_to_backup_state(manifest: dict) -> None:
    """Bring the schema to exactly the backup's migrations (portable restore): each app to its last migration
    in the backup, forwards from nothing or backwards from a newer schema."""
    loader = MigrationLoader(connection)
    for app, names in manifest["migrations"].items():
        applied = set(names)
        for name in names:
            node = loader.graph.node_map.get((app, name))
            if node is not None and not any(child.key[0] == app and child.key[1] in applied for child in node.children):
                call_command("migrate", app, name, verbosity=0, interactive=False)


def _load_portable(path: Path) -> None:
    models = set()
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            # The installation is empty but for what its migrations seeded: the backup's rows replace those.
            with connection.cursor() as cursor:
                for model in reversed(dumped_models()):
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
            deferred = []
            # Saved as they are read: a natural key (a user's name) is looked up among the rows saved before it.
            with open(path, encoding="utf-8") as handle:
                for obj in serializers.deserialize("json", handle, handle_forward_references=True):
                    models.add(type(obj.object))
                    obj.save()
                    if obj.deferred_fields:
                        deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields()
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
        sql = connection.ops.sequence_reset_sql(no_style(), list(models))
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)


def _load_dump(path: Path, method: str) -> None:
    db = _db_settings()
    if method == "pg_dump":
        if not _tool("psql"):
            raise BackupError("恢复 PostgreSQL 备份需要 psql（postgresql-client），请先安装")
        args, env = _pg_env(db)
        with open(path, "rb") as dump:
            _run([_tool("psql"), *args, "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", db["NAME"]],
                 env=env, stdin=dump, what="psql 导入")
    else:
        client = _tool("mariadb", "mysql")
        if not client:
            raise BackupError("恢复 MariaDB 备份需要 mariadb 客户端，请先安装")
        with open(path, "rb") as dump:
            _run([client, *_my_args(db), "--default-character-set=utf8mb4", db["NAME"]], stdin=dump,
                 what="mariadb 导入")


def _load_sqlite(path: Path) -> None:
    connection.close()
    source = sqlite3.connect(path)
    target = sqlite3.connect(_db_settings()["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def restore(archive_path: Path) -> dict:
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"备份文件 {archive_path} 不存在")
    try:
        archive = tarfile.open(archive_path, "r:*")
    except (tarfile.TarError, OSError):
        raise BackupError(f"{archive_path} 不是可读取的备份文件（tar.gz）") from None
    with archive, tempfile.TemporaryDirectory(prefix="taizhang-restore-") as tmp:
        manifest = _read_manifest(archive)
        method = manifest["database"]["method"]
        vendor = connection.vendor
        if method == "sqlite-online-backup" and vendor != "sqlite":
            raise BackupError("该备份是 SQLite 数据库文件，只能恢复到 SQLite；换数据库请用 backup --portable 生成的备份")
        if method == "pg_dump" and vendor != "postgresql" or method == "mariadb-dump" and vendor != "mysql":
            raise BackupError(f"该备份由 {method} 生成，只能恢复到同类数据库；换数据库请用 backup --portable 生成的备份")
        _check_migrations(manifest)
        contents = installation_contents()
        if contents:
            shown = "、".join(f"{name} {count} 条" for name, count in list(contents.items())[:4])
            raise BackupError(f"当前安装不是空的（已有{shown}），恢复只能在空的安装中进行，以免覆盖现有数据："
                              "请使用新的数据库和数据目录后再恢复")
        work = Path(tmp)
        _extract_verified(archive, manifest, work)  # every checksum before any change
        member = work / manifest["database"]["member"]
        if method == "sqlite-online-backup":
            _load_sqlite(member)
        elif method == "django-json":
            _migrate_to_backup_state(manifest)
            _load_portable(member)
        else:
            _load_dump(member, method)
        connection.close()
        restored = applied_migrations()
        if restored != manifest["migrations"]:
            raise BackupError("恢复后的数据库迁移状态与备份清单不符，恢复结果不可信，请检查数据库后重试")
        files = [m for m in manifest["members"] if m["path"].startswith("files/")]
        for entry in files:
            with open(work / entry["path"], "rb") as source:
                storage.replace(entry["path"][len("files/"):], source)
    before = sum(len(v) for v in restored.values())
    call_command("migrate", verbosity=0, interactive=False)
    after = sum(len(v) for v in applied_migrations().values())
    return {"ok": True, "file": str(archive_path), "database": manifest["database"],
            "created_at": manifest["created_at"], "taizhang_version": manifest["taizhang_version"],
            "rows": sum(row_counts().values()), "files": len(files), "migrations_applied_after": after - before}
