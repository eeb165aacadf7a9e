from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/tien-do/", views.progress, name="progress"),
    path("<int:job_id>/tai-ve/", views.download, name="download"),
    path("<int:job_id>/chay-tiep/", views.resume, name="resume"),
]
