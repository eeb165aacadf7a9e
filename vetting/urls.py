from django.urls import path

from vetting import edit_views, views

app_name = "vetting"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("them/", views.case_create, name="create"),
    path("<int:vetting_case_id>/", views.case_detail, name="detail"),
    path("<int:vetting_case_id>/sua/", views.case_edit, name="edit"),
    path("<int:vetting_case_id>/trang-thai/", views.case_transition, name="transition"),
    path("<int:vetting_case_id>/phan-cong/", views.case_assign, name="assign"),
    path("<int:vetting_case_id>/than-nhan/", views.relative_add, name="relative_add"),
    path("<int:vetting_case_id>/xac-minh/", views.finding_add, name="finding_add"),
    path("than-nhan/<int:relative_id>/sua/", edit_views.relative_edit, name="relative_edit"),
    path("xac-minh/<int:finding_id>/sua/", edit_views.finding_edit, name="finding_edit"),
    path("giai-trinh/<int:explanation_id>/sua/", edit_views.explanation_edit,
         name="explanation_edit"),
    path("khieu-nai/<int:complaint_id>/sua/", edit_views.complaint_edit, name="complaint_edit"),
    path("<int:vetting_case_id>/yeu-cau/", views.request_raise, name="request_raise"),
    path("<int:vetting_case_id>/giai-trinh/", views.explanation, name="explanation"),
    path("<int:vetting_case_id>/de-xuat/", views.conclusion_propose, name="propose"),
    path("<int:vetting_case_id>/phe-duyet/", views.conclusion_approve, name="approve"),
    path("<int:vetting_case_id>/ket-luan/", views.conclusion_decide, name="decide"),
    path("<int:vetting_case_id>/khieu-nai/", views.complaint, name="complaint"),
]
