"""What the inspection API modules share: the router, error shapes and small helpers."""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.errors import NotAllowed
from inspections import services

router = Router(tags=["inspections"])
PAGE_SIZE = 50
MIN_REASON_LENGTH = 5


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


def valid(form) -> dict:
    """The form's cleaned data, or a 400 with its messages by field."""
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    return form.cleaned_data


def require_writer(request) -> None:
    if request.user.role not in WRITER_ROLES:
        raise PermissionDenied("role")


@contextmanager
def refusals(field: str = "__all__"):
    """A workflow rule's refusal is a 400 on ``field``; a scope or role refusal is a 403."""
    try:
        yield
    except services.WorkflowError as error:
        raise ValidationError({field: [error.message]}) from error
    except NotAllowed as error:
        raise PermissionDenied from error


def read_classified(request, record, level: int, reason: str) -> None:
    """A classified record needs ?reason= (at least 5 characters); the read is logged."""
    if not level:
        return
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": [_(
            "Hồ sơ này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự), "
            "ví dụ ?reason=Thẩm định hồ sơ bổ nhiệm."
        ) % {"n": MIN_REASON_LENGTH}]})
    record_read(actor=request.user, target=record, reason=reason.strip())


def page_of(rows, page: int) -> dict:
    """One page of ``rows`` (PAGE_SIZE a page) with the total count."""
    if page < 1:
        raise ValidationError({"page": [_("Số trang bắt đầu từ 1.")]})
    if page > 1_000_000:
        raise ValidationError({"page": [_("Số trang quá lớn.")]})
    start = (page - 1) * PAGE_SIZE
    window = list(rows[start:start + PAGE_SIZE + 1])
    return {"count": rows.count(), "page": page, "has_next": len(window) > PAGE_SIZE,
            "results": window[:PAGE_SIZE]}
