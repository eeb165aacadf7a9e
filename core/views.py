from django.http import JsonResponse
from django.shortcuts import render
from django.views import i18n

from core import access
from orgs.models import OrgUnit
from people.models import Person


@access.login_required
def home(request):
    """The start page: what the user can reach from here, with counts in their scope."""
    context = {
        "unit_count": OrgUnit.objects.visible_to(request.user).active().count(),
        "person_count": Person.objects.visible_to(request.user).count(),
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
