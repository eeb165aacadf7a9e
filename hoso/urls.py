from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from hoso.api import api

urlpatterns = [
    path("", include("core.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("to-chuc/", include("orgs.urls")),
    path("nhan-su/", include("people.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("phoi-hop/", include("coordination.urls")),
    path("kiem-tra/", include("inspections.urls")),
    path("van-ban/", include("documents.urls")),
    path("ket-nap/", include("admission.urls")),
    path("di-nuoc-ngoai/", include("travel.urls")),
    path("tham-dinh/", include("vetting.urls")),
    path("vi-tri/", include("positions.urls")),
    path("bao-cao/", include("reports.urls")),
    path("du-lieu/", include("transfer.urls")),
    path("tac-vu/", include("jobs.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
]
