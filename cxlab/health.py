"""Health checks for the load balancer and the process manager.

``/healthz/live/`` says the process answers (no database: the cheapest Django view, also
the benchmarks' yardstick); ``/healthz/`` says it can serve, its database included.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def live(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
