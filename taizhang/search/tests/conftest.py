import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of these tests go to a temporary directory, not the data directory."""
    settings.MEDIA_ROOT = tmp_path / "files"
