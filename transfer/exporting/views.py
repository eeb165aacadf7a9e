"""One export URL per list (``…/xuat/<list>/?<the page's filters>&format=csv|xlsx``)."""

from django.urls import path
from django.views.decorators.http import require_http_methods

from core import access
from transfer.exporting import lists  # noqa: F401  (fills the registry)
from transfer.exporting.registry import REGISTRY, ListExport, export_response


def _view(spec: ListExport):
    def export(request):
        return export_response(request, spec)

    export.__name__ = export.__qualname__ = f"export_{spec.name}"
    export.__doc__ = f"Export of the list {spec.name!r} (same rows as its page)."
    export = require_http_methods(["GET", "HEAD"])(export)
    rule = access.role_required(*spec.roles) if spec.roles else access.login_required
    return rule(export)


def urlpatterns() -> list:
    """The export URL of each registered list, named ``transfer:export_<list>``."""
    return [path(f"xuat/{spec.slug}/", _view(spec), name=f"export_{spec.name}")
            for spec in REGISTRY.values()]
