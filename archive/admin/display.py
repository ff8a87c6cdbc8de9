"""Small read-only displays shared by the model admins: history, text as received."""
from __future__ import annotations

from django.db.models import Model
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ..services.history import history_of

HISTORY_SHOWN = 50


def history_list(obj: Model) -> str:
    """Who changed ``obj``, when and what, newest first, as an HTML list."""
    if obj is None or obj.pk is None:
        return "—"
    entries = list(history_of(obj)[:HISTORY_SHOWN])
    if not entries:
        return "尚无修改记录"
    return format_html(
        '<ul class="archive-history">{}</ul>',
        format_html_join(
            "", "<li><time>{}</time> <strong>{}</strong>：{}</li>",
            (
                (
                    timezone.localtime(entry.action_time).strftime("%Y-%m-%d %H:%M"),
                    entry.user.get_username() if entry.user else "—",
                    entry.get_change_message() or entry.get_action_flag_display(),
                )
                for entry in entries
            ),
        ),
    )


def text_block(text: str) -> str:
    """Text shown as received, line breaks kept."""
    return format_html('<div class="archive-text">{}</div>', text or "—")
