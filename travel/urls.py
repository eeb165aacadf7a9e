from django.urls import path

from travel import views

app_name = "travel"
urlpatterns = [
    path("", views.trip_list, name="list"),
    path("them/", views.trip_create, name="create"),
    path("<int:trip_id>/", views.trip_detail, name="detail"),
    path("<int:trip_id>/trang-thai/", views.trip_transition, name="transition"),
    path("<int:trip_id>/y-kien/", views.approval_decide, name="approval"),
    path("<int:trip_id>/ho-chieu/", views.passport_return, name="passport"),
]
urlpatterns += [
    path("doan-vao/", views.visit_list, name="visit_list"),
    path("doan-vao/them/", views.visit_create, name="visit_create"),
    path("doan-vao/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("lam-viec/", views.contact_list, name="contact_list"),
    path("lam-viec/them/", views.contact_create, name="contact_create"),
    path("lam-viec/<int:contact_report_id>/", views.contact_detail, name="contact_detail"),
    path("yeu-to-nuoc-ngoai/", views.element_list, name="element_list"),
    path("yeu-to-nuoc-ngoai/them/", views.element_create, name="element_create"),
    path("yeu-to-nuoc-ngoai/<int:foreign_element_id>/", views.element_detail,
         name="element_detail"),
]
