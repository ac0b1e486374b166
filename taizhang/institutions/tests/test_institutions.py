"""Registering and editing institutions."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from taizhang.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from taizhang.institutions import services
from taizhang.institutions.tests.factories import make_institution


def test_a_duplicate_document_number_is_refused(world):
    make_institution(world)
    with pytest.raises(ValidationFailed, match="文号"):
        make_institution(world, title="另一个制度")


def test_an_executable_attachment_is_refused(world):
    with pytest.raises(ValidationFailed, match="类型不允许"):
        make_institution(world, upload=SimpleUploadedFile("rule.exe", b"MZ..."))


def test_an_inspector_cannot_register(world):
    with pytest.raises(PermissionDenied):
        services.institution_create(actor=world.inspector, campaign=world.campaign(), unit=world.unit("K1"),
                                    title="制度")


def test_the_second_editor_gets_a_conflict(world):
    inst = make_institution(world)
    services.institution_update(actor=world.county_office, institution=inst, expected_version=1, kind="revised")
    with pytest.raises(Conflict):
        services.institution_update(actor=world.county_clerk, institution=inst, expected_version=1, title="x")


def test_institutions_list_command(world, capsys):
    make_institution(world)
    call_command("institutions", "list", "--campaign", "test-campaign", "--unit", "K1", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1 and out["items"][0]["doc_number"] == "东办发〔2026〕12号"
