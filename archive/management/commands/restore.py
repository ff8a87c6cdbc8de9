"""``manage.py restore DIR``: replace the database, index and secret key with a backup's."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...services.backup import BackupError
from ...services.restore import restore_backup


class Command(BaseCommand):
    help = ("从 manage.py backup 写下的备份目录 DIR 恢复数据库、检索索引和密钥，"
            "然后检查索引与数据库是否一致。恢复前请先停止网站。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="备份目录（含 manifest.json）")

    def handle(self, *args: object, directory: str, **options: object) -> None:
        try:
            restored = restore_backup(Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = restored.manifest
        self.stdout.write(
            f"已恢复 {manifest['created']} 的备份：数据库（文章 {manifest['database']['articles']} 篇）、"
            f"检索索引（{manifest['index']['documents']} 篇）"
            f"{'、密钥' if manifest['secret_key'] else ''}")
        if restored.unapplied_migrations:
            self.stdout.write(
                f"数据库结构比当前代码旧（{restored.unapplied_migrations} 个迁移未应用）："
                "先运行 manage.py migrate，再运行 manage.py check_search_index --repair")
            return
        caught_up = restored.caught_up
        if caught_up.written:
            self.stdout.write(f"已把备份时尚未写入索引的 {caught_up.written} 条改动写入检索索引")
        check = caught_up.check
        if check.problem:
            self.stdout.write(check.problem)
            self.stdout.write("运行 manage.py check_search_index --repair 重建索引")
            return
        self.stdout.write(check.drift.summary)
        if not check.drift.clean:
            self.stdout.write("运行 manage.py check_search_index --repair 修复")
