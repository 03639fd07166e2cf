from django.urls import path

from . import views, views_filing
from .filing import FILING_WORKFLOW

app_name = "attendance"

urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("new/", views.class_create, name="class_create"),
    path("schedule-template/", views.schedule_template, name="schedule_template"),
    path("<int:pk>/", views.class_detail, name="class_detail"),
    path("<int:pk>/edit/", views.class_update, name="class_update"),
    path("<int:pk>/assign/", views.class_assign, name="class_assign"),
    path("members/<int:pk>/remove/", views.member_remove_view, name="member_remove"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<int:pk>/sessions/copy-week/", views.week_copy_view, name="week_copy"),
    path("<int:pk>/schedule/export/", views.schedule_export, name="schedule_export"),
    path("<int:pk>/schedule/import/", views.schedule_upload, name="schedule_upload"),
    path("<int:pk>/schedule/import/commit/", views.schedule_commit, name="schedule_commit"),
    path("<int:pk>/attendance/export/", views.attendance_export, name="attendance_export"),
    path("<int:pk>/attendance/import/", views.attendance_upload, name="attendance_upload"),
    path("<int:pk>/attendance/import/commit/", views.attendance_commit, name="attendance_commit"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_update, name="session_update"),
    path("sessions/<int:pk>/delete/", views.session_delete_view, name="session_delete"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/sign-in/", views.sign_in_upload, name="sign_in_upload"),
    path("sessions/<int:pk>/sign-in/file/", views.sign_in_download, name="sign_in_download"),
    # --- scheme filing, amendments, spot checks, integrity checks ---
    path("<int:pk>/filing/", views_filing.filing_detail, name="filing_detail"),
    path("<int:pk>/filing/edit/", views_filing.scheme_edit, name="scheme_edit"),
    path("<int:pk>/filing/teachers/add/", views_filing.teacher_add_view, name="teacher_add"),
    path("<int:pk>/filing/file/<str:which>/", views_filing.scheme_file, name="scheme_file"),
    path("filing/teachers/<int:pk>/remove/", views_filing.teacher_remove_view, name="teacher_remove"),
    path("filing/queue/", views_filing.filing_queue, name="filing_queue"),
    path("amendments/<int:pk>/decide/", views_filing.amendment_decide_view, name="amendment_decide"),
    path("sessions/<int:pk>/spot-check/", views_filing.spot_check_create, name="spot_check_create"),
    path("spot-checks/", views_filing.spot_check_list, name="spot_check_list"),
    path("spot-checks/<int:pk>/", views_filing.spot_check_detail, name="spot_check_detail"),
    path("spot-checks/<int:pk>/record/", views_filing.spot_check_record_file, name="spot_check_record"),
    path("spot-check-photos/<int:pk>/", views_filing.spot_check_photo, name="spot_check_photo"),
    path("integrity/", views_filing.integrity_list, name="integrity_list"),
]

# One POST-only URL per step of the filing workflow: filing/<pk>/<step>/ named filing_<step>.
urlpatterns += FILING_WORKFLOW.urls(
    views_filing.filing_step, prefix="filing/<int:pk>/", name_prefix="filing_"
)
