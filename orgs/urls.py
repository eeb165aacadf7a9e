from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("chon/", views.choose, name="choose"),
    path("<int:unit_id>/", views.detail, name="detail"),
    path("<int:unit_id>/con/", views.children, name="children"),
]
