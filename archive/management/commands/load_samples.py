"""``manage.py load_samples``: give an empty archive the sample pages in fixtures/seeds/."""
from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ...models import Page

SAMPLES_DIR = settings.BASE_DIR / "fixtures" / "seeds"


class Command(BaseCommand):
    help = "档案库中还没有任何版面时，导入 fixtures/seeds/ 中的示例版面。"

    def handle(self, *args: object, **options: object) -> None:
        if Page.objects.exists():
            self.stdout.write("档案库中已有版面，不导入示例。")
            return
        if not SAMPLES_DIR.is_dir():
            raise CommandError(f"{SAMPLES_DIR}: 示例目录不存在")
        call_command(
            "import_pages", str(SAMPLES_DIR),
            verbosity=options["verbosity"], stdout=self.stdout, stderr=self.stderr,
        )
