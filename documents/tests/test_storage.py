"""Encryption at rest: envelope keys, authenticated chunks, nothing in clear on disk."""

import io

import pytest

from documents import storage

SECRET = "Nội dung tài liệu Mật: danh sách quy hoạch 2026".encode()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 64 bytes, so a short text spans several of them."""
    monkeypatch.setattr(storage, "CHUNK_SIZE", 64)


def store(content: bytes) -> storage.StoredFile:
    stored = storage.store_encrypted(io.BytesIO(content))
    storage.promote(stored.storage_key)
    return stored


def read(stored) -> bytes:
    return storage.read_all(stored.storage_key, stored.wrapped_key)


def test_round_trip_over_several_chunks(small_chunks):
    content = SECRET * 20
    stored = store(content)
    assert read(stored) == content
    assert stored.size == len(content)
    assert len(list(storage.decrypt_chunks(stored.storage_key, stored.wrapped_key))) > 5


def test_empty_file_round_trip():
    assert read(store(b"")) == b""


def test_file_on_disk_holds_no_plaintext(small_chunks):
    stored = store(SECRET * 5)
    on_disk = storage.final_path(stored.storage_key).read_bytes()
    assert SECRET[:20] not in on_disk
    assert "quy hoạch".encode() not in on_disk
    assert on_disk.startswith(storage.MAGIC)


def test_tampered_ciphertext_is_refused(small_chunks):
    stored = store(SECRET * 5)
    path = storage.final_path(stored.storage_key)
    data = bytearray(path.read_bytes())
    data[len(storage.MAGIC) + 4 + 20] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(storage.CorruptFile):
        read(stored)


def _sealed_chunks(path, chunk_size):
    data = path.read_bytes()
    header = len(storage.MAGIC) + 4
    size = storage.NONCE_SIZE + chunk_size + storage.TAG_SIZE
    return data[:header], [data[i:i + size] for i in range(header, len(data), size)]


def test_swapped_chunks_are_refused(small_chunks):
    stored = store(SECRET * 5)
    path = storage.final_path(stored.storage_key)
    header, chunks = _sealed_chunks(path, 64)
    chunks[0], chunks[1] = chunks[1], chunks[0]
    path.write_bytes(header + b"".join(chunks))
    with pytest.raises(storage.CorruptFile):
        read(stored)


def test_cut_short_file_is_refused(small_chunks):
    stored = store(SECRET * 5)
    path = storage.final_path(stored.storage_key)
    header, chunks = _sealed_chunks(path, 64)
    path.write_bytes(header + b"".join(chunks[:-1]))
    with pytest.raises(storage.CorruptFile):
        read(stored)


def test_file_of_another_record_is_refused():
    first, second = store(b"first file"), store(b"second file")
    # The second file's bytes put in place of the first: its chunks name another storage key.
    storage.final_path(first.storage_key).write_bytes(
        storage.final_path(second.storage_key).read_bytes())
    with pytest.raises(storage.CorruptFile):
        read(first)


def test_each_file_has_its_own_key():
    first, second = store(SECRET), store(SECRET)
    assert first.wrapped_key != second.wrapped_key
    assert (storage.final_path(first.storage_key).read_bytes()[20:]
            != storage.final_path(second.storage_key).read_bytes()[20:])


def test_master_key_rotation_rewraps_without_touching_the_file(settings):
    stored = store(SECRET)
    before = storage.final_path(stored.storage_key).read_bytes()
    old_key, new_key = settings.FIELD_ENCRYPTION_KEY, "11" * 32
    rewrapped = storage.rewrap_key(stored.wrapped_key, stored.storage_key,
                                   old_hex_key=old_key, new_hex_key=new_key)
    settings.FIELD_ENCRYPTION_KEY = new_key
    assert storage.read_all(stored.storage_key, rewrapped) == SECRET
    assert storage.final_path(stored.storage_key).read_bytes() == before
    with pytest.raises(storage.CorruptFile):
        read(stored)  # the old wrapping no longer opens with the new master key
    assert storage.key_id(new_key) != storage.key_id(old_key)


def test_oversized_stream_leaves_nothing(attachment_dir):
    with pytest.raises(storage.TooLarge):
        storage.store_encrypted(io.BytesIO(b"x" * 2000), limit=1000)
    assert not [p for p in attachment_dir.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_rewrap_command_moves_every_file_to_the_new_master_key(settings, monkeypatch):
    from django.core.management import call_command

    from conftest import build_world
    from documents.models import Attachment
    from documents.tests.factories import attach, make_document, pdf_bytes

    world = build_world()
    attachment = attach(world.officer_a, make_document(world.officer_a, world.hn), pdf_bytes())
    old_key = settings.FIELD_ENCRYPTION_KEY
    monkeypatch.setenv("HOSO_OLD_FIELD_KEY", old_key)
    settings.FIELD_ENCRYPTION_KEY = "22" * 32
    out = io.StringIO()
    call_command("rewrap_attachment_keys", stdout=out)
    assert "1 tệp" in out.getvalue()
    attachment = Attachment.objects.get(pk=attachment.pk)
    assert attachment.key_id == storage.key_id("22" * 32)
    assert storage.read_all(attachment.storage_key, attachment.wrapped_key).startswith(b"%PDF")


def test_sweep_removes_only_old_temporary_parts(attachment_dir, db):
    import os
    import time

    stale = storage.store_encrypted(io.BytesIO(b"rolled back"))
    fresh = storage.store_encrypted(io.BytesIO(b"being uploaded"))
    kept = store(b"committed")
    old = time.time() - 3 * 24 * 3600
    os.utime(storage.temp_path(stale.storage_key), (old, old))
    assert storage.sweep_temp() == 1
    assert not storage.temp_path(stale.storage_key).exists()
    assert storage.temp_path(fresh.storage_key).exists()
    assert storage.final_path(kept.storage_key).exists()
