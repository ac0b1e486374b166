"""Pure-Python reading of officials' spreadsheets into clean records (no Django here).

    sheets = read_workbook(data, "台账.xlsx")
    mapping = detect_header(sheets[0])          # show / let the user correct: mapping.with_fields
    result = parse_ledger(sheets[0], mapping)   # records, row errors, skipped rows
"""

from .dates import Deadline, parse_deadline
from .errors import ParseError, RowError, SheetError
from .headers import (
    PROBLEM_FIELDS,
    UNIT_FIELDS,
    USER_FIELDS,
    Column,
    HeaderMapping,
    detect_header,
    match_field,
)
from .ledger import (
    LedgerRecord,
    LedgerResult,
    Record,
    RecordsResult,
    Section,
    SkippedRow,
    SubItem,
    parse_ledger,
    parse_records,
)
from .measures import split_measures
from .reader import DEFAULT_LIMITS, Limits, Row, Sheet, read_workbook

__all__ = [
    "DEFAULT_LIMITS",
    "PROBLEM_FIELDS",
    "UNIT_FIELDS",
    "USER_FIELDS",
    "Column",
    "Deadline",
    "HeaderMapping",
    "LedgerRecord",
    "LedgerResult",
    "Limits",
    "ParseError",
    "Record",
    "RecordsResult",
    "Row",
    "RowError",
    "Section",
    "Sheet",
    "SheetError",
    "SkippedRow",
    "SubItem",
    "detect_header",
    "match_field",
    "parse_deadline",
    "parse_ledger",
    "parse_records",
    "read_workbook",
    "split_measures",
]
