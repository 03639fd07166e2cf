from django.urls import path

from . import views
from .workflows import PLAN_WORKFLOW

app_name = "bases"

urlpatterns = [
    path("", views.base_list, name="base_list"),
    path("new/", views.base_create, name="base_create"),
    path("<int:pk>/", views.base_detail, name="base_detail"),
    path("<int:pk>/edit/", views.base_update, name="base_update"),
    path("<int:pk>/status/", views.base_status, name="base_status"),
    path("<int:pk>/sanctions/", views.sanction_create, name="sanction_create"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/lines/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("notices/", views.publication_list, name="publication_list"),
    path("notices/<int:pk>/close/", views.publication_close, name="publication_close"),
    path("programs/<slug:code>/publish/", views.publication_create, name="publication_create"),
    path("programs/<slug:code>/plan-table/", views.plan_table_export, name="plan_table_export"),
]
# One POST-only URL per step of the plan's workflow: plans/<pk>/<step>/ named plan_<step>.
urlpatterns += PLAN_WORKFLOW.urls(views.plan_step, prefix="plans/<int:pk>/", name_prefix="plan_")
