"""`taizhang topics list` / `taizhang visits list`: JSON on stdout, exit 1 on bad input."""

import json

import pytest
from django.core.management import CommandError, call_command

from taizhang.research.tests.factories import make_topic, make_visit


def test_topics_list_as_json(world, capsys):
    make_topic(world, unit="K1")
    make_topic(world, unit="K3", leader=None, title="远县课题")
    call_command("topics", "list", "--campaign", "test-campaign", "--unit", "K1", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1 and out["items"][0]["unit"] == "K1"


def test_visits_list_scoped_to_a_user(world, capsys):
    make_visit(world)
    call_command("visits", "list", "--campaign", "test-campaign", "--user", "outsider", "--json")
    assert json.loads(capsys.readouterr().out)["count"] == 0


def test_unknown_campaign_fails_with_exit_1(world):
    with pytest.raises(CommandError) as caught:
        call_command("topics", "list", "--campaign", "nope", "--json")
    assert caught.value.returncode == 1
