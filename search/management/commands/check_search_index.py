"""Compare the search index with the database, and repair the difference if asked."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from search.drift import find_drift, repair_drift
from search.engine import EngineUnavailable, engine
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
        current = engine()
        problem = None
        if not current.format_is_current():
            problem = (f"索引格式已过期或无法识别（索引为 {current.index_format() or '未记录'}），"
                       "部分检索结果会不准确，需要重建索引")
        else:
            try:
                drift = find_drift()
            except EngineUnavailable as error:
                problem = f"检索索引无法读取（{error}），需要重建索引"
        if problem:
            self.stdout.write(problem)
            if not repair:
                self.stdout.write("运行 check_search_index --repair 或 rebuild_index 重建")
                return
            written = rebuild()
            self.stdout.write(f"已重建索引：写入 {written} 篇")
            drift = find_drift()
        self.stdout.write(
            f"数据库 {drift.in_database} 篇，索引 {drift.in_index} 篇；"
            f"索引缺 {len(drift.missing)} 篇，多出 {len(drift.extra)} 篇，"
            f"内容过期 {len(drift.stale)} 篇，重复 {len(drift.duplicated)} 篇，"
            f"待写入 {drift.pending} 条"
        )
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
