"""Checking the audit chain: stream every event in id order and find the first one that is wrong.

Each event stores ``hash = event_digest(content + prev_hash)`` and ``prev_hash`` = the previous
event's hash. Walking the table in id order:
- a row whose content no longer gives its stored hash was **edited**;
- a row whose ``prev_hash`` is the hash of another row still in the table was **reordered**;
- a row whose ``prev_hash`` matches no row: rows before it were **deleted** (or it, or the row
  before it, was **inserted** or re-hashed after an edit);
- a head hash written down earlier (``expect_head``) that is no longer in the chain: the newest
  rows were deleted (**truncated**). Nothing inside the database can prove its own tail is
  complete, so the head is kept outside it (printed by ``manage.py verify_audit``).
"""

from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import GENESIS_HASH, event_digest

EDITED = "edited"
DELETED_OR_INSERTED = "deleted or inserted"
REORDERED = "reordered"
TRUNCATED = "truncated"
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    message: str = ""
    head_id: int | None = None
    head_hash: str = ""


def vn_number(value: int) -> str:
    """Vietnamese thousands separator: 2611 -> '2.611'."""
    return f"{value:,}".replace(",", ".")


def verify_chain(*, expect_head: str = "", chunk_size: int = CHUNK_SIZE) -> VerifyResult:
    """Walk the whole chain in id order (streamed) and report the first broken event."""
    # PostgreSQL: inside a transaction the server-side cursor streams from one snapshot; in
    # autocommit Django declares it WITH HOLD, which copies the whole result set first.
    # SQLite: no transaction, since ours begin IMMEDIATE and would block writers meanwhile.
    in_snapshot = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    with in_snapshot:
        return _walk(expect_head, chunk_size)


def _walk(expect_head: str, chunk_size: int) -> VerifyResult:
    expected_prev = GENESIS_HASH
    previous_id = None
    checked = 0
    head_seen = not expect_head
    events = AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size)
    for event in events:
        if event_digest(event) != event.hash:
            return _broken(checked, event, EDITED, _edited_message(event))
        if event.prev_hash != expected_prev:
            return _broken(checked, event, *_link_problem(event, previous_id))
        checked += 1
        head_seen = head_seen or event.hash == expect_head
        expected_prev, previous_id = event.hash, event.id
    if not head_seen:
        return VerifyResult(ok=False, checked=checked, problem=TRUNCATED,
                            message=_truncated_message(expect_head, previous_id),
                            head_id=previous_id, head_hash=expected_prev)
    return VerifyResult(ok=True, checked=checked, head_id=previous_id,
                        head_hash=expected_prev if previous_id else "")


def _broken(checked: int, event: AuditEvent, problem: str, message: str) -> VerifyResult:
    return VerifyResult(ok=False, checked=checked, first_broken_id=event.id, problem=problem,
                        message=message)


def _edited_message(event: AuditEvent) -> str:
    return _(
        "Sự kiện #%(id)s đã bị sửa: nội dung không còn khớp với mã băm đã lưu."
    ) % {"id": event.id}


def _link_problem(event: AuditEvent, previous_id: int | None) -> tuple[str, str]:
    """Why ``event`` does not follow the event before it (one indexed lookup, on failure only)."""
    owner_id = AuditEvent.objects.filter(hash=event.prev_hash).values_list("id", flat=True).first()
    if owner_id is not None:
        return REORDERED, _(
            "Sự kiện #%(id)s bị đổi thứ tự: nó phải đứng ngay sau sự kiện #%(owner)s, "
            "nhưng lại đứng sau %(previous)s."
        ) % {"id": event.id, "owner": owner_id, "previous": _position(previous_id)}
    if previous_id is None:
        return DELETED_OR_INSERTED, _(
            "Sự kiện #%(id)s là sự kiện đầu tiên còn lại nhưng không nối với gốc chuỗi: "
            "các sự kiện trước nó đã bị xóa, hoặc nó bị chèn vào."
        ) % {"id": event.id}
    return DELETED_OR_INSERTED, _(
        "Sự kiện #%(id)s không nối với sự kiện #%(previous)s đứng trước: có sự kiện giữa hai "
        "sự kiện này đã bị xóa, hoặc một trong hai bị chèn vào hay bị sửa rồi tính lại mã băm."
    ) % {"id": event.id, "previous": previous_id}


def _position(previous_id: int | None) -> str:
    if previous_id is None:
        return _("gốc chuỗi")
    return _("sự kiện #%(id)s") % {"id": previous_id}


def _truncated_message(expect_head: str, last_id: int | None) -> str:
    return _(
        "Không tìm thấy sự kiện có mã băm %(hash)s trong chuỗi (sự kiện cuối hiện có: "
        "%(last)s): các sự kiện mới nhất đã bị xóa, hoặc mã đầu chuỗi đã ghi lại không đúng."
    ) % {"hash": expect_head, "last": f"#{last_id}" if last_id else "—"}
