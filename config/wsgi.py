"""WSGI entry point used by gunicorn.

Web workers only read the search index (the writer process writes it), and jieba's
dictionaries are loaded here, once, before gunicorn forks its workers (``preload_app``).
Everything loaded so far is then frozen out of the garbage collector's reach: jieba's
dictionaries are millions of objects that never die, and walking them made every full
collection in a worker a pause of a tenth of a second in the middle of some request.
"""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ARCHIVE_SEARCH_WRITER"] = "0"
application = get_wsgi_application()

from search.segmentation import segmenter  # noqa: E402 - needs Django set up

segmenter()

from search.segmentation import reference_segmenter  # noqa: E402

reference_segmenter()  # jieba itself: related articles' keywords are cut with it

from search.engine import engine  # noqa: E402 - the search engine's code, loaded once too

engine()
gc.collect()
gc.freeze()
