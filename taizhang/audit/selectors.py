"""Reads of the audit trail: only the auditor (审计管理员) reads it, within the units assigned."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from taizhang.audit.models import AuditEvent
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import path_upper_bound, scope_q, user_assignments


def events_for(user):
    """Events the auditor may read: those tied to units in the auditor's scope, plus events with no unit
    (logins of unplaced accounts, failed logins) for an auditor assigned at a root unit."""
    q = scope_q(user, P.READ_AUDIT, field="")
    if q is None:
        return AuditEvent.objects.none()
    parts = Q()
    for a in user_assignments(user):
        if a.role != P.AUDITOR:
            continue
        parts |= Q(unit_path__gte=a.unit.path, unit_path__lt=path_upper_bound(a.unit.path))
        if a.unit.depth == 1:
            parts |= Q(unit_path="")
    return AuditEvent.objects.filter(parts)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def events_filtered(user, *, action: str = "", actor: str = "", obj: str = "", ip: str = "", date_from=None,
                    date_to=None):
    qs = events_for(user)
    if ip:
        qs = qs.filter(ip__startswith=ip.strip())
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:  # a login name as recorded, or the person's name (张三 finds zhangsan's events)
        qs = qs.filter(Q(actor_name__icontains=actor) | Q(actor__display_name__icontains=actor))
    if obj:
        qs = qs.filter(Q(object_repr__icontains=obj) | Q(object_id=obj))
    # Whole local days as a range on the timestamp: no per-row time-zone conversion, which MySQL-family
    # databases only do when their zone tables are loaded.
    if date_from:
        qs = qs.filter(at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=_day_start(date_to + timedelta(days=1)))
    return qs.select_related("actor").order_by("-seq")
