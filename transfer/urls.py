from django.urls import path  # noqa: F401

from transfer.exporting import views as exporting

app_name = "transfer"
urlpatterns = [
    *exporting.urlpatterns(),
]
