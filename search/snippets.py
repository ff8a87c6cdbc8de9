"""The passage of an article shown under a search result, with the match marked."""
from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120


def snippet(text: str, terms: tuple[str, ...], size: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``text`` around the first match of any term, matches in <mark>.

    Terms are the strings the reader searched for (already reduced to what the index holds),
    so the marks fall exactly where the article contains them; the text is escaped.
    """
    flat = " ".join(text.split("\n"))
    patterns = [_pattern(term) for term in terms if term]
    first = min((m.start() for p in patterns if (m := p.search(flat))), default=None)
    if first is None:
        window, start = flat[:size], 0
    else:
        start = max(0, first - size // 3)
        window = flat[start:start + size]
    pieces: list[str] = []
    position = 0
    spans = sorted(
        (m.start(), m.end()) for p in patterns for m in p.finditer(window)
    )
    for begin, end in spans:
        if begin < position:
            continue
        pieces.append(escape(window[position:begin]))
        pieces.append(f"<mark>{escape(window[begin:end])}</mark>")
        position = end
    pieces.append(escape(window[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(flat) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def _pattern(term: str) -> re.Pattern[str]:
    # The reader's term may have lost punctuation and spaces the article has between runs.
    parts = [re.escape(part) for part in term.split()]
    return re.compile(r"[\s\W]*".join(parts), re.IGNORECASE)
