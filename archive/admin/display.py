"""Small read-only displays shared by the model admins: history, text as received."""
from __future__ import annotations

from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..models import Article, Revision
from ..selectors.corrections import reimport_lines
from ..services.history import describe, history_of
from ..services.revisions import can_revert
from ..services.snapshots import differences, model_of

HISTORY_SHOWN = 50
IMPORTER = "导入程序"


def history_list(obj: Model) -> str:
    """Who changed ``obj``, when and what, newest first, as an HTML list.

    An article's list also shows the re-imports of its page that updated it in place, and
    what they did with the staff's corrections.
    """
    if obj is None or obj.pk is None:
        return "—"
    entries = list(history_of(obj).select_related("revision")[:HISTORY_SHOWN])
    rows = [
        (entry.action_time, entry.user.get_username() if entry.user else "—", describe(entry),
         _revision_of(entry))
        for entry in entries
    ]
    if isinstance(obj, Article):
        rows += [(when, IMPORTER, text, "") for when, text in reimport_lines(obj.pk)]
        rows = sorted(rows, key=lambda row: row[0], reverse=True)[:HISTORY_SHOWN]
    if not rows:
        return "尚无修改记录"
    return format_html(
        '<ul class="archive-history">{}</ul>',
        format_html_join(
            "", "<li><time>{}</time> <strong>{}</strong>：{}{}</li>",
            (
                (timezone.localtime(when).strftime("%Y-%m-%d %H:%M"), who, text, revision)
                for when, who, text, revision in rows
            ),
        ),
    )


def _revision_of(entry) -> SafeString | str:  # noqa: ANN001 - a LogEntry
    """The values before and after of an entry's revision, and its revert button."""
    revision: Revision | None = getattr(entry, "revision", None)
    if revision is None:
        return ""
    tables = []
    for change in revision.changes:
        model = model_of(change["model"])
        rows = differences(model, change["before"], change["after"])
        if not rows:
            continue
        caption = f"{model._meta.verbose_name} {change['pk']}"
        tables.append(format_html(
            '<table class="archive-diff"><caption>{}</caption><thead><tr><th scope="col">项目'
            '</th><th scope="col">修改前</th><th scope="col">修改后</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            caption,
            format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                             ((row.label, _short(row.before), _short(row.after))
                              for row in rows)),
        ))
    if not tables:
        return ""
    button = _revert_button(entry, revision)
    return format_html(
        '<details class="archive-revision"><summary>查看修改前后</summary>{}</details>{}',
        mark_safe("".join(tables)), button,
    )


def _revert_button(entry, revision: Revision) -> SafeString | str:  # noqa: ANN001
    if revision.reverted_by_id is not None:
        return mark_safe(' <span class="archive-reverted">已撤销</span>')
    if not can_revert(revision):
        return ""
    model = entry.content_type.model_class()
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_revert",
                      args=[revision.pk])
    except NoReverseMatch:
        return ""
    # The history sits inside the change form: the button submits that form (and its CSRF
    # token) to the revert address instead of saving it.
    return format_html(
        ' <button type="submit" class="archive-revert" formaction="{}" formnovalidate '
        'name="_revert">撤销这次修改</button>', url,
    )


SHORT_VALUE = 300


def _short(value: str) -> str:
    return value if len(value) <= SHORT_VALUE else value[:SHORT_VALUE] + "…"


def text_block(text: str) -> str:
    """Text shown as received, line breaks kept."""
    return format_html('<div class="archive-text">{}</div>', text or "—")
