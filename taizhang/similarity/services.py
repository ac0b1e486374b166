"""All writes of 查重: requesting a check (on submission, on demand, for a whole campaign), running it, and the
reference corpus an office uploads. Running a check is heavy and happens in a huey task (tasks.py); huey's
immediate mode runs it at once in tests and in the embedded default without a worker."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.core.uploads import check_upload
from taizhang.core.validation import full_clean_or_raise
from taizhang.materials.models import Material
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, scope_q
from taizhang.similarity.engine import Alignment, Passage, align, covered, fingerprints
from taizhang.similarity.models import (
    CheckSource,
    MaterialCheck,
    MaterialFingerprint,
    ReferenceDocument,
    ReferenceFingerprint,
)
from taizhang.similarity.text import normalise_with_map

UPLOAD_EXTENSIONS = ("txt", "docx", "pdf")
MIN_SHARED_PRINTS = 3  # a candidate shares at least this many fingerprints with the checked text
MIN_SOURCE_CHARS = 40  # a source is kept when it shares at least this many characters
_IN_CHUNK = 500  # fingerprints per IN (…) list


# --- requesting a check --------------------------------------------------------------------------------

def _queue(material_ids: list[int]) -> None:
    from taizhang.similarity.tasks import material_check_task

    for pk in material_ids:
        material_check_task(pk)


def material_check_queue(material: Material) -> MaterialCheck:
    """Mark `material` as waiting for its check and queue the check once the caller's transaction commits. Called by
    the submission service (no actor: the check is part of submitting) and by the requests below."""
    check, _ = MaterialCheck.objects.update_or_create(material=material, defaults={"requested_at": timezone.now()})
    transaction.on_commit(lambda: _queue([material.pk]))
    return check


@transaction.atomic
def material_check_request(*, actor, material: Material) -> MaterialCheck:
    """查重 on demand: the office of the material's unit or of a unit above it (REPORT)."""
    if actor is not None and not has_action(actor, P.REPORT, material.unit):
        raise PermissionDenied("只有本单位或上级主题教育办公室可以对材料查重")
    check = material_check_queue(material)
    audit_record(actor=actor, action="similarity.request", obj=material, changes={"title": material.title})
    return check


@transaction.atomic
def campaign_check_request(*, actor, campaign) -> int:
    """Check again every material of `campaign` the actor's offices cover (after uploading reference documents)."""
    q = scope_q(actor, P.REPORT) if actor is not None else None
    if actor is not None and q is None:
        raise PermissionDenied("只有主题教育办公室可以对材料查重")
    qs = Material.objects.filter(campaign=campaign)
    if q is not None:
        qs = qs.filter(q)
    ids = list(qs.order_by("id").values_list("id", flat=True))
    now = timezone.now()
    existing = set(MaterialCheck.objects.filter(material_id__in=ids).values_list("material_id", flat=True))
    MaterialCheck.objects.filter(material_id__in=existing).update(requested_at=now)
    MaterialCheck.objects.bulk_create([MaterialCheck(material_id=pk, requested_at=now)
                                       for pk in ids if pk not in existing])
    audit_record(actor=actor, action="similarity.request_all", obj=campaign, unit=campaign.root_unit,
                 changes={"materials": len(ids)})
    transaction.on_commit(lambda: _queue(ids))
    return len(ids)


# --- running a check -----------------------------------------------------------------------------------

def _chunks(values: list[int]):
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i:i + _IN_CHUNK]


def _candidate_counts(model, prints: list[int], **filters) -> dict[int, int]:
    """Shared fingerprint counts per other document (material or reference id)."""
    key = "material_id" if model is MaterialFingerprint else "reference_id"
    counts: dict[int, int] = defaultdict(int)
    for chunk in _chunks(prints):
        for row in model.objects.filter(hash__in=chunk, **filters).values(key).annotate(n=Count("id")):
            counts[row[key]] += row["n"]
    return {pk: n for pk, n in counts.items() if n >= MIN_SHARED_PRINTS}


def _source_row(alignment: Alignment, **source) -> CheckSource:
    return CheckSource(shared_chars=alignment.shared, score=round(alignment.a_share, 4),
                       spans=[list(s) for s in alignment.a_spans()], passages=alignment.shown(), **source)


def _swapped(alignment: Alignment) -> Alignment:
    """The same passages seen from the other text."""
    return Alignment(a=alignment.b, b=alignment.a, passages=[Passage(a_start=p.b_start, b_start=p.a_start,
                                                                     length=p.length)
                                                             for p in alignment.passages])


def _rescore(check: MaterialCheck) -> None:
    spans = [tuple(s) for src in check.sources.all() for s in src.spans]
    check.score = round(covered(spans) / check.length, 4) if check.length else 0.0
    MaterialCheck.objects.filter(pk=check.pk).update(score=check.score)


def material_check_run(material_id: int) -> MaterialCheck | None:
    """Compare the material with every other material of its campaign and with the reference documents of its
    unit and the units above it; store the sources with their passages (the body of the background task).

    Each source found among the campaign's materials is recorded on that material's result too (the same
    passages seen from its side), so an earlier original shows its later copies as well."""
    material = Material.objects.select_related("unit", "campaign").filter(pk=material_id).first()
    if material is None:
        return None
    started = timezone.now()
    norm = normalise_with_map(material.body)
    prints = sorted(fingerprints(norm.text))
    found_materials = _candidate_counts(MaterialFingerprint, prints, campaign_id=material.campaign_id)
    found_materials.pop(material.pk, None)
    ancestors = [material.unit.path[:i] for i in range(4, len(material.unit.path) + 1, 4)]
    found_refs = _candidate_counts(ReferenceFingerprint, prints, reference__unit__path__in=ancestors)

    rows, reverse = [], []
    for other in Material.objects.filter(pk__in=found_materials).only("id", "body"):
        alignment = align(norm, normalise_with_map(other.body))
        if alignment.shared >= MIN_SOURCE_CHARS:
            rows.append(_source_row(alignment, material_id=other.pk))
            reverse.append((other.pk, _swapped(alignment)))
    for ref in ReferenceDocument.objects.filter(pk__in=found_refs).only("id", "body"):
        alignment = align(norm, normalise_with_map(ref.body))
        if alignment.shared >= MIN_SOURCE_CHARS:
            rows.append(_source_row(alignment, reference_id=ref.pk))

    with transaction.atomic():
        check, _ = MaterialCheck.objects.select_for_update().get_or_create(
            material=material, defaults={"requested_at": started})
        MaterialFingerprint.objects.filter(material=material).delete()
        MaterialFingerprint.objects.bulk_create([MaterialFingerprint(material=material, campaign=material.campaign,
                                                                     hash=h) for h in prints], batch_size=1000)
        check.sources.all().delete()
        for row in rows:
            row.result = check
        CheckSource.objects.bulk_create(rows)
        check.length, check.checked_at, check.error = len(norm.text), started, ""
        check.save(update_fields=["length", "checked_at", "error"])
        _rescore(check)
        # The other side of each pair: replace what an earlier run of this material left on the others' results.
        touched = set(CheckSource.objects.filter(material=material).values_list("result_id", flat=True))
        CheckSource.objects.filter(material=material).delete()
        never_checked = []
        for other_id, alignment in reverse:
            other_check, created = MaterialCheck.objects.get_or_create(
                material_id=other_id, defaults={"requested_at": started, "length": len(alignment.a.text)})
            if created:  # submitted before 查重 existed (or imported): it gets its own full check as well
                never_checked.append(other_id)
            row = _source_row(alignment, material_id=material.pk)
            row.result = other_check
            row.save()
            touched.add(other_check.pk)
        for other_check in MaterialCheck.objects.filter(pk__in=touched):
            _rescore(other_check)
        if never_checked:
            transaction.on_commit(lambda: _queue(never_checked))
    return check


def material_check_failed(material_id: int, message: str) -> None:
    """Record why a check could not run (shown on the material's page)."""
    MaterialCheck.objects.filter(material_id=material_id).update(checked_at=timezone.now(),
                                                                 error=message[:300])


# --- reference corpus ----------------------------------------------------------------------------------

def _require_office(actor, unit, message: str) -> None:
    if actor is not None and not has_action(actor, P.REPORT, unit):
        raise PermissionDenied(message)


@transaction.atomic
def reference_upload(*, actor, unit, title: str, upload) -> ReferenceDocument:
    """Add a document to the reference corpus of `unit`: materials of its subtree are compared with it from their
    next check on. The file must have readable text."""
    from taizhang.materials.extract import extract_text

    _require_office(actor, unit, "只有主题教育办公室可以上传查重比对文档")
    if upload is None:
        raise ValidationFailed("请选择要上传的 .txt/.docx/.pdf 文件", field="file")
    ext = check_upload(upload, field="file", extensions=UPLOAD_EXTENSIONS)
    data = upload.read()
    upload.seek(0)
    text = (extract_text(data, ext) or "").strip()
    if not text:
        raise ValidationFailed(f"无法读取文件「{upload.name}」中的文字（文件损坏，或是扫描件/图片）", field="file")
    name = upload.name.rsplit("/", 1)[-1][:200]
    doc = ReferenceDocument(unit=unit, title=(title or "").strip() or name.rsplit(".", 1)[0], body=text,
                            file_name=name, created_by=actor if getattr(actor, "pk", None) else None)
    doc.file.save(name, upload, save=False)
    full_clean_or_raise(doc, exclude=["file"])
    doc.save()
    ReferenceFingerprint.objects.bulk_create([ReferenceFingerprint(reference=doc, hash=h)
                                              for h in fingerprints(normalise_with_map(text).text)],
                                             batch_size=1000)
    audit_record(actor=actor, action="similarity.reference_upload", obj=doc,
                 changes={"title": doc.title, "file": doc.file_name})
    return doc


@transaction.atomic
def reference_delete(*, actor, reference: ReferenceDocument) -> None:
    """Remove a reference document; the results that named it as a source are scored again without it."""
    _require_office(actor, reference.unit, "只有主题教育办公室可以删除查重比对文档")
    touched = list(MaterialCheck.objects.filter(sources__reference=reference).distinct())
    audit_record(actor=actor, action="similarity.reference_delete", obj=reference, changes={"title": reference.title})
    stored = reference.file
    reference.delete()
    for check in touched:
        _rescore(check)
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
