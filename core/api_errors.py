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
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return _("Ngày không hợp lệ: dùng dạng năm-tháng-ngày, ví dụ 2025-12-29.")
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


_DETAIL_BODY = {"type": "object", "required": ["detail"],
                "properties": {"detail": {"type": "string"}}}
_FIELD_ERRORS_BODY = {"type": "object", "required": ["errors"], "properties": {"errors": {
    "type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}


def _common_responses() -> dict[str, tuple[str, dict]]:
    """The refusals any operation may answer (handlers below), by status code."""
    return {
        "400": (_("Dữ liệu gửi lên không hợp lệ (lỗi theo từng trường)."), _FIELD_ERRORS_BODY),
        "401": (_("Chưa đăng nhập hoặc mã truy cập API không hợp lệ."), _DETAIL_BODY),
        "403": (_("Không có quyền thực hiện thao tác này."), _DETAIL_BODY),
        "404": (_("Không tìm thấy bản ghi, hoặc bạn không có quyền xem bản ghi này."),
                _DETAIL_BODY),
    }


def document_common_errors(schema: dict) -> dict:
    """Add the common refusals to every operation of an OpenAPI ``schema`` that omits them.

    Any operation may answer them (bad query or body, no token, role refused, record out of
    scope), so a client — and the schemathesis test — finds each one documented.
    """
    common = _common_responses()
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, (description, body) in common.items():
                operation["responses"].setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": body}},
                })
    return schema


def install(api) -> None:
    """Register the handlers on ``api`` (a NinjaAPI) and document them in its OpenAPI schema."""
    build_schema = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return document_common_errors(build_schema(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema

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
        if exc.status_code == 400:  # ninja could not parse the body: the same shape as a bad field
            return respond(request, 400, {"errors": {NON_FIELD: [_(
                "Nội dung gửi lên không phải JSON hợp lệ."
            )]}})
        return respond(request, exc.status_code, {"detail": str(exc)})

    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(EditConflict, on_conflict)
    api.add_exception_handler(DjangoValidationError, on_django_invalid)
    api.add_exception_handler(NinjaValidationError, on_ninja_invalid)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)
