"""A database that does not answer (restart, fail-over, network cut) gives a clear 503, not a 500.

Django turns an exception inside any middleware or view into a response at that layer, so an
outer middleware never sees the exception itself. The ``got_request_exception`` signal (sent
while the exception is being handled) marks the request instead, and the outermost middleware
replaces the response with a Vietnamese 503 page (JSON under /api/) asking to retry. Nothing of
it touches the database: no template, session or user lookup. Recovery needs no restart:
``CONN_HEALTH_CHECKS`` makes Django drop a dead persistent connection before the next request.
"""

import json
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

_FLAG = "_hoso_database_unavailable"
RETRY_AFTER_SECONDS = 30


def message() -> str:
    return _("Cơ sở dữ liệu tạm thời không trả lời, vui lòng thử lại sau ít phút. Dữ liệu "
             "đã lưu trước đó không bị ảnh hưởng; thao tác vừa rồi có thể chưa được lưu.")


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


@receiver(got_request_exception)
def _mark_request(sender, request=None, **kwargs):
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _FLAG, True)


def unavailable_response(request) -> HttpResponse:
    """503 with the message: JSON ``{"detail": …}`` for the API, a small HTML page otherwise."""
    if request.path.startswith("/api/"):
        response = HttpResponse(json.dumps({"detail": message()}, ensure_ascii=False),
                                status=503, content_type="application/json; charset=utf-8")
    else:
        title = escape(_("Tạm thời gián đoạn"))
        body = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}'
                f"</title></head><body><h1>{title}</h1><p>{escape(message())}</p></body></html>")
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Outermost middleware: a response produced after a database outage becomes a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except (OperationalError, InterfaceError):
            return unavailable_response(request)
        if getattr(request, _FLAG, False):
            return unavailable_response(request)
        return response


def install(api) -> None:
    """The API's own handler (ninja answers view errors itself in DEBUG, without the signal)."""
    for kind in (OperationalError, InterfaceError):
        api.add_exception_handler(kind, lambda request, exc: unavailable_response(request))
