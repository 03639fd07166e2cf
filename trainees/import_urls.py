from django.urls import path

from . import import_views as views

app_name = "roster_import"

urlpatterns = [
    path("", views.roster_import_list, name="list"),
    path("template/", views.roster_template, name="template"),
    path("upload/", views.roster_upload, name="upload"),
    path("<int:pk>/", views.roster_import_preview, name="preview"),
    path("<int:pk>/commit/", views.roster_import_commit, name="commit"),
    path("<int:pk>/rejected/", views.roster_import_rejected, name="rejected"),
]
