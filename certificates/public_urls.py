"""The public verification page (no login): /public/verify/?no=&name=."""

from django.urls import path

from . import views

app_name = "certificates_public"

urlpatterns = [path("verify/", views.verify, name="verify")]
