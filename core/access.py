"""The single access policy: org-subtree scope + classification, denied by default.

- Every scoped model's QuerySet has ``visible_to(user)``: records in the user's org subtree and at
  or below the user's clearance. Views, API, exports and counts all read through it; a record
  outside it is a 404, never a leak.
- Every view must declare who may call it with one of the decorators below; the middleware
  refuses (403) any view that declares nothing, so a new view is closed until someone opens it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

ACCESS_ATTR = "hoso_access"
PUBLIC = "public"
AUTHENTICATED = "authenticated"

# URL namespaces that enforce access themselves: the admin site (superusers only) and the
# ninja API (token/session auth on every operation, data through visible_to).
SELF_GUARDED_NAMESPACES = {"admin", "api"}


def scope_path(user) -> str | None:
    """Materialised path of the user's scope root, or None when the user has no scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    unit = getattr(user, "org_unit", None)
    return unit.path if unit is not None else None


def scope_filter(user, path_field: str, unit_field: str) -> models.Q | None:
    """Q restricting ``path_field`` to the user's subtree (or the unit alone), None = nothing."""
    path = scope_path(user)
    if path is None:
        return None
    if getattr(user, "include_subunits", True):
        return models.Q(**{f"{path_field}__startswith": path})
    return models.Q(**{unit_field: user.org_unit_id})


class ScopedQuerySet(models.QuerySet):
    """QuerySet of a record that belongs to an org unit and may carry a classification."""

    # Overridden by models whose unit is reached differently (e.g. OrgUnit itself).
    scope_path_field = "org_unit__path"
    scope_unit_field = "org_unit"
    classification_field: str | None = "classification"

    def visible_to(self, user):
        """Records the user may see: in scope and within clearance. Nothing for anonymous."""
        condition = scope_filter(user, self.scope_path_field, self.scope_unit_field)
        if condition is None:
            return self.none()
        queryset = self.filter(condition)
        if self.classification_field:
            queryset = queryset.filter(**{f"{self.classification_field}__lte": user.clearance})
        return queryset


def get_visible_or_404(queryset_or_model, user, **lookup):
    """Fetch one record through visible_to(user); out of scope or unknown are the same 404."""
    queryset = getattr(queryset_or_model, "objects", queryset_or_model)
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _mark(view: Callable, rule) -> Callable:
    setattr(view, ACCESS_ATTR, rule)
    return view


def public(view: Callable) -> Callable:
    """Open to anyone (login page, language switch, health check)."""
    return _mark(view, PUBLIC)


def login_required(view: Callable) -> Callable:
    """Any signed-in user; records are still filtered through visible_to(user)."""
    return _mark(view, AUTHENTICATED)


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    """Signed-in users with one of ``roles`` (accounts.choices.Role values)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return _mark(wrapped, frozenset(roles))

    return decorate


def _rule_of(view_func) -> object:
    rule = getattr(view_func, ACCESS_ATTR, None)
    view_class = getattr(view_func, "view_class", None)
    if rule is None and view_class is not None:
        rule = getattr(view_class, ACCESS_ATTR, None)
    return rule


def check_access(request: HttpRequest, rule) -> None:
    """Raise PermissionDenied unless ``request.user`` satisfies ``rule`` (already signed in)."""
    if rule == AUTHENTICATED:
        return
    if isinstance(rule, frozenset) and request.user.role in rule:
        return
    raise PermissionDenied


class AccessPolicyMiddleware:
    """Deny by default: a view without an access declaration is refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespaces and match.namespaces[0] in SELF_GUARDED_NAMESPACES:
            return None
        rule = _rule_of(view_func)
        if rule == PUBLIC:
            return None
        if rule is None:
            raise PermissionDenied("view declares no access rule")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        check_access(request, rule)
        return None
