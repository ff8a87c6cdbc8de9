"""Rebuild the search index beside the live one and swap it in (replaces haystack's)."""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "重建检索索引：新索引在现有索引旁写好后一次切换，重建期间检索照常回答"

    def add_arguments(self, parser):
        # haystack's rebuild_index asks before clearing; nothing is cleared here.
        parser.add_argument("--noinput", "--no-input", action="store_false",
                            dest="interactive", help="（兼容 haystack；无需确认）")

    def handle(self, *args, **options):
        started = time.monotonic()
        written = rebuild()
        if options["verbosity"]:
            self.stdout.write(f"已重建检索索引：{written} 篇，用时 "
                              f"{time.monotonic() - started:.1f} 秒")
