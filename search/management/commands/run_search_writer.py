"""The search index writer: keeps writing pending article changes into the index."""
from __future__ import annotations

import os
import signal

from django.core.management.base import BaseCommand

from search.indexing import run_writer
from search.writelock import writer_process


PARENT_ENVIRONMENT = "ARCHIVE_WRITER_PARENT"  # set by config.writer_supervisor: its pid


class Command(BaseCommand):
    help = "持续把待更新的文章写入检索索引（make serve 的 gunicorn 会在后台运行它）"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="两次检查之间的秒数（默认 1）")

    def handle(self, *args, interval: float, **options):
        stopping = {"now": False}

        def stop(signum, frame):  # noqa: ANN001
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # Started by gunicorn's master: end with it, even when it was killed outright, so
        # that no writer outlives the site (a restore would wait for it for ever).
        parent = int(os.environ.get(PARENT_ENVIRONMENT, "0") or 0)
        orphaned = (lambda: os.getppid() != parent) if parent else (lambda: False)
        with writer_process():  # how a restore knows a writer is running
            self.stderr.write("检索索引写入进程已启动")
            run_writer(interval, stop=lambda: stopping["now"] or orphaned())
