from django.urls import path

from reports import document_views, views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("so-lieu/", views.drill, name="drill"),
    path("tao/", document_views.generate, name="generate"),
    path("da-ban-hanh/", document_views.issued_list, name="issued_list"),
    path("da-ban-hanh/<int:report_id>/", document_views.issued_detail, name="issued_detail"),
    *[path(f"da-ban-hanh/<int:report_id>/tai.{fmt}", document_views.issued_download,
           {"fmt": fmt}, name=f"issued_download_{fmt}") for fmt in ("docx", "xlsx", "pdf")],
]
