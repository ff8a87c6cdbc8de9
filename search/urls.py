"""Search page and search API."""
from django.urls import path

from . import views
from .feeds import SearchFeed

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search/feed/", SearchFeed(), name="feed"),
    path("api/search", views.search_api, name="api"),
]
