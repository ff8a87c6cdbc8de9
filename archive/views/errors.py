"""Error pages Django does not take from a template name alone."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token: tell the reader to reload and try again.

    Django's own page is in English and tells the site's staff to turn DEBUG on; the reason
    it gives is for logs, not for readers.
    """
    return render(request, "403_csrf.html", status=403)
