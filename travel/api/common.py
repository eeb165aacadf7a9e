"""What the travel API modules share: the router, error shapes and small helpers."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema

from core.errors import NotAllowed
from travel import workflow

router = Router(tags=["travel"])
PAGE_SIZE = 50
MIN_REASON_LENGTH = 5


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    return form.cleaned_data


def _require(user, roles) -> None:
    if user.role not in roles:
        raise PermissionDenied("role")


def _call(call):
    try:
        return call()
    except workflow.Refused as refused:
        raise ValidationError({"__all__": [str(refused.message)]}) from refused
    except NotAllowed as exc:
        raise PermissionDenied from exc
