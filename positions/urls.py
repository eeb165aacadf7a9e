from django.urls import path

from positions import views

app_name = "positions"
urlpatterns = [
    path("", views.catalogue_list, name="catalogues"),
    path("them/", views.catalogue_create, name="catalogue_create"),
    path("doi-chieu/", views.compliance_list, name="compliance"),
    path("<int:catalogue_id>/", views.catalogue_detail, name="catalogue"),
    path("vi-tri/<int:position_id>/", views.position_detail, name="position"),
    path("vi-tri/<int:position_id>/bo-tri/", views.holding_assign, name="assign"),
    path("dam-nhiem/<int:holding_id>/ket-thuc/", views.holding_end, name="end"),
]
