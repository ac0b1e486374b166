"""Errors raised or reported while turning spreadsheets into records.

Messages are in Chinese because they are shown to the officials who typed the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SheetError(Exception):
    """The whole file cannot be read (wrong type, damaged, encrypted, too large...)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ParseError(ValueError):
    """One cell value cannot be understood (e.g. an unrecognisable date)."""

    def __init__(self, message: str, value: Any = None):
        super().__init__(message)
        self.message = message
        self.value = value


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one row; the row is reported, never raised."""

    row: int  # Excel row number as the user sees it (1-based)
    column_header: str | None
    value: Any
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行"
        if self.column_header:
            where += f"「{self.column_header}」"
        return f"{where}: {self.message}"


def show_value(value: Any, limit: int = 30) -> str:
    """Short printable form of a cell value for use inside an error message."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
