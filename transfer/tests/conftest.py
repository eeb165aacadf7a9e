import pytest

from transfer.importing import bulk, engine, parallel


@pytest.fixture
def small_batches(settings, tmp_path, monkeypatch):
    """A "large" file of a dozen rows: detailed up to 5 rows, matched by 4, written by 4, sent
    to the helper process (PostgreSQL) by 30."""
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"
    monkeypatch.setattr(engine, "DETAIL_LIMIT", 5)
    monkeypatch.setattr(engine, "MATCH_BATCH", 4)
    monkeypatch.setattr(bulk, "BATCH_ROWS", 4)
    monkeypatch.setattr(parallel, "BLOCK_ROWS", 30)
