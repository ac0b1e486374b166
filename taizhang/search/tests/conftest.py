import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of these tests go to a temporary directory, not the data directory."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _dictionary_rolled_back_too():
    """A test that adds a word to the dictionary rolls the row back; the tokeniser built with it is dropped too."""
    from taizhang.search import tokenize

    before = tokenize._state["version"]
    yield
    if tokenize._state["version"] != before:
        tokenize.dictionary_changed()
