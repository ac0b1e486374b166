import pytest

from taizhang.reports.tests.factories import ledger_data


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Rendered reports and uploaded templates of these tests go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def data(world):
    return ledger_data(world)
