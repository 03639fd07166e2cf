"""The portal's URLs plus the baseline page the page benchmarks compare with (bench settings only)."""

from django.urls import include, path

from .views import bare_page

urlpatterns = [
    path("bench/bare/", bare_page, name="bench_bare"),
    path("", include("config.urls")),
]
