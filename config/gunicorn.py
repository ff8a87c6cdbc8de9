"""gunicorn settings for `make serve`: load the app (and jieba) once, then fork workers."""
import multiprocessing
import os

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
timeout = 60
accesslog = "-"
