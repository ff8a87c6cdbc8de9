"""Reader-facing pages of the archive: browsing by date, place, union and person."""
from django.urls import path  # noqa: F401 - routes are added as the pages are built

app_name = "archive"
urlpatterns: list = []
