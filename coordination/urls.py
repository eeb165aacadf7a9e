from django.urls import path

from coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("qua-han/", views.overdue_list, name="overdue"),
    path("them/", views.request_create, name="create"),
    path("<int:coordination_request_id>/", views.request_detail, name="detail"),
    path("<int:coordination_request_id>/cong-van.docx", views.request_letter, name="letter"),
    path("<int:coordination_request_id>/sua/", views.request_edit, name="edit"),
    path("<int:coordination_request_id>/tra-loi/", views.request_reply, name="reply"),
    path("<int:coordination_request_id>/don-doc/", views.request_chaser, name="chaser"),
    path("tra-loi/<int:reply_id>/sua/", views.reply_edit, name="reply_edit"),
    path("don-doc/<int:chaser_id>/sua/", views.chaser_edit, name="chaser_edit"),
    path("<int:coordination_request_id>/trang-thai/", views.request_transition,
         name="transition"),
]
