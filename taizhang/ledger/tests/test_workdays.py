"""The workday calendar lives in Django's cache under a version that an edit bumps, so a process that read the
calendar before another process edited it reads it again on its next call."""

from datetime import date

import pytest
from django.core.cache import cache

from taizhang.audit.models import AuditEvent
from taizhang.ledger import services, workdays
from taizhang.orgs.models import User

DAY = date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def calendar(db):
    workdays.changed()
    yield
    workdays.changed()  # the test's edits are rolled back


def _as_another_process_still_holding(memo) -> None:
    """Put back the calendar this process had read before the edit, as a process that did not edit still has it."""
    workdays._memo = memo


def test_an_edit_through_the_service_reaches_a_process_that_read_the_calendar_before(calendar, world):
    sysadmin = User.objects.get(username="sysadmin")
    assert workdays.is_workday(DAY)
    before = workdays._memo

    services.calendar_day_save(actor=sysadmin, day=DAY, is_workday=False, name="临时放假")
    _as_another_process_still_holding(before)
    assert not workdays.is_workday(DAY)
    assert workdays.add_workdays(date(2026, 11, 30), 1) == date(2026, 12, 2)
    assert AuditEvent.objects.filter(action="calendar.save", actor=sysadmin).exists()

    before = workdays._memo
    services.calendar_day_delete(actor=sysadmin, day=DAY)
    _as_another_process_still_holding(before)
    assert workdays.is_workday(DAY)


def test_a_fresh_process_reads_the_edited_calendar_from_the_cache(calendar, world):
    sysadmin = User.objects.get(username="sysadmin")
    services.calendar_day_save(actor=sysadmin, day=DAY, is_workday=False, name="临时放假")
    workdays._memo = None  # a process that never read the calendar
    version = cache.get(workdays.VERSION_KEY)
    assert workdays.is_workday(DAY) is False
    assert cache.get(f"workdays:calendar:{version}")[DAY] is False


def test_a_lost_version_key_starts_above_every_earlier_version(calendar, db):
    import time

    old = workdays._version()
    time.sleep(0.002)  # the key is lost later than it was made (not within the same millisecond)
    cache.delete(workdays.VERSION_KEY)
    assert workdays._version() > old
