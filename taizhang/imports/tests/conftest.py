from __future__ import annotations

from pathlib import Path

import pytest

from taizhang.imports.tests.builders import write_ledger_xlsx


@pytest.fixture
def ledger_xlsx(tmp_path: Path) -> Path:
    return write_ledger_xlsx(tmp_path / "台账.xlsx")
