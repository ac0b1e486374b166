"""What an upgrade will do to the database, before it is done (`taizhang upgrade-check`).

An upgrade installs the new release's code and runs `taizhang migrate`. Whether the app servers of the old release
may keep serving while the migrations run (a rolling upgrade with no downtime) depends on the migrations: an
*additive* change — a new table, a new column the old code need not fill, a new index — leaves every query of the
old code valid. Anything else — a removed or renamed column or table, a changed type, a new column that must be
filled, a data migration — may break the old code mid-way, so those upgrades stop the app servers first
(docs/deployment.md, 「升级」).
"""

from __future__ import annotations

from django.db import connection, migrations
from django.db.migrations.executor import MigrationExecutor
from django.db.models import NOT_PROVIDED

ADDITIVE = (migrations.CreateModel, migrations.AddIndex, migrations.AddConstraint, migrations.AlterModelOptions,
            migrations.AlterModelManagers)


def classify(operation) -> tuple[bool, str]:
    """(safe while the old release runs, why) for one migration operation."""
    name = type(operation).__name__
    if isinstance(operation, ADDITIVE):
        return True, {"CreateModel": "新建数据表", "AddIndex": "新建索引", "AddConstraint": "新增约束",
                      }.get(name, "只改模型说明，不改数据库")
    if isinstance(operation, migrations.AddField):
        field = operation.field
        if field.null or field.db_default is not NOT_PROVIDED or field.many_to_many:
            return True, f"新增字段 {operation.model_name}.{operation.name}（可为空或有数据库默认值）"
        return False, f"新增必填字段 {operation.model_name}.{operation.name}：旧版本写入时不会填写它"
    if isinstance(operation, migrations.RunSQL | migrations.RunPython):
        return False, "数据迁移：执行期间数据在变化，需停止应用服务"
    if isinstance(operation, migrations.SeparateDatabaseAndState):
        parts = [classify(op) for op in operation.database_operations]
        bad = [why for ok, why in parts if not ok]
        return (not bad, "；".join(bad) if bad else "只改模型状态或新增")
    reasons = {"RemoveField": "删除字段", "DeleteModel": "删除数据表", "RenameField": "字段改名",
               "RenameModel": "数据表改名", "AlterField": "修改字段定义", "RemoveIndex": "删除索引",
               "RemoveConstraint": "删除约束", "AlterUniqueTogether": "修改唯一约束",
               "AlterIndexTogether": "修改联合索引", "AlterModelTable": "数据表改名"}
    return False, f"{reasons.get(name, name)}：旧版本可能依赖原来的结构"


def _writes_sql(executor, migration, index: int) -> bool:
    """Whether operation `index` of `migration` changes the database at all (an AlterField of choices or a label
    does not), found as `sqlmigrate` finds it: the SQL it would run, collected, never executed."""
    state = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        for i, op in enumerate(migration.operations[: index + 1]):
            new_state = state.clone()
            op.state_forwards(migration.app_label, new_state)
            if i == index:
                op.database_forwards(migration.app_label, editor, state, new_state)
            state = new_state
        return any(line.strip() and not line.lstrip().startswith("--") for line in editor.collected_sql)


def _model_key(migration, op) -> tuple[str, str] | None:
    name = getattr(op, "model_name", None) or getattr(op, "name", None)
    return (migration.app_label, name.lower()) if isinstance(name, str) else None


def pending() -> list[dict]:
    """The migrations `taizhang migrate` would apply now, in order, each with its operations classified. Anything
    done to a table created by the same upgrade is safe: the old release does not know that table."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    created: set[tuple[str, str]] = set()
    out = []
    for migration, backwards in plan:
        if backwards:
            continue
        ops = []
        for index, op in enumerate(migration.operations):
            key = _model_key(migration, op)
            if isinstance(op, migrations.CreateModel):
                created.add(key)
            if key in created and not isinstance(op, migrations.CreateModel | migrations.RunSQL | migrations.RunPython):
                safe, why = True, f"本次升级新建的数据表 {key[1]}"
            else:
                safe, why = classify(op)
                if not safe and not isinstance(op, migrations.RunSQL | migrations.RunPython | migrations.AddField) \
                        and not _writes_sql(executor, migration, index):
                    safe, why = True, "只改模型说明（如选项名称），不改数据库"
            ops.append({"safe": safe, "why": why})
        out.append({"migration": f"{migration.app_label}.{migration.name}", "safe": all(o["safe"] for o in ops),
                    "operations": ops})
    return out


def upgrade_check() -> dict:
    steps = pending()
    unsafe = [s for s in steps if not s["safe"]]
    return {"ok": True, "pending": len(steps), "rolling": not unsafe, "migrations": steps}
