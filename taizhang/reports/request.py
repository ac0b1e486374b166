"""What a report is asked for (`ReportRequest`) and what comes back (`Rendered`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from taizhang.documents.layout import cn_date


@dataclass
class ReportRequest:
    """One report: its kind, the unit whose subtree it covers, the campaign, the as-of day (None: today),
    who asks (None: the command line, which runs as the system) and the kind's own options."""

    kind: str
    unit: object
    campaign: object
    as_of: date | None = None
    actor: object = None
    metrics: list[str] = field(default_factory=list)  # circular
    compilation: object = None  # materials-compilation
    template: object = None  # a ReportTemplate, or an uploaded file path for the CLI
    template_path: str | None = None

    @property
    def day(self) -> date:
        """The day the figures stand for."""
        return self.as_of or timezone.localdate()

    @property
    def day_text(self) -> str:
        return cn_date(self.day)


@dataclass
class Rendered:
    content: bytes
    figures: dict
    file_name: str
    notes: list[str] = field(default_factory=list)
