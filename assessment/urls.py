from django.urls import path

from . import views
from .workflows import RESULTS_WORKFLOW

app_name = "assessment"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("template/", views.results_template, name="results_template"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/import/", views.batch_import, name="batch_import"),
    path("<int:pk>/import/commit/", views.batch_import_commit, name="batch_import_commit"),
    path("classes/<int:pk>/", views.class_results, name="class_results"),
    *RESULTS_WORKFLOW.urls(views.batch_step, prefix="<int:pk>/", name_prefix="batch_"),
]
