"""``manage.py load_places``: bring the Place table in line with the gazetteer file."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from archive.gazetteer import get_gazetteer, source_note
from archive.gazetteer.records import LEVELS
from archive.gazetteer.sync import sync_places
from archive.models import Place


class Command(BaseCommand):
    help = "按行政区划数据文件创建或更新地区表（可重复运行）。"

    def handle(self, *args, **options) -> None:
        changed = sync_places(Place)
        gazetteer = get_gazetteer()
        by_level = {
            level: sum(1 for r in gazetteer if r.level == level and r.is_current)
            for level in LEVELS
        }
        former = sum(1 for r in gazetteer if not r.is_current)
        self.stdout.write(
            f"地区：新增或更新 {changed} 条，共 {Place.objects.count()} 条"
            f"（省级 {by_level['province']}，地级 {by_level['city']}，县级 {by_level['county']}，"
            f"已撤销县级 {former}）。"
        )
        self.stdout.write(f"数据来源：{source_note()}")
