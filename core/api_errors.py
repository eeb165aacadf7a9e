"""JSON errors of the REST API: every refusal is a status code and a Vietnamese sentence.

Shapes: ``{"detail": "…"}`` for a refusal, ``{"errors": {"field": ["…"]}}`` for invalid input
(the same field names as the forms, so a client can show each message next to its field).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from core.errors import EditConflict

# Where pydantic puts a value's location; the first part says which part of the request.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}
NON_FIELD = "__all__"


def _pydantic_message(error: dict) -> str:
    """A Vietnamese sentence for one pydantic error (its English text is never shown)."""
    kind = error.get("type", "")
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind.startswith("int_") or kind.startswith("float_"):
        return _("Cần nhập một số.")
    if kind.startswith("bool_"):
        return _("Cần nhập đúng (true) hoặc sai (false).")
    if kind in {"json_invalid", "model_attributes_type", "dict_type", "model_type"}:
        return _("Nội dung gửi lên không phải JSON hợp lệ.")
    if kind == "string_too_long":
        return _("Nội dung quá dài.")
    if kind.startswith("string_"):
        return _("Cần nhập một chuỗi ký tự.")
    return _("Giá trị không hợp lệ.")


def field_of(error: dict) -> str:
    """Field name of a pydantic error: its location minus the request part and the body name."""
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in _LOCATIONS:
        loc = loc[1:]
    # ninja names the whole body after the parameter ("payload"): drop it when a field follows.
    if len(loc) > 1 and loc[0] == "payload":
        loc = loc[1:]
    return ".".join(loc) or NON_FIELD


def errors_from_pydantic(errors: list[dict]) -> dict[str, list[str]]:
    """{"field": ["message", …]} from ninja's list of pydantic errors."""
    result: dict[str, list[str]] = {}
    for error in errors:
        result.setdefault(field_of(error), []).append(_pydantic_message(error))
    return result


def errors_from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    """{"field": ["message", …]} from a Django ValidationError (form or model)."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in DjangoValidationError(errs).messages]
                for field, errs in exc.error_dict.items()}
    return {NON_FIELD: [str(m) for m in exc.messages]}


def install(api) -> None:
    """Register the handlers on ``api`` (a NinjaAPI)."""

    def respond(request, status: int, body: dict):
        return api.create_response(request, body, status=status)

    def on_not_found(request, exc):
        return respond(request, 404, {"detail": _(
            "Không tìm thấy bản ghi, hoặc bạn không có quyền xem bản ghi này."
        )})

    def on_forbidden(request, exc):
        return respond(request, 403, {"detail": _(
            "Bạn không có quyền thực hiện thao tác này. Liên hệ quản trị viên nếu cần được cấp quyền."
        )})

    def on_conflict(request, exc):
        return respond(request, 409, {"detail": str(exc.message)})

    def on_django_invalid(request, exc):
        return respond(request, 400, {"errors": errors_from_django(exc)})

    def on_ninja_invalid(request, exc):
        # A malformed id in the path names no record: the same 404 as an unknown one.
        if any(str((e.get("loc") or ("",))[0]) == "path" for e in exc.errors):
            return on_not_found(request, exc)
        return respond(request, 400, {"errors": errors_from_pydantic(exc.errors)})

    def on_unauthenticated(request, exc):
        return respond(request, 401, {"detail": _(
            "Cần đăng nhập hoặc gửi mã truy cập API hợp lệ (Authorization: Bearer …)."
        )})

    def on_http_error(request, exc):
        if exc.status_code == 403:  # ninja's CSRF refusal for session clients
            return respond(request, 403, {"detail": _(
                "Yêu cầu thiếu mã CSRF hợp lệ: tải lại trang rồi thử lại, hoặc dùng mã truy cập API."
            )})
        return respond(request, exc.status_code, {"detail": str(exc)})

    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(EditConflict, on_conflict)
    api.add_exception_handler(DjangoValidationError, on_django_invalid)
    api.add_exception_handler(NinjaValidationError, on_ninja_invalid)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)
