"""Building ledger records for tests through the real services, so tests exercise the same paths."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.ledger import services
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import Problem

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "整改报告.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def problem(world, unit: str = "K1", *, campaign: str = "test-campaign", actor: str = "county_office",
            **fields) -> Problem:
    """A 待认领 problem in `unit` with a responsible person and a deadline, so it can be accepted."""
    defaults = {"title": "理论学习系统性不够", "category": "theory", "source": "self", "responsible_name": "张三",
                "deadline": date(2026, 12, 31)}
    defaults.update(fields)
    return services.problem_create(actor=world.user(actor), campaign=world.campaign(campaign),
                                   unit=world.unit(unit), **defaults)


def accepted(world, unit: str = "K1", **kw) -> Problem:
    p = problem(world, unit, **kw)
    return problem_transition(actor=world.county_office, problem=p, action="accept")


def with_progress(world, unit: str = "K1", *, files=True, actor: str = "county_clerk", **kw) -> Problem:
    p = accepted(world, unit, **kw)
    services.progress_add(actor=world.user(actor), problem=p, text="已完成整改方案", percent=60,
                          files=[pdf()] if files else [])
    return Problem.objects.get(pk=p.pk)


def in_review(world, unit: str = "K1", *, requester: str = "county_clerk", **kw) -> Problem:
    p = with_progress(world, unit, **kw)
    return problem_transition(actor=world.user(requester), problem=p, action="request_closure",
                              evidence_summary="整改完成")


def closed(world, unit: str = "K1", **kw) -> Problem:
    p = in_review(world, unit, **kw)
    return problem_transition(actor=world.county_office, problem=p, action="approve")


def overdue_by(days: int) -> date:
    from django.utils import timezone

    return timezone.localdate() - timedelta(days=days)


_cache: dict = {}


def matrix_problem(world, unit: str = "K1") -> Problem:
    """A problem in review with an attachment, for the permission matrix (one per test transaction)."""
    existing = Problem.objects.filter(unit__code=unit, campaign__slug="test-campaign").first()
    if existing is not None:
        return existing
    return in_review(world, unit)


def matrix_attachment(world, unit: str = "K1"):
    return matrix_problem(world, unit).attachments.first()
