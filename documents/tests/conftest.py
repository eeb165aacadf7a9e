import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    """Each test stores its encrypted files in its own folder."""
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.HOSO_ATTACHMENT_DIR


@pytest.fixture
def leader_a(world):
    """A leader of Hà Nội: the named approver of copies and destructions."""
    return make_user("leader_a", world.hn, Role.LEADER, Classification.TOI_MAT,
                     full_name="Phạm Thị Lãnh Đạo")

