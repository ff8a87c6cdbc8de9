"""Compare the search index with the database, and repair the difference if asked."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from search.drift import check_index, find_drift, repair_drift
from search.indexing import rebuild

# Above this share of the archive missing or stale, a rebuild is quicker than a repair.
REBUILD_SHARE = 0.5


class Command(BaseCommand):
    help = "检查检索索引与数据库是否一致（缺失、多余、过期、重复的文档）；加 --repair 修复"

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true",
                            help="补写缺失或过期的文章，删除多余或重复的文档；"
                                 "索引无法打开或格式过旧时重建索引")

    def handle(self, *args, repair: bool, **options):
        checked = check_index()
        drift = checked.drift
        if checked.problem:
            self.stdout.write(checked.problem)
            if not repair:
                self.stdout.write("运行 check_search_index --repair 或 rebuild_index 重建")
                return
            written = rebuild()
            self.stdout.write(f"已重建索引：写入 {written} 篇")
            drift = find_drift()
        self.stdout.write(drift.summary)
        if drift.clean:
            return
        if not repair:
            self.stdout.write("运行 check_search_index --repair 修复")
            return
        if len(drift.missing | drift.stale) > REBUILD_SHARE * max(drift.in_database, 1):
            written = rebuild()
            self.stdout.write(f"差异过多，已重建索引：写入 {written} 篇")
        else:
            handled = repair_drift(drift)
            self.stdout.write(f"已修复：写入或删除 {handled} 条")
