"""The probe a load balancer or a monitor calls: is this app server able to answer pages?"""

from django.db import DatabaseError, connection
from django.http import HttpResponse


def healthz(request):
    """200 `ok` when the database answers a query, 503 `database unavailable` when it does not.
    Never cached; outside the /fr/ /en/ prefixes and exempt from the HTTPS redirect (settings),
    so that a probe over plain HTTP reaches it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = HttpResponse("database unavailable", content_type="text/plain", status=503)
    else:
        response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
