"""Background work of 查重 (huey): the check of one material. Thin: the work is in services.py."""

from huey.contrib.djhuey import db_task


@db_task()
def material_check_task(material_id: int) -> None:
    from taizhang.similarity.services import material_check_failed, material_check_run

    try:
        material_check_run(material_id)
    except Exception as exc:  # noqa: BLE001 - the result records the failure; the material's page shows it
        material_check_failed(material_id, f"查重失败：{type(exc).__name__}: {exc}")
        raise
