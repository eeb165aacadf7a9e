"""Who is acting, from where, in which request: read by the audit writer."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str = ""
    user_agent: str = ""


current = ContextVar("hoso_request_context", default=RequestContext())  # noqa: B039 (frozen)
