"""Reader-facing pages of the archive: browsing by date, place, union and person.

Issues, pages, articles, unions and people are addressed by their ids and places by their
GB/T 2260 codes, so a link stays valid when a title, a name or an estimated date is corrected.
"""
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds
from .sitemaps import SITEMAPS
from .views import browse, data, organisations, places
from .views.moved import union_feed_moves

app_name = "archive"
urlpatterns = [
    path("", browse.home, name="home"),
    path("dates/", browse.date_index, name="date-index"),
    path("dates/<int:year>/", browse.date_year, name="date-year"),
    path("dates/<int:year>/<int:month>/", browse.date_month, name="date-month"),
    path("papers/<str:slug>/", browse.paper_detail, name="paper-detail"),
    path("issues/<int:issue_id>/", browse.issue_detail, name="issue-detail"),
    path("pages/<int:page_id>/", browse.page_detail, name="page-detail"),
    path("articles/<int:article_id>/", browse.article_detail, name="article-detail"),
    path("articles/<int:article_id>/cite.<str:suffix>", data.article_citation,
         name="article-citation"),
    path("places/", places.place_index, name="place-index"),
    path("places/<str:code>/", places.place_detail, name="place-detail"),
    path("unions/", organisations.union_index, name="union-index"),
    path("unions/<int:union_id>/", organisations.union_detail, name="union-detail"),
    path("people/", organisations.person_index, name="person-index"),
    path("people/<int:person_id>/", organisations.person_detail, name="person-detail"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed-latest"),
    path("feeds/added/", feeds.NewlyAddedFeed(), name="feed-added"),
    path("feeds/places/<str:code>/", feeds.PlaceFeed(), name="feed-place"),
    path("feeds/unions/<int:union_id>/", union_feed_moves(feeds.UnionFeed()), name="feed-union"),
    path("api/articles/<int:article_id>", data.api_article, name="api-article"),
    path(
        "sitemap.xml", sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "archive:sitemap-section"}, name="sitemap",
    ),
    path(
        "sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", data.robots_txt, name="robots"),
    path("opensearch.xml", data.opensearch, name="opensearch"),
]
