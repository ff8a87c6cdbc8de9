"""URL routes of the Union Press Archive."""
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView


class FaviconRedirect(RedirectView):
    """Browsers and feed readers ask for /favicon.ico whatever a page names."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("favicon.svg")  # read per request: the name carries the file's hash


urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", FaviconRedirect.as_view()),
    path("", include("search.urls")),
    path("", include("archive.urls")),
]
