"""Excel output of every list that has an importer: the ledger (problems.py) and the one-row-per-record kinds
(records.py), all in the shared sheet layout (layout.py), each re-importable by its kind's importer."""

import datetime as dt

from django.utils import timezone

from taizhang.imports.models import EXPORT_KINDS

from .problems import export_problems
from .records import EXPORTS, RecordExport, export_records

KIND_LABELS = dict(EXPORT_KINDS)


def export_filename(kind: str, campaign=None, at: dt.datetime | None = None) -> str:
    """The download's name: 「测试主题教育调研课题20261128.xlsx」, 「组织单位20261128.xlsx」."""
    day = timezone.localtime(at) if at is not None else timezone.localtime()
    return f"{campaign.name if campaign is not None else ''}{KIND_LABELS[kind]}{day:%Y%m%d}.xlsx"


__all__ = ["EXPORTS", "KIND_LABELS", "RecordExport", "export_filename", "export_problems", "export_records"]
