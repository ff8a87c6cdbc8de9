"""``manage.py backup DIR``: a consistent copy of the database, the index and the secret key."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...services.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("备份档案库：在网站运行时取得数据库与检索索引一致的快照，连同密钥写入新目录 DIR"
            "（DIR 不能已有文件；只用于 SQLite 数据库）。用 manage.py restore DIR 恢复。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="备份目录：不存在或为空")

    def handle(self, *args: object, directory: str, **options: object) -> None:
        def waiting() -> None:
            self.stderr.write("检索索引正在被写入（如重建索引），等它写完后开始备份……")

        try:
            backup = create_backup(Path(directory), on_wait=waiting)
        except BackupError as error:
            raise CommandError(str(error)) from error
        database, index = backup.manifest["database"], backup.manifest["index"]
        key = "、密钥" if backup.manifest["secret_key"] else "（密钥来自 DJANGO_SECRET_KEY，未备份）"
        self.stdout.write(
            f"已备份到 {backup.directory}：数据库（文章 {database['articles']} 篇，"
            f"待写入索引 {database['pending_changes']} 条）、检索索引（{index['documents']} 篇）"
            f"{key}；用时 {backup.seconds:.1f} 秒")
