"""``manage.py load_places``: bring the Place table in line with the gazetteer file, keeping
what staff changed in the admin."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from archive.gazetteer import get_gazetteer, source_note
from archive.gazetteer.records import LEVELS
from archive.gazetteer.sync import sync_places
from archive.models import Place
from archive.selectors.gazetteer import staff_place_edits


class Command(BaseCommand):
    help = "按行政区划数据文件创建或更新地区表（可重复运行）。"

    def handle(self, *args, **options) -> None:
        edits = staff_place_edits()
        changed = sync_places(Place, keep=edits)
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
        if edits:
            self.stdout.write(f"保留了工作人员在 {len(edits)} 个地区上的修改（不被数据文件覆盖）。")
        self.stdout.write(f"数据来源：{source_note()}")
