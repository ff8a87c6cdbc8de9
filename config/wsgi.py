"""WSGI entry point used by gunicorn.

Web workers only read the search index (the writer process writes it), and the word
segmenter and jieba's TF-IDF table (for related articles' keywords) are loaded here, once,
before gunicorn forks its workers (``preload_app``). Everything loaded so far is then
frozen out of the garbage collector's reach: the table alone is hundreds of thousands of
objects that never die, and walking them made full collections in a worker long pauses
in the middle of some request.
"""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ARCHIVE_SEARCH_WRITER"] = "0"
application = get_wsgi_application()

from search.segmentation import segmenter  # noqa: E402 - needs Django set up

segmenter()

from search.related import keyword_extractor  # noqa: E402

keyword_extractor()

from search.engine import engine  # noqa: E402 - the search engine's code, loaded once too

engine()
gc.collect()
gc.freeze()
