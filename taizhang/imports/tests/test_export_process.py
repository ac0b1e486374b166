"""A large ledger export reads its rows in a second process while this one writes the sheet; the file is the same
as one written by a single process."""

from __future__ import annotations

import subprocess

from python_calamine import CalamineWorkbook

from taizhang.core.producer import in_memory_database
from taizhang.imports.export import export_problems
from taizhang.imports.export import problems as export_module
from taizhang.ledger.tests import factories as F


def cells(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_the_second_process_writes_the_same_sheet_as_one_process(committed_world, tmp_path, settings, monkeypatch):
    assert not in_memory_database()
    world = committed_world
    for i in range(7):
        F.problem(world, ("K1", "V1")[i % 2], title=f"分进程导出的问题{i}", extra={"备注": f"第{i}条"},
                  leader=world.user("county_leader") if i % 2 else None)
    started = []
    popen = subprocess.Popen

    def spy(*args, **kwargs):
        started.append(args[0])
        return popen(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)
    monkeypatch.setattr(export_module, "HEAD", 3)  # 3 rows prepared here, the other 4 in the second process

    settings.EXPORT_PROCESS_ROWS = 0
    assert export_problems(user=world.county_office, campaign=world.campaign(), path=tmp_path / "one.xlsx") == 7
    assert started == []
    settings.EXPORT_PROCESS_ROWS = 5
    assert export_problems(user=world.county_office, campaign=world.campaign(), path=tmp_path / "two.xlsx") == 7
    assert len(started) == 1
    one, two = cells(tmp_path / "one.xlsx"), cells(tmp_path / "two.xlsx")
    assert two == one
    assert [r[5] for r in two[3:]] == [f"分进程导出的问题{i}" for i in range(7)]
    assert "第6条" in two[-1]
