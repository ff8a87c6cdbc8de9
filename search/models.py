"""The search app's one table: changes waiting for the index writer."""
from django.db import models


class PendingIndexChange(models.Model):
    """An article whose search document must be written (or deleted).

    Rows are written in the same transaction as the change to the article (see
    ``search.indexing``), so a change cannot reach the database without its index update
    being recorded; the writer deletes a row only after the index has committed it.
    """

    article_id = models.BigIntegerField("文章编号", db_index=True)
    removed = models.BooleanField("已删除", default=False)
    queued_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "待更新索引"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{'删除' if self.removed else '更新'} 文章 {self.article_id}"
