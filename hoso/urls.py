from django.contrib import admin
from django.urls import include, path

from hoso.api import api

urlpatterns = [
    path("", include("core.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("to-chuc/", include("orgs.urls")),
    path("nhan-su/", include("people.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
]
