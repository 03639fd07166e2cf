from django.urls import path

from . import views
from .workflows import FILING_WORKFLOW

app_name = "trainees"

urlpatterns = [
    path("", views.enrollment_list, name="enrollment_list"),
    path("new/", views.enrollment_create, name="enrollment_create"),
    path("new/evaluate/", views.enrollment_evaluate, name="enrollment_evaluate"),
    path("<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
    path("<int:pk>/edit/", views.enrollment_edit, name="enrollment_edit"),
    path("<int:pk>/withdraw/", views.enrollment_withdraw_view, name="enrollment_withdraw"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("<int:pk>/commitment-letter/", views.commitment_letter, name="commitment_letter"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("commitment-letters/", views.commitment_letters, name="commitment_letters"),
    path("roster/export/", views.roster_export, name="roster_export"),
    path("places/<str:code>/", views.places, name="places"),
    path("filings/", views.filing_list, name="filing_list"),
    path("filings/new/", views.filing_create, name="filing_create"),
]
# One POST-only URL per step of the roster filing's workflow: filings/<pk>/<step>/ named filing_<step>.
urlpatterns += FILING_WORKFLOW.urls(views.filing_step, prefix="filings/<int:pk>/", name_prefix="filing_")
