"""What `make bench` needs from the portal, switched on only by PORTAL_BENCH (never in
production): a minimal view served through the same middleware as every page, and the number of
SQL queries each request made, in a response header."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse

QUERIES_HEADER = "X-Portal-Queries"


def minimal(request: HttpRequest) -> HttpResponse:
    """The yardstick: what a request costs before any page does its own work."""
    return HttpResponse("ok", content_type="text/plain")


class QueryCount:
    """First in the middleware: counts every query of the request, middleware included."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
            # A streamed export runs its queries while it is sent: those are not counted.
        response[QUERIES_HEADER] = str(count)
        return response
