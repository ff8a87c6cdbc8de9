"""``manage.py export_articles``: every article as JSON Lines, to a file or stdout."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...export import write_jsonl
from ...selectors import iter_articles_for_export


class Command(BaseCommand):
    help = "把全部文章导出为 JSON Lines（每行一篇，UTF-8）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", default="-", metavar="FILE", help="输出文件；默认 - 为标准输出"
        )

    def handle(self, *args: object, **options: object) -> None:
        output = str(options["output"])
        if output == "-":
            try:
                count = write_jsonl(iter_articles_for_export(), self.stdout)
            except BrokenPipeError:  # the reader (head, less) has seen enough
                return
        else:
            count = _write_file(Path(output))
        if int(options["verbosity"]) > 0:
            self.stderr.write(f"已导出 {count} 篇文章" + ("" if output == "-" else f"到 {output}"))


def _write_file(path: Path) -> int:
    """Write beside the target and rename, so a failed export never leaves half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(f"{path}: 目录不存在")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            count = write_jsonl(iter_articles_for_export(), stream)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return count
