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
