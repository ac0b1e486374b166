"""Excel output of every list that has an importer: the ledger (problems.py) and the one-row-per-record kinds
(records.py), all in the shared sheet layout (layout.py), each re-importable by its kind's importer."""

from .problems import export_problems

__all__ = ["export_problems"]
