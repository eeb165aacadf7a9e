from django.urls import path

from admission import views

app_name = "admission"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("them/", views.dossier_create, name="create"),
    path("<int:admission_dossier_id>/", views.dossier_detail, name="detail"),
    path("<int:admission_dossier_id>/sua/", views.dossier_edit, name="edit"),
    path("<int:admission_dossier_id>/giay-to/", views.document_add, name="document_add"),
    path("giay-to/<int:admission_document_id>/sua/", views.document_edit, name="document_edit"),
    path("<int:admission_dossier_id>/cong-van/", views.letter_link, name="letter_link"),
    path("<int:admission_dossier_id>/trang-thai/", views.dossier_transition, name="transition"),
]
