"""The import pipeline for one page: bytes in, articles ready to store out.

decode → clean (control characters, then lines) → unwrap (hard-wrapped lines into
paragraphs) → rejoin (column breaks) → classify → segment → deduplicate → assemble → tag
places → tag unions. Every stage is a pure function over the
dataclasses in ``types.py``; nothing here touches the database, so a dry run and the admin's
preview see exactly what an import stores.
"""
from __future__ import annotations

import hashlib

from ..gazetteer.lookup import Gazetteer, get_gazetteer
from .articles import cut_articles
from .clean import remove_control_chars
from .decode import DEFAULT_MAX_BYTES, decode_page
from .places import tag_place
from .types import IngestError, PageDraft, PageSource
from .unions import tag_unions


def build_page(
    data: bytes,
    source: PageSource,
    *,
    home_province_code: str | None = None,
    max_bytes: int | None = None,
    gazetteer: Gazetteer | None = None,
) -> PageDraft:
    """Run a page file through every stage; raise IngestError naming what is wrong with it.

    ``gazetteer`` is the one the archive keeps (``selectors.gazetteer.stored_gazetteer``, with
    staff edits) when importing; without it the committed gazetteer file is read.
    """
    text = decode_page(data, source.file_name, max_bytes=max_bytes or _configured_max_bytes())
    text, notes = remove_control_chars(text)
    articles, warnings = cut_articles(text)
    if not articles:
        raise IngestError(f"{source.file_name}: 没有找到任何文章")
    gazetteer = gazetteer or get_gazetteer()
    for article in articles:
        article.place = tag_place(article, gazetteer, home_province_code)
        article.unions = tag_unions(article, gazetteer, article.place)
    return PageDraft(
        source=source,
        original_text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        articles=articles,
        warnings=notes + warnings,
    )


def _configured_max_bytes() -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, "ARCHIVE_MAX_PAGE_BYTES", DEFAULT_MAX_BYTES))
    except Exception:  # noqa: BLE001 - used outside a configured Django project
        return DEFAULT_MAX_BYTES
