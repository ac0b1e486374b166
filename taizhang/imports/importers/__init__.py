"""One importer per sheet kind; `run_import` drives them (see base.py)."""

from .base import ImportRefused, ImportResult, importer_for, run_import, workbook_sheets

__all__ = ["ImportRefused", "ImportResult", "importer_for", "run_import", "workbook_sheets"]
