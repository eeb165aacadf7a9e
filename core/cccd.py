"""Citizen identity numbers (CCCD): normalising, validating, encrypting, blind-indexing.

A CCCD has 12 digits and often starts with zeros (the province code: 001 is Hà Nội). Excel turns
it into a number and drops those zeros, so 10 or 11 digits are padded back to 12. The number is
stored encrypted (AES-GCM); searching uses a keyed hash of the normalised number (a blind index),
so the database never holds it in clear.
"""

import base64
import hashlib
import hmac
import os
import re

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CCCD_LENGTH = 12
_SEPARATORS = re.compile(r"[\s.\-_]")


def normalize_cccd(raw: object) -> str:
    """Return the 12-digit CCCD for ``raw`` or raise ValidationError with a Vietnamese message.

    Accepts ints and floats from Excel (1234567890 → "001234567890"), spaces and dots.
    """
    if raw is None:
        raise ValidationError(_("Chưa nhập số CCCD."), code="required")
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationError(_("Số CCCD phải là 12 chữ số."), code="invalid")
        raw = int(raw)
    text = _SEPARATORS.sub("", str(raw))
    if text.endswith(".0") and text[:-2].isdigit():  # "1234567890.0" from a float cell as text
        text = text[:-2]
    if not text:
        raise ValidationError(_("Chưa nhập số CCCD."), code="required")
    if not text.isdigit() or not text.isascii():
        raise ValidationError(
            _("Số CCCD chỉ gồm chữ số (12 chữ số), ví dụ 001085012345."), code="invalid"
        )
    if len(text) > CCCD_LENGTH:
        raise ValidationError(
            _("Số CCCD có %(n)d chữ số, nhiều hơn 12. Vui lòng kiểm tra lại.") % {"n": len(text)},
            code="too_long",
        )
    if len(text) < CCCD_LENGTH - 2:
        raise ValidationError(
            _("Số CCCD có %(n)d chữ số, thiếu so với 12. Vui lòng kiểm tra lại.") % {"n": len(text)},
            code="too_short",
        )
    # Up to two leading zeros may have been lost (province codes 001–099).
    return text.zfill(CCCD_LENGTH)


def _key_material(purpose: bytes) -> bytes:
    master = bytes.fromhex(settings.FIELD_ENCRYPTION_KEY)
    return hmac.new(master, purpose, hashlib.sha256).digest()


_CACHE: dict[str, object] = {}


def _aead() -> AESGCM:
    key = settings.FIELD_ENCRYPTION_KEY
    if _CACHE.get("key") != key:
        _CACHE.update(key=key, aead=AESGCM(_key_material(b"hoso-field-encryption")),
                      index=_key_material(b"hoso-blind-index"))
    return _CACHE["aead"]  # type: ignore[return-value]


def encrypt_value(plain: str) -> str:
    """Encrypt a short text field: 'v1:' + base64(nonce | ciphertext+tag)."""
    nonce = os.urandom(12)
    sealed = _aead().encrypt(nonce, plain.encode(), b"hoso")
    return "v1:" + base64.b64encode(nonce + sealed).decode()


def decrypt_value(token: str) -> str:
    """Inverse of :func:`encrypt_value`."""
    if not token:
        return ""
    raw = base64.b64decode(token.removeprefix("v1:"))
    return _aead().decrypt(raw[:12], raw[12:], b"hoso").decode()


def blind_index(normalized: str) -> str:
    """Keyed hash of a normalised CCCD, used to find a person without decrypting anything."""
    _aead()
    return hmac.new(_CACHE["index"], normalized.encode(), hashlib.sha256).hexdigest()[:40]  # type: ignore[arg-type]


def mask_cccd(number: str) -> str:
    """All but the last four digits hidden (pages and API alike): enough to tell two people apart."""
    return "*" * (len(number) - 4) + number[-4:] if number else ""
