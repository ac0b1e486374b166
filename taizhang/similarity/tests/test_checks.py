"""查重 in the product: every submission is checked against the campaign's materials and the reference corpus,
on demand too; results keep their sources and passages, and a viewer sees only the sources in their scope."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.similarity import selectors, services
from taizhang.similarity.models import CheckSource, MaterialCheck, MaterialFingerprint, ReferenceDocument
from taizhang.similarity.tests import disguises
from taizhang.similarity.tests.samples import HONEST_A, HONEST_B, SOURCE


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_disguised_copy_is_reported_as_a_copy_of_its_source_with_passages(world, submit):
    source = submit("V2", SOURCE, title="南村经验")
    copy = submit("V1", disguises.all_combined(SOURCE), title="东村经验")
    report = selectors.report_for(world.county_office, copy)
    assert report.score >= 0.8 and not report.check.pending
    assert [s.material_id for s in report.sources] == [source.pk]
    passages = report.sources[0].passages
    assert any(p["b"]["text"].startswith("三、议事协商") for p in passages)
    assert all(p["b"]["text"] in SOURCE for p in passages)  # the source's own words, side by side with the copy's
    # the earlier original shows its later copy too
    back = selectors.report_for(world.county_office, source)
    assert [s.material_id for s in back.sources] == [copy.pk] and back.score >= 0.8
    assert MaterialFingerprint.objects.filter(material=copy).count() > 20


def test_two_honest_materials_on_the_same_theme_are_not_paired(world, submit):
    submit("V2", HONEST_A)
    honest = submit("V1", HONEST_B)
    report = selectors.report_for(world.county_office, honest)
    assert report.sources == [] and report.score == 0.0 and report.check.checked_at is not None


def test_materials_of_another_campaign_are_not_compared(world, submit):
    submit("V5", SOURCE, campaign="k3-campaign", author="outsider_office")
    mine = submit("V1", SOURCE)
    assert selectors.report_for(world.county_office, mine).sources == []


def test_a_source_outside_the_viewers_scope_never_appears(world, submit):
    """The copy in 东县 (K1) matches a material of 中县 (K2): the province office sees it, the county office of 东县
    neither as a source, nor in the passages, nor in the share."""
    other_county = submit("V4", SOURCE, author="province_office", title="中村经验")
    copy = submit("V1", disguises.numbers_to_x(SOURCE))
    assert MaterialCheck.objects.get(material=copy).score >= 0.9  # stored over all sources
    province = selectors.report_for(world.province_office, copy)
    assert [s.material_id for s in province.sources] == [other_county.pk] and province.score >= 0.9
    county = selectors.report_for(world.county_office, copy)
    assert county.sources == [] and county.score == 0.0
    rows = selectors.check_list(world.county_office, world.campaign())
    assert [m.pk for m, _ in rows] == [copy.pk] and rows[0][1].sources == []


def test_a_confidential_material_is_a_source_only_for_those_who_may_read_it(world, submit):
    review = submit("V1", SOURCE, author="member", genre="self_review", title="个人对照检查材料")
    copy = submit("V2", disguises.paragraphs_reordered(SOURCE))
    assert [s.material_id for s in selectors.report_for(world.township_office, copy).sources] == [review.pk]
    assert selectors.report_for(world.county_office, copy).sources == []


def test_the_check_list_puts_the_highest_share_first(world, submit):
    submit("V2", SOURCE, title="原文")
    honest = submit("V1", HONEST_A, title="诚实")
    copy = submit("V1", disguises.names_to_placeholders(SOURCE), title="抄袭")
    rows = selectors.check_list(world.county_office, world.campaign())
    titles = [m.title for m, _ in rows]
    assert titles[:2] in (["抄袭", "原文"], ["原文", "抄袭"]) and titles[-1] == "诚实"
    assert rows[0][1].score >= 0.8 and [r for m, r in rows if m.pk == honest.pk][0].score == 0.0
    assert copy.pk in [m.pk for m, _ in rows]


def test_a_check_on_demand_is_audited_and_runs_again(world, submit, django_capture_on_commit_callbacks):
    material = submit("V1", SOURCE)
    MaterialCheck.objects.filter(material=material).update(length=0, score=0.5)
    with django_capture_on_commit_callbacks(execute=True):
        services.material_check_request(actor=world.county_office, material=material)
    check = MaterialCheck.objects.get(material=material)
    assert check.length > 400 and check.score == 0.0 and not check.pending
    assert AuditEvent.objects.filter(action="similarity.request", object_id=str(material.pk)).exists()


def test_the_author_cannot_ask_for_a_check(world, submit):
    material = submit("V1", SOURCE, author="village_clerk")
    with pytest.raises(PermissionDenied):
        services.material_check_request(actor=world.village_clerk, material=material)
    assert not selectors.may_see_checks(world.village_clerk, material)


def test_the_office_checks_the_whole_campaign_again(world, submit, django_capture_on_commit_callbacks):
    first = submit("V1", SOURCE)
    MaterialCheck.objects.all().delete()
    MaterialFingerprint.objects.all().delete()
    second = submit("V2", disguises.numbers_to_x(SOURCE))
    assert selectors.report_for(world.county_office, second).sources == []  # the first had no fingerprints yet
    with django_capture_on_commit_callbacks(execute=True):
        count = services.campaign_check_request(actor=world.county_office, campaign=world.campaign())
    assert count == 2
    assert [s.material_id for s in selectors.report_for(world.county_office, second).sources] == [first.pk]
    assert AuditEvent.objects.filter(action="similarity.request_all").exists()


# --- reference corpus -------------------------------------------------------------------------------------

def _upload(world, name="范文.docx", data=None, unit="K1", actor="county_office"):
    upload = SimpleUploadedFile(name, data if data is not None else _docx(SOURCE))
    return services.reference_upload(actor=world.user(actor), unit=world.unit(unit), title="", upload=upload)


def test_a_material_copied_from_an_uploaded_reference_names_it(world, submit):
    reference = _upload(world)
    assert reference.title == "范文" and "议事协商" in reference.body and reference.file
    assert AuditEvent.objects.filter(action="similarity.reference_upload").exists()
    material = submit("V1", disguises.all_combined(SOURCE))
    report = selectors.report_for(world.county_office, material)
    assert [s.reference_id for s in report.sources] == [reference.pk] and report.score >= 0.8
    # a unit outside the reference's subtree is not compared with it
    elsewhere = submit("V4", SOURCE, author="province_office")
    assert all(s.reference_id is None for s in selectors.report_for(world.province_office, elsewhere).sources)


def test_deleting_a_reference_scores_its_materials_again(world, submit):
    reference = _upload(world, name="范文.txt", data=SOURCE.encode("gb18030"))
    material = submit("V1", disguises.numbers_to_x(SOURCE))
    assert MaterialCheck.objects.get(material=material).score >= 0.9
    services.reference_delete(actor=world.county_office, reference=reference)
    assert not ReferenceDocument.objects.exists() and not CheckSource.objects.exists()
    assert MaterialCheck.objects.get(material=material).score == 0.0
    assert AuditEvent.objects.filter(action="similarity.reference_delete").exists()


def test_an_unreadable_reference_is_refused_naming_the_file(world):
    with pytest.raises(ValidationFailed, match="坏文件.docx"):
        _upload(world, name="坏文件.docx", data=b"PK\x03\x04 not a real docx")
    assert not ReferenceDocument.objects.exists()


def test_only_offices_upload_references_and_see_their_own(world):
    with pytest.raises(PermissionDenied):
        _upload(world, actor="village_clerk", unit="V1")
    reference = _upload(world)
    assert list(selectors.references_visible(world.county_office)) == [reference]
    assert list(selectors.references_visible(world.outsider_office)) == []


def test_a_check_that_fails_records_why(world, submit, monkeypatch, django_capture_on_commit_callbacks):
    material = submit("V1", SOURCE)

    def broken(material_id):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(services, "material_check_run", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.material_check_request(actor=world.county_office, material=material)
    check = MaterialCheck.objects.get(material=material)
    assert "查重失败" in check.error and "数据库连接中断" in check.error and not check.pending


def test_a_source_never_checked_gets_its_own_check(world, submit, django_capture_on_commit_callbacks):
    """A material from before 查重 (no result, no fingerprints) found as a source is checked in full too."""
    old = submit("V2", SOURCE)
    other = submit("V2", disguises.punctuation_changed(SOURCE))
    MaterialCheck.objects.filter(material=old).delete()
    MaterialFingerprint.objects.filter(material=old).delete()
    CheckSource.objects.filter(material=old).delete()
    third = submit("V1", disguises.numbers_to_x(SOURCE))  # finds `other`; `old` has no fingerprints, so not `old`
    assert not MaterialCheck.objects.filter(material=old).exists()
    # `other` had a result; now a material with no result is found as a source:
    MaterialCheck.objects.filter(material=other).delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.material_check_request(actor=world.county_office, material=old)
    other_check = MaterialCheck.objects.get(material=other)
    assert not other_check.pending and other_check.score >= 0.9
    # its own full check found the third material too, not only the material whose check named it
    assert {s.material_id for s in other_check.sources.all()} == {old.pk, third.pk}
