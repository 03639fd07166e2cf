"""Project-level pages: the home page composes what each app reports for the user's scope."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.permissions import ALL_ROLES, role_required
from stats.dashboard import home_charts

from .dashboard import HOME_MAX_AGE, dashboard_for


@role_required(*ALL_ROLES)
def home(request):
    return render(
        request,
        "home.html",
        {
            "dashboard": dashboard_for(request.user),
            "max_age": HOME_MAX_AGE,
            "charts": home_charts(request.user),
        },
    )


def healthz(request):
    """For the load balancer: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"message": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No template context processors here: a failing request must not fail again while rendering.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
