from django.urls import path

from inspections import edit_views, views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("khac-phuc-qua-han/", views.remediation_overdue, name="remediation_overdue"),
    path("chuong-trinh/", views.programme_list, name="programme_list"),
    path("chuong-trinh/them/", views.programme_create, name="programme_create"),
    path("chuong-trinh/<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("chuong-trinh/<int:programme_id>/sua/", edit_views.programme_edit, name="programme_edit"),
    path("chuong-trinh/<int:programme_id>/docx/", views.programme_download,
         name="programme_docx"),
    path("chuong-trinh/<int:programme_id>/them-cuoc/", views.inspection_create, name="create"),
    path("<int:inspection_id>/", views.inspection_detail, name="detail"),
    path("<int:inspection_id>/sua/", views.inspection_edit, name="edit"),
    path("<int:inspection_id>/chuyen-buoc/", views.inspection_transition, name="transition"),
    path("<int:inspection_id>/gia-han/", views.inspection_extend, name="extend"),
    path("<int:inspection_id>/doi-tuong/", views.subject_add, name="subject_add"),
    path("<int:inspection_id>/doan/", views.team_add, name="team_add"),
    path("<int:inspection_id>/van-ban/", views.document_add, name="document_add"),
    path("<int:inspection_id>/khac-phuc/", views.remediation_add, name="remediation_add"),
    path("<int:inspection_id>/khac-phuc/<int:remediation_item_id>/", views.remediation_done,
         name="remediation_done"),
    path("<int:inspection_id>/khac-phuc/<int:remediation_item_id>/sua/", edit_views.remediation_edit,
         name="remediation_edit"),
    path("<int:inspection_id>/van-ban/<int:inspection_document_id>/sua/", edit_views.document_edit,
         name="document_edit"),
    path("<int:inspection_id>/doi-tuong/<int:subject_id>/ket-luan/", views.conclusion_edit,
         name="conclusion"),
    path("<int:inspection_id>/doi-tuong/<int:subject_id>/khieu-nai/", views.appeal_create,
         name="appeal_create"),
    path("<int:inspection_id>/khieu-nai/<int:appeal_id>/", views.appeal_decide,
         name="appeal_decide"),
]
