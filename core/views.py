from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import i18n

from core import access
from core.counting import cached_counts
from orgs.models import OrgUnit
from people.models import Person
from positions.counts import home_flags


@access.login_required
def home(request):
    """The start page: what the user can reach from here, with counts in their scope."""
    # A few minutes' old figure is fine here; the page says when it was counted.
    user = request.user
    counts = cached_counts(user, "core.home", units=OrgUnit.objects.active(),
                           people=lambda: Person.objects.in_subtree(user, user.org_unit))
    context = {
        "unit_count": counts.values["units"],
        "person_count": counts.values["people"],
        "counted_at": counts.as_of,
        "positions_flags": home_flags(user, timezone.localdate()),
    }
    return render(request, "core/home.html", context)


@access.public
def set_language(request):
    """Django's language switch, open to anyone (the sign-in page offers it too)."""
    return i18n.set_language(request)


@access.public
def health(request):
    """Liveness probe for the process supervisor."""
    return JsonResponse({"status": "ok"})
