import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of these tests go to a temporary directory, not the data directory."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def submit(world, django_capture_on_commit_callbacks):
    """submit(unit, body, author=…) → a material whose 查重 ran as it would after the submission commits (huey runs
    tasks at once in the test settings)."""
    from taizhang.materials import services

    def _submit(unit: str, body: str, *, author: str = "county_office", title: str = "经验交流材料",
                genre: str = "experience", campaign: str = "test-campaign"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.material_submit(actor=world.user(author), campaign=world.campaign(campaign),
                                            unit=world.unit(unit), genre=genre, title=title, body=body)

    return _submit
