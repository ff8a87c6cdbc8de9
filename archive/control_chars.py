"""Characters that never belong in the archive's text, and taking them out.

Page files from OCR and pdftotext, and text pasted into the admin, can carry control
characters: a form feed where pdftotext ends a page, a vertical tab (a word processor's line
break), an escape sequence from a terminal. None of them prints, and XML 1.0 cannot hold them,
so a single one stored in an article breaks every feed that carries the article. They are
taken out where text comes in (the importer's cleaning stage, the admin's forms) and again
where text goes out as XML (the feeds), for text stored before.
"""
from __future__ import annotations

import re

# Line breaks in other spellings: CRLF and a lone CR are a line feed; a form feed and a
# vertical tab end a line where they stand.
_CARRIAGE_RETURN = re.compile(r"\r\n?")
_BREAKING_CONTROLS = re.compile(r"[\f\v]")
# Everything else that is not text: C0 controls but tab and line feed (CR, FF and VT are
# handled above), DEL and the C1 controls, lone surrogates, and U+FFFE and U+FFFF, which
# XML 1.0 cannot hold.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
SHOWN_CHARS = 20  # how much of a wrong value an error message repeats


def clean_control_chars(text: str) -> tuple[str, int]:
    """``text`` with line breaks made line feeds and every other control character removed,
    and how many characters were removed or turned into a line break.

    A carriage return is not counted: CRLF is an ordinary way to end a line.
    """
    text = _CARRIAGE_RETURN.sub("\n", text)
    text, breaks = _BREAKING_CONTROLS.subn("\n", text)
    text, removed = _CONTROLS.subn("", text)
    return text, breaks + removed


def without_control_chars(text: str) -> str:
    """``text`` as the archive keeps it: see ``clean_control_chars``."""
    return clean_control_chars(text)[0]


def has_line_breaking_controls(text: str) -> bool:
    """True when ``text`` holds a form feed or a vertical tab (which end a line)."""
    return _BREAKING_CONTROLS.search(text) is not None


def shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """``value`` as an error message repeats it back: without control characters, and cut
    to ``limit`` characters (marked …), so a value of thousands of characters stays a line."""
    value = without_control_chars(value)
    return value if len(value) <= limit else value[:limit] + "…"
