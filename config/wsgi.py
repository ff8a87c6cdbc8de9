"""WSGI entry point used by gunicorn.

Web workers only read the search index (the writer process writes it), and jieba's
dictionary is loaded here, once, before gunicorn forks its workers (``preload_app``).
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ARCHIVE_SEARCH_WRITER"] = "0"
application = get_wsgi_application()

from search.segmentation import segmenter  # noqa: E402 - needs Django set up

segmenter()

from search.engine import engine  # noqa: E402 - the search engine's code, loaded once too

engine()
