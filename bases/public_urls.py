"""Pages anyone may read without logging in."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("notices/", views.public_notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.public_notice_detail, name="notice_detail"),
    path("notices/<int:pk>/pdf/", views.public_notice_pdf, name="notice_pdf"),
]
