"""gunicorn settings for `make serve`: load the app (and jieba) once, then fork workers.

The workers are threaded (``config.gunicorn_worker``): an idle or slow connection costs a
parked socket or, at most for ``ARCHIVE_CLIENT_TIMEOUT`` seconds, one of each worker's
threads, never the whole site. The master also keeps the search index writer running
(``config.writer_supervisor``): started when the site is ready, restarted if it dies,
stopped with the site.
"""
import multiprocessing
import os

from config import writer_supervisor

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "config.gunicorn_worker.ArchiveThreadWorker"
threads = int(os.environ.get("ARCHIVE_WORKER_THREADS", 32))
worker_connections = 1000
keepalive = 5
timeout = 60
graceful_timeout = 20
accesslog = "-"
# No runtime control socket: its default path is per user, not per site, so two archives on
# one machine would share it.
control_socket_disable = True


def when_ready(server: "gunicorn.arbiter.Arbiter") -> None:  # noqa: F821 - gunicorn's hook
    writer_supervisor.start(server.log)


def on_exit(server: "gunicorn.arbiter.Arbiter") -> None:  # noqa: F821
    writer_supervisor.stop()
