"""撤销导入: a ledger import of the wrong file is taken back as a whole while nobody has worked on its problems;
the command line's imports are batches too, so they can be taken back the same way."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.dossier.services import visit_link_problems
from taizhang.imports import services
from taizhang.imports.models import BatchStatus, ImportBatch
from taizhang.imports.tests.factories import ROWS, ledger_bytes
from taizhang.ledger.models import Measure, Problem
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.research.tests.factories import make_visit


def imported(world, *rows, data=None) -> ImportBatch:
    batch = services.batch_upload(actor=world.county_office, kind="problems", campaign=world.campaign(),
                                  unit=world.unit("K1"), data=data or ledger_bytes(*rows), filename="台账.xlsx")
    batch = services.batch_confirm(actor=world.county_office, batch=batch)
    assert batch.status == BatchStatus.DONE
    return batch


def test_an_untouched_import_is_taken_back_from_the_batch_page(login, world):
    typed = make_problem(world, "K1", title="在系统里录入的问题")
    batch = imported(world)
    assert Problem.objects.filter(origin_kind="import", origin_ref=str(batch.pk)).count() == 2
    client = login("county_office")
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "撤销本次导入" in page and "将删除本批次新增的 2 个问题" in page
    response = client.post(reverse("imports:undo", args=[batch.pk]), follow=True)
    assert "已撤销：删除本批次新增的 2 个问题及其整改措施" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert list(Problem.objects.all()) == [typed] and not Measure.objects.exclude(problem=typed).exists()
    event = AuditEvent.objects.get(action="import.undo")
    assert event.changes["count"] == 2 and event.object_id == str(batch.pk)
    assert "撤销本次导入</button>" not in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    with pytest.raises(ValidationFailed, match="只有已导入"):
        services.batch_undo(actor=world.county_office, batch=batch)


def test_a_large_import_written_in_bulk_is_taken_back_too(world, settings):
    settings.IMPORT_PER_RECORD_LIMIT = 0
    batch = imported(world)
    services.batch_undo(actor=world.county_office, batch=batch)
    assert not Problem.objects.exists() and not Measure.objects.exists()


@pytest.mark.parametrize("work", ["edited", "measure_added", "linked_to_a_visit"])
def test_once_someone_works_on_a_problem_the_import_is_not_taken_back(world, work):
    from taizhang.ledger.services import measure_add, problem_update

    batch = imported(world)
    first = Problem.objects.get(origin_ref=str(batch.pk), seq=1)
    if work == "edited":
        problem_update(actor=world.county_office, problem=first, expected_version=1, title="学习不够系统（改）")
    elif work == "measure_added":
        measure_add(actor=world.county_office, problem=first, text="补充一条措施")
    else:
        visit_link_problems(actor=world.county_office, visit=make_visit(world), problems=[first])
    with pytest.raises(ValidationFailed, match=f"^问题 {first.number} 已开始办理"):
        services.batch_undo(actor=world.county_office, batch=batch)
    assert Problem.objects.count() == 2 and ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE


def test_a_batch_that_updated_problems_is_not_taken_back(world):
    imported(world)
    changed = [row[:] for row in ROWS]
    changed[0][6] = "2026年11月底"
    again = imported(world, data=ledger_bytes(*changed))
    assert again.updated == 1
    with pytest.raises(ValidationFailed, match="更新了 1 个已有问题"):
        services.batch_undo(actor=world.county_office, batch=again)


def test_only_those_who_may_record_problems_in_every_unit_of_the_batch_take_it_back(world):
    batch = imported(world)
    with pytest.raises(PermissionDenied, match="不能撤销"):
        services.batch_undo(actor=world.township_office, batch=batch)  # 东镇's office; the batch has 东县's too
    assert Problem.objects.count() == 2


def test_the_command_line_records_its_import_as_a_batch_that_can_be_taken_back(world, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger_bytes())
    call_command("import", "problems", str(path), "--campaign", "test-campaign", "--json")
    assert json.loads(capsys.readouterr().out) == {"rows": 2, "created": 2, "updated": 0, "skipped": 0, "errors": []}
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created, batch.filename, batch.unit.code) == (BatchStatus.DONE, 2, "台账.xlsx", "P")
    assert services.batch_data(batch) == path.read_bytes()
    assert AuditEvent.objects.filter(action="import.batch", object_id=str(batch.pk)).exists()
    call_command("import", "problems", str(path), "--campaign", "test-campaign", "--json", "--dry-run")
    assert ImportBatch.objects.count() == 1  # a dry run records nothing
    services.batch_undo(actor=None, batch=batch)
    assert not Problem.objects.exists()


def test_a_batch_whose_problems_carry_no_batch_is_not_offered_nor_taken_back(login, world):
    """Batches imported before problems were tagged with their batch: nothing to recognise them by."""
    batch = imported(world)
    Problem.objects.update(origin_kind="", origin_ref="")
    page = login("county_office").get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "撤销本次导入" not in page
    with pytest.raises(ValidationFailed, match="找不到本批次新增的问题"):
        services.batch_undo(actor=world.county_office, batch=batch)
    assert Problem.objects.count() == 2 and ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE
