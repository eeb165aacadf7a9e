"""API of the exports: ``GET /api/v1/transfer/export/<list>?format=csv|xlsx&<the page's filters>``.

One operation per list, with the same scoping, filters, columns and audit as the "Xuất Excel" /
"Xuất CSV" buttons of its page (the file is streamed).
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Router

from transfer.exporting import lists  # noqa: F401  (fills the registry)
from transfer.exporting.registry import FORMATS, REGISTRY, ListExport, export_response

router = Router(tags=["transfer"])

FILE_RESPONSES = {"200": {
    "description": "Tệp CSV (UTF-8 có BOM) hoặc XLSX, truyền dần.",
    "content": {content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for content_type in FORMATS.values()},
}}


def _operation(spec: ListExport):
    def export(request, format: Literal["csv", "xlsx"] = "csv"):  # noqa: A002 (the URL's name)
        if spec.roles and request.user.role not in spec.roles:
            raise PermissionDenied("role")
        return export_response(request, spec)

    export.__name__ = f"export_{spec.name}"
    return export


for _spec in REGISTRY.values():
    router.add_api_operation(
        f"/export/{_spec.name}", ["GET"], _operation(_spec),
        summary=f"Xuất danh sách: {_spec.title}",
        description="Cùng bộ lọc (tham số truy vấn) và cùng phạm vi như trang danh sách; "
                    "mỗi lần xuất được ghi nhật ký.",
        operation_id=f"transfer_export_{_spec.name}",
        openapi_extra={"responses": FILE_RESPONSES},
    )
