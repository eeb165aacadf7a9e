from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("them/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/sua/", views.person_edit, name="edit"),
]
