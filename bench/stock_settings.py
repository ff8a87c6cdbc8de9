"""The archive's settings with the stock search setup most Django sites use, for comparison.

haystack's own Whoosh backend and defaults (``HAYSTACK_LIMIT_TO_REGISTERED_MODELS`` left at
its default), an index whose document field uses jieba's ``ChineseAnalyzer``
(``bench/search_indexes.py``), kept in its own directory beside the archive's index.
"""
from config.settings import *  # noqa: F401,F403
from config.settings import DATA_DIR, INSTALLED_APPS

del HAYSTACK_LIMIT_TO_REGISTERED_MODELS  # noqa: F821 - back to haystack's default (True)

# haystack's own rebuild_index, not the archive's (which the search app puts first).
INSTALLED_APPS = ["haystack", *(app for app in INSTALLED_APPS if app != "haystack"), "bench"]
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": str(DATA_DIR / "stock_whoosh_index"),
        "EXCLUDED_INDEXES": ["search.search_indexes.ArticleIndex"],
    },
}
