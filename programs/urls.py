from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("new/", views.program_create_view, name="program_create"),
    path("eligibility/", views.eligibility_check, name="eligibility_check"),
    path("eligibility/evaluate/", views.eligibility_evaluate, name="eligibility_evaluate"),
    path("<slug:code>/", views.program_detail, name="program_detail"),
    path("<slug:code>/edit/", views.program_update_view, name="program_update"),
    path("<slug:code>/policy/", views.policy_update_view, name="policy_update"),
    path("<slug:code>/copy/", views.program_copy_view, name="program_copy"),
    path("<slug:code>/status/", views.program_status_view, name="program_status"),
]
