"""Site-wide HTTP guards: NUL characters out of addresses and parameters, a request-body
limit, the Content-Security-Policy header, a Chinese page for a request method a view does
not take, a 400 for a body the client stopped sending, and no shared caching of pages
served to signed-in staff."""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

Handler = Callable[[HttpRequest], HttpResponse]


class NulCharacterMiddleware:
    """Drop NUL (U+0000) from the address and the query parameters before anything reads them.

    No reader means one, and PostgreSQL can neither store nor compare text holding it: a
    ``/places/%00/`` or ``?q=%00`` would reach the database as a query it refuses (a 500).
    Form fields are Django's own business: its forms refuse NUL with a message.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            request.path_info = request.path_info.replace("\x00", "")
            request.path = request.path.replace("\x00", "")
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than ``ARCHIVE_MAX_REQUEST_BYTES``.

    Decided from the Content-Length header alone, so a 200 MB upload is turned away at once
    instead of being received whole. (Django's own limits apply to form fields, not to
    uploaded files.) The page says how large a request may be.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.ARCHIVE_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django treats a malformed length as an empty body
        if declared > limit:
            body = render_to_string("413.html", {"limit_mib": limit // (1024 * 1024)})
            response = HttpResponse(body, status=413)
            response["Connection"] = "close"  # the unread body must not be taken as a request
            return response
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every response that has none."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class MethodNotAllowedPageMiddleware:
    """Give Django's bare 405 (a GET to a button that only posts, say) a page that says so.

    ``require_POST`` and class-based views answer 405 with an empty body; there is no
    ``handler405`` to set, so the empty answer is filled in here, keeping its Allow header.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            response.content = render_to_string(
                "405.html", {"allowed": response.get("Allow", "")}, request=request
            )
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class UnreadableBodyMiddleware:
    """A client that stops sending its request body half-way (the worker's read times out)
    gets a 400, not a server error with a traceback in the log."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UnreadablePostError):
            return HttpResponse(render_to_string("400.html", request=request), status=400)
        return None


class PrivateForStaffMiddleware:
    """Pages served to a signed-in user carry 编辑 links and their name: never for a shared
    cache, whatever the view said."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
