"""Attachments encrypted at rest: envelope encryption, streamed in chunks.

Each file has its own random 256-bit key; the database keeps that key wrapped (AES-GCM) with a
master key derived from settings.FIELD_ENCRYPTION_KEY, so rotating the master key re-wraps the
small keys (``rewrap_key``) and never rewrites the files. A file on disk is:

    MAGIC | chunk_size (4 bytes) | [nonce (12) | ciphertext + tag] per chunk

Each chunk is sealed with AES-GCM, its own nonce and, as associated data, the file's storage key,
the chunk's index and a last-chunk flag: chunks cannot be swapped, moved between files, dropped
or the file cut short without decryption failing. Memory stays at one chunk whatever the size.

A new file is written under ``tmp/`` and moved to its place when the database row commits
(``promote``); a refused or failed upload deletes it (``discard``): no orphan files.
"""

import base64
import hashlib
import hmac
import os
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAGIC = b"HOSOENC1"
CHUNK_SIZE = 1024 * 1024
NONCE_SIZE = 12
TAG_SIZE = 16
_HEADER = struct.Struct(">I")


class CorruptFile(Exception):
    """The stored file was altered, cut short or belongs to another record."""


class TooLarge(ValidationError):
    """The upload passed the size limit while it was being read."""


@dataclass
class StoredFile:
    storage_key: str
    wrapped_key: str
    key_id: str
    size: int
    sha256: str


def root() -> Path:
    return Path(settings.HOSO_ATTACHMENT_DIR)


def final_path(storage_key: str) -> Path:
    return root() / storage_key[:2] / storage_key


def temp_path(storage_key: str) -> Path:
    return root() / "tmp" / f"{storage_key}.part"


def max_bytes() -> int:
    return int(settings.HOSO_ATTACHMENT_MAX_BYTES)


def too_large_error() -> TooLarge:
    mib = max_bytes() / (1024 * 1024)
    return TooLarge(_("Tệp quá lớn: tối đa %(mib)s MB. Hãy nén, tách tệp hoặc chụp lại với độ "
                      "phân giải thấp hơn.") % {"mib": f"{mib:g}"}, code="too_large")


# --- keys ---------------------------------------------------------------------------------------


def _master_key(hex_key: str | None = None) -> bytes:
    master = bytes.fromhex(hex_key or settings.FIELD_ENCRYPTION_KEY)
    return hmac.new(master, b"hoso-attachment-kek", hashlib.sha256).digest()


def key_id(hex_key: str | None = None) -> str:
    """Short fingerprint of a master key: tells which key wrapped a file key."""
    return hashlib.sha256(b"kid" + _master_key(hex_key)).hexdigest()[:16]


def wrap_key(file_key: bytes, storage_key: str, hex_key: str | None = None) -> str:
    nonce = os.urandom(NONCE_SIZE)
    sealed = AESGCM(_master_key(hex_key)).encrypt(nonce, file_key, storage_key.encode())
    return "v1:" + base64.b64encode(nonce + sealed).decode()


def unwrap_key(wrapped: str, storage_key: str, hex_key: str | None = None) -> bytes:
    raw = base64.b64decode(wrapped.removeprefix("v1:"))
    try:
        return AESGCM(_master_key(hex_key)).decrypt(raw[:NONCE_SIZE], raw[NONCE_SIZE:],
                                                    storage_key.encode())
    except InvalidTag as exc:
        raise CorruptFile("wrapped key") from exc


def rewrap_key(wrapped: str, storage_key: str, *, old_hex_key: str, new_hex_key: str) -> str:
    """The file key re-wrapped with a new master key (key rotation; the file is unchanged)."""
    return wrap_key(unwrap_key(wrapped, storage_key, old_hex_key), storage_key, new_hex_key)


def _aad(storage_key: str, index: int, last: bool) -> bytes:
    return storage_key.encode() + struct.pack(">Q?", index, last)


# --- writing ------------------------------------------------------------------------------------


def _chunks(source, size: int) -> Iterator[bytes]:
    """Fixed-size chunks from a file-like object (Django's UploadedFile or any binary file)."""
    if hasattr(source, "seek"):
        source.seek(0)
    while True:
        block = source.read(size)
        if not block:
            return
        yield block


def _lookahead(blocks: Iterable[bytes]) -> Iterator[tuple[bytes, bool]]:
    """(block, is_last) pairs; an empty input still gives one empty last block."""
    previous = None
    for block in blocks:
        if previous is not None:
            yield previous, False
        previous = block
    yield (previous or b""), True


def store_encrypted(source, *, limit: int | None = None) -> StoredFile:
    """Encrypt ``source`` to a temporary file, counting and hashing as it goes.

    Raises TooLarge (and leaves nothing behind) once more than ``limit`` bytes were read.
    """
    limit = max_bytes() if limit is None else limit
    storage_key = secrets.token_hex(16)
    file_key = AESGCM.generate_key(bit_length=256)
    aead = AESGCM(file_key)
    digest, size = hashlib.sha256(), 0
    path = temp_path(storage_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as out:
            out.write(MAGIC + _HEADER.pack(CHUNK_SIZE))
            blocks = _chunks(source, CHUNK_SIZE)
            for index, (block, last) in enumerate(_lookahead(blocks)):
                size += len(block)
                if size > limit:
                    raise too_large_error()
                digest.update(block)
                nonce = os.urandom(NONCE_SIZE)
                out.write(nonce + aead.encrypt(nonce, block, _aad(storage_key, index, last)))
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(storage_key=storage_key, wrapped_key=wrap_key(file_key, storage_key),
                      key_id=key_id(), size=size, sha256=digest.hexdigest())


def promote(storage_key: str) -> None:
    """Move a committed file from tmp/ to its place (called on the row's commit)."""
    target = final_path(storage_key)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp_path(storage_key), target)


def discard(storage_key: str) -> None:
    """Delete a file that will have no row (refused or rolled-back upload)."""
    temp_path(storage_key).unlink(missing_ok=True)
    final_path(storage_key).unlink(missing_ok=True)


def sweep_temp(older_than_seconds: int = 24 * 3600) -> int:
    """Delete temporary files left by a crash or a rolled-back transaction; returns how many.

    A part whose row DID commit (the process died between the commit and the on-commit move)
    is moved into place instead, whatever its age: it is a stored file, not debris.
    """
    import time

    from documents.models import Attachment

    folder = root() / "tmp"
    if not folder.exists():
        return 0
    limit, removed = time.time() - older_than_seconds, 0
    for path in folder.glob("*.part"):
        key = path.name.removesuffix(".part")
        if Attachment.objects.filter(storage_key=key).exists():
            promote(key)
        elif path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- reading ------------------------------------------------------------------------------------


def _stored_path(storage_key: str) -> Path:
    path = final_path(storage_key)
    if not path.exists():
        # Committed but not yet moved (a crash after the commit): the row asks for it, so it is
        # a stored file; sweep_temp moves it into place.
        path = temp_path(storage_key)
    if not path.exists():
        raise CorruptFile("missing")
    return path


def decrypt_chunks(storage_key: str, wrapped_key: str) -> Iterator[bytes]:
    """The plaintext, one chunk at a time; CorruptFile if any chunk fails authentication."""
    aead = AESGCM(unwrap_key(wrapped_key, storage_key))
    with open(_stored_path(storage_key), "rb") as source:
        header = source.read(len(MAGIC) + _HEADER.size)
        if len(header) != len(MAGIC) + _HEADER.size or not header.startswith(MAGIC):
            raise CorruptFile("header")
        (chunk_size,) = _HEADER.unpack(header[len(MAGIC):])
        sealed_size = NONCE_SIZE + chunk_size + TAG_SIZE
        block = source.read(sealed_size)
        index = 0
        while block:
            following = source.read(sealed_size)
            last = not following
            try:
                yield aead.decrypt(block[:NONCE_SIZE], block[NONCE_SIZE:],
                                   _aad(storage_key, index, last))
            except InvalidTag as exc:
                raise CorruptFile(f"chunk {index}") from exc
            block, index = following, index + 1
        if index == 0:
            raise CorruptFile("empty")


def read_all(storage_key: str, wrapped_key: str) -> bytes:
    """The whole plaintext (for formats that are rewritten before serving, e.g. watermarked PDF)."""
    return b"".join(decrypt_chunks(storage_key, wrapped_key))
