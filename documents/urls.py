from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_create, name="create"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/sua/", views.document_edit, name="edit"),
    path("<int:document_id>/tep/", views.attachment_upload, name="upload"),
    path("<int:document_id>/so-mat/", views.register_entry, name="register"),
    path("tep/<int:attachment_id>/", views.attachment_download, name="download"),
]
