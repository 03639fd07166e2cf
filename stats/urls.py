from django.urls import path

from . import views
from .workflows import PERFORMANCE_WORKFLOW

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_index, name="index"),
    path("province/export/", views.province_export, name="province_export"),
    path("programs/<slug:code>/", views.program_statistics, name="program"),
    path("programs/<slug:code>/policy/", views.policy_update, name="policy_update"),
    path("programs/<slug:code>/export/", views.sheet_export, name="sheet_export"),
    path("programs/<slug:code>/submit/", views.submission_create, name="submission_create"),
    path("programs/<slug:code>/dashboard/", views.dashboard, name="dashboard"),
    path("programs/<slug:code>/performance/", views.performance_list, name="performance_list"),
    path("programs/<slug:code>/performance/<int:base>/", views.performance_report, name="performance_report"),
    path("performance/<int:pk>/pdf/", views.performance_pdf, name="performance_pdf"),
    *PERFORMANCE_WORKFLOW.urls(
        views.performance_step, prefix="performance/<int:pk>/", name_prefix="performance_"
    ),
    path("submissions/<int:pk>/file/", views.submission_download, name="submission_download"),
    path("classes/<int:pk>/archives/", views.archive_list, name="archive_list"),
    path("classes/<int:pk>/archives/new/", views.archive_create, name="archive_create"),
    path("archives/<int:pk>/file/", views.archive_download, name="archive_download"),
    path("archives/<int:pk>/delete/", views.archive_delete, name="archive_delete"),
]
