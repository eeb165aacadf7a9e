from django.http import JsonResponse
from django.shortcuts import render

from core import access


@access.login_required
def home(request):
    """The start page: what the user can reach from here."""
    return render(request, "core/home.html")


@access.public
def health(request):
    """Liveness probe for the process supervisor."""
    return JsonResponse({"status": "ok"})
