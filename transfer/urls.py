from django.urls import path

from transfer import views
from transfer.exporting import views as exporting

app_name = "transfer"
urlpatterns = [
    *exporting.urlpatterns(),
    path("nhap/", views.import_list, name="import_list"),
    path("nhap/<int:import_id>/", views.import_detail, name="import_detail"),
    path("nhap/<int:import_id>/ghi/", views.import_apply, name="import_apply"),
    path("nhap/<int:import_id>/dong/<int:import_row_id>/", views.import_resolve,
         name="import_resolve"),
]
