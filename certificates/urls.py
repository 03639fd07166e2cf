from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="certificate_list"),
    path("pdf/", views.certificates_pdf_job, name="certificates_pdf_job"),
    path("<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("<int:pk>/revoke/", views.certificate_revoke_view, name="certificate_revoke"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("programs/<slug:code>/issue/", views.certificate_issue, name="certificate_issue"),
    path("programs/<slug:code>/passers/", views.passers_list, name="passers_list"),
    path("programs/<slug:code>/passers/publish/", views.passers_publish, name="passers_publish"),
    path("passers/<int:pk>/pdf/", views.passers_pdf, name="passers_pdf"),
]
