from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from . import dependencies, indexing  # noqa: F401 - indexing connects articles_changed

        dependencies.connect()
