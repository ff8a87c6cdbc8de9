from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from . import indexing  # noqa: F401 - connects the receiver of articles_changed
