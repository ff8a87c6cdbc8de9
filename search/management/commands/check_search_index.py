"""Compare the search index with the database, and repair the difference if asked."""
from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from search.backend import INDEX_FORMAT
from search.drift import find_drift, repair_drift


class Command(BaseCommand):
    help = "检查检索索引与数据库是否一致；加 --repair 修复差异"

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true",
                            help="补写缺失的文章，删除多余的文档；索引格式过旧时重建索引")

    def handle(self, *args, repair: bool, **options):
        backend = connections["default"].get_backend()
        if not backend.format_is_current():
            found = backend.index_format() or "未记录"
            self.stdout.write(f"索引格式已过期（索引为 {found}，当前程序为 {INDEX_FORMAT}），"
                              "部分检索结果会不准确，需要重建索引")
            if not repair:
                self.stdout.write("运行 check_search_index --repair 或 rebuild_index 重建")
                return
            call_command("rebuild_index", interactive=False, verbosity=0)
            self.stdout.write("已按当前格式重建索引")
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
