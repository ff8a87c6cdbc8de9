"""When the search index cannot be read: a clear 503 for readers instead of a server error.

Any view that searches (the search page, the API, the search feed) may meet
``EngineUnavailable``; this answers it in one place — a Chinese page, or JSON for the API —
and logs it, so ``check_search_index --repair`` can be run. Browsing, which reads only the
database, keeps working.
"""
from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .engine import EngineUnavailable

log = logging.getLogger(__name__)
MESSAGE = "检索暂时不可用"
RETRY_AFTER = "60"


class SearchUnavailableMiddleware:
    def __init__(self, get_response) -> None:  # noqa: ANN001
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, EngineUnavailable):
            return None
        log.error("search unavailable for %s: %s", request.path, exception)
        if request.path.startswith("/api/"):
            response = JsonResponse({"error": f"{MESSAGE}，请稍后再试"}, status=503,
                                    json_dumps_params={"ensure_ascii": False})
        else:
            response = render(request, "503.html", {"q": request.GET.get("q", "")}, status=503)
        response["Retry-After"] = RETRY_AFTER
        return response
