import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Evidence files of these tests go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
