"""Read-side queries. Every function returns rows with what a page or an export needs, in a
number of queries that does not grow with the number of rows."""
from .articles import (
    EXPORT_CHUNK,
    articles_with_context,
    iter_articles_for_export,
    newest_first,
)

__all__ = ["EXPORT_CHUNK", "articles_with_context", "iter_articles_for_export", "newest_first"]
