"""Excel output of every list that has an importer: the ledger (problems.py) and the one-row-per-record kinds
(records.py), all in the shared sheet layout (layout.py), each re-importable by its kind's importer."""

from .problems import export_problems
from .records import EXPORTS, RecordExport, export_records

# kind → what the file is called ("{campaign}{label}{date}.xlsx")
KIND_LABELS = {"problems": "整改台账", **{kind: cls.label for kind, cls in EXPORTS.items()}}

__all__ = ["EXPORTS", "KIND_LABELS", "RecordExport", "export_problems", "export_records"]
