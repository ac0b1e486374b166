"""Races: slip numbers never repeat, and a step taken from a stale copy is decided on the locked row."""

import pytest

from taizhang.core.exceptions import TransitionRefused
from taizhang.supervision import services
from taizhang.supervision.models import SlipSequence, SupervisionSlip
from taizhang.supervision.tests.factories import slip


def test_numbers_continue_from_the_stored_sequence(world):
    k1 = world.unit("K1")
    SlipSequence.objects.create(unit=k1, year=2026, last=11)
    assert services.next_number(k1, 2026) == 12
    assert services.next_number(k1, 2026) == 13
    assert services.next_number(k1, 2027) == 1
    assert services.format_number(2026, 12) == "督字〔2026〕12号"


def test_many_slips_get_distinct_numbers(world):
    numbers = [slip(world, problems=[]).number for _ in range(5)]
    assert len(set(numbers)) == 5


def test_two_clerks_signing_from_stale_copies_sign_once(world):
    s = slip(world)
    first, second = SupervisionSlip.objects.get(pk=s.pk), SupervisionSlip.objects.get(pk=s.pk)
    services.slip_transition(actor=world.township_office, slip=first, action="sign")
    with pytest.raises(TransitionRefused, match="已签收"):
        services.slip_transition(actor=world.county_office, slip=second, action="sign")
