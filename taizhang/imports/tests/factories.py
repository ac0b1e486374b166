"""Rows for the imports app's tests and permission matrix."""

from taizhang.imports.tests.builders import xlsx_bytes

HEAD = ["序号", "责任单位", "问题类别", "问题", "整改措施", "责任领导", "整改时限", "督导组意见"]
ROWS = [
    [1, "东县县委", "理论学习", "学习不够系统", "1. 制定计划\n2. 每月研讨", "张某某", "2026年12月底", "抓得较实"],
    [None, None, None, None, "建立学习台账", None, None, None],
    [2, "东镇党委", "工作作风", "会议偏多", "精简会议", "county_leader", "长期坚持", None],
]


def ledger_bytes(*rows) -> bytes:
    return xlsx_bytes([["东县主题教育整改台账"], HEAD, *(rows or ROWS)])


def matrix_batch(w):
    """A checked batch uploaded by county_office in K1 with one bad row (so it has an error report)."""
    from taizhang.imports.services import batch_upload

    bad = [3, "远县县委", "理论学习", "越权", "措施", "", "2026-12-01", None]
    return batch_upload(actor=w.county_office, kind="problems", campaign=w.campaign(), unit=w.unit("K1"),
                        data=ledger_bytes(*ROWS, bad), filename="台账.xlsx", partial=True)


def matrix_job(w):
    """A finished export job of county_office."""
    from taizhang.imports.models import ExportJob
    from taizhang.imports.services import export_job_execute

    job = ExportJob.objects.create(campaign=w.campaign(), unit=w.unit("K1"), created_by=w.county_office)
    export_job_execute(job.pk)
    return job
