"""The status (or, for records without one, the type) each kind of result shows and can be filtered on."""

from taizhang.institutions.models import InstitutionKind
from taizhang.ledger.models import MeasureStatus, ProblemStatus
from taizhang.materials.models import Genre
from taizhang.matters.models import MatterStatus
from taizhang.research.models import TopicStatus, VisitStatus
from taizhang.search.models import SearchKind

BY_KIND: dict[str, list[tuple[str, str]]] = {
    SearchKind.PROBLEM: ProblemStatus.choices,
    SearchKind.MEASURE: MeasureStatus.choices,
    SearchKind.PROGRESS: [],
    SearchKind.TOPIC: TopicStatus.choices,
    SearchKind.VISIT: VisitStatus.choices,
    SearchKind.MATTER: MatterStatus.choices,
    SearchKind.INSTITUTION: InstitutionKind.choices,
    SearchKind.MATERIAL: Genre.choices,
}


def _all() -> list[tuple[str, str]]:
    """Every status value once (a value two kinds share, such as 已办结/已完成 "done", is offered once with the
    labels of both)."""
    labels: dict[str, list[str]] = {}
    for choices in BY_KIND.values():
        for value, label in choices:
            if str(label) not in labels.setdefault(value, []):
                labels[value].append(str(label))
    return [(value, "/".join(names)) for value, names in labels.items()]


STATUS_CHOICES = _all()


def status_label(kind: str, value: str) -> str:
    return next((str(label) for v, label in BY_KIND.get(kind, []) if v == value), value)
