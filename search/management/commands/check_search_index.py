"""Compare the search index with the database, and repair the difference if asked."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from search.drift import find_drift, repair_drift


class Command(BaseCommand):
    help = "检查检索索引与数据库是否一致；加 --repair 修复差异"

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="补写缺失的文章，删除多余的文档")

    def handle(self, *args, repair: bool, **options):
        drift = find_drift()
        self.stdout.write(
            f"数据库 {drift.in_database} 篇，索引 {drift.in_index} 篇；"
            f"索引缺 {len(drift.missing)} 篇，多出 {len(drift.extra)} 篇，"
            f"待写入 {drift.pending} 条"
        )
        if repair and not drift.clean:
            handled = repair_drift(drift)
            self.stdout.write(f"已修复：写入或删除 {handled} 条")
        elif not drift.clean:
            self.stdout.write("运行 check_search_index --repair 修复")
