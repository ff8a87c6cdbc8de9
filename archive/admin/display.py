"""Small read-only displays shared by the model admins: history, text as received."""
from __future__ import annotations

from django.db.models import Model
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ..models import Article
from ..selectors.corrections import reimport_lines
from ..services.history import describe, history_of

HISTORY_SHOWN = 50
IMPORTER = "导入程序"


def history_list(obj: Model) -> str:
    """Who changed ``obj``, when and what, newest first, as an HTML list.

    An article's list also shows the re-imports of its page that updated it in place, and
    what they did with the staff's corrections.
    """
    if obj is None or obj.pk is None:
        return "—"
    rows = [
        (entry.action_time, entry.user.get_username() if entry.user else "—", describe(entry))
        for entry in history_of(obj)[:HISTORY_SHOWN]
    ]
    if isinstance(obj, Article):
        rows += [(when, IMPORTER, text) for when, text in reimport_lines(obj.pk)]
        rows = sorted(rows, key=lambda row: row[0], reverse=True)[:HISTORY_SHOWN]
    if not rows:
        return "尚无修改记录"
    return format_html(
        '<ul class="archive-history">{}</ul>',
        format_html_join(
            "", "<li><time>{}</time> <strong>{}</strong>：{}</li>",
            (
                (timezone.localtime(when).strftime("%Y-%m-%d %H:%M"), who, text)
                for when, who, text in rows
            ),
        ),
    )


def text_block(text: str) -> str:
    """Text shown as received, line breaks kept."""
    return format_html('<div class="archive-text">{}</div>', text or "—")
