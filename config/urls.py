from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("core.urls")),
    path("programs/", include("programs.urls")),
    path("bases/", include("bases.urls")),
    path("trainees/import/", include("trainees.import_urls")),
    path("trainees/", include("trainees.urls")),
    path("attendance/", include("attendance.urls")),
    path("results/", include("assessment.urls")),
    path("certificates/", include("certificates.urls")),
    path("statistics/", include("stats.urls")),
    path("public/", include("bases.public_urls")),
    path("public/", include("certificates.public_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
