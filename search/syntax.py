"""What a reader may type in the search box, and what it means.

- ``疗休养`` — articles containing that string anywhere (title, byline or text);
  punctuation and spaces in the article do not hide it (``search.analysis.joined``);
- ``疗休养 湖州`` — both strings, each anywhere in the article;
- ``疗休养 OR 疗养`` (or ``或``) — either string;
- ``"工会 主席"`` or ``“工会主席”`` — the quoted string as one phrase, never loosened into
  words (see ``loosened``);
- ``-疫情`` — leave out articles containing 疫情;
- ``标题:工匠``, ``作者:王明``, ``版次:2`` — the string in the title block or the byline, or
  articles of that page (``FIELDS``).

Nothing else is syntax: every term is reduced to the characters the index holds (Han
characters, Latin letters, digits), so ``*``, brackets, unknown prefixes and unbalanced
quotes are plain text. This module is pure: it knows nothing of the database or the engine.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

MAX_QUERY_CHARS = 200
MAX_TERMS = 8

INDEXABLE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]+")
HAN_CHAR = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")

# Field prefixes a reader may put before a term: the prefix, what it searches, its label.
FIELDS = {"标题": "title", "作者": "byline"}
FIELD_LABELS = {"text": "", "title": "标题", "byline": "作者"}
PAGE_PREFIX = "版次"
OR_WORDS = frozenset({"OR", "or", "或", "|", "｜"})

_QUOTES = "\"“”「」『』"
_TOKEN = re.compile(
    rf"(?P<prefix>(?:{'|'.join([*FIELDS, PAGE_PREFIX])})[:：]\s*)?"
    rf"(?:[{_QUOTES}](?P<quoted>[^{_QUOTES}]*)(?:[{_QUOTES}]|$)|(?P<word>[^\s{_QUOTES}]+))"
)
_PAGE_VALUE = re.compile(r"第?([0-9]{1,3})版?")


@dataclass(frozen=True)
class Term:
    """One string a document must contain, in one field."""

    text: str  # reduced to what the index holds (``clean``)
    field: str = "text"  # "text" (the whole article), "title" (the title block), "byline"
    phrase: bool = False  # quoted: matched as typed, never loosened into words

    @property
    def label(self) -> str:
        prefix = FIELD_LABELS[self.field]
        return f"{prefix}含“{self.text}”" if prefix else f"“{self.text}”"


@dataclass(frozen=True)
class ParsedQuery:
    """The reader's query: every clause must match (one of its terms, ``OR``), no excluded
    string may occur, and the article must be on one of ``pages`` when any are given."""

    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.clauses and not self.pages

    @property
    def required(self) -> tuple[str, ...]:
        """Every string searched for, once each (what is marked in titles and text)."""
        return tuple(dict.fromkeys(term.text for clause in self.clauses for term in clause))

    @property
    def described(self) -> list[str]:
        """The clauses in the reader's words: “疗休养”, “工匠”或“劳模”, 标题含“工匠”."""
        return ["或".join(term.label for term in clause) for clause in self.clauses]


def parse_query(q: str) -> ParsedQuery:
    """Read the reader's query (see the module's docstring)."""
    notes: list[str] = []
    if len(q) > MAX_QUERY_CHARS:
        q = q[:MAX_QUERY_CHARS]
        notes.append(f"检索词过长，只用了前 {MAX_QUERY_CHARS} 个字")
    clauses: list[list[Term]] = []
    excluded: list[str] = []
    pages: list[int] = []
    join_next = False
    for match in _TOKEN.finditer(q):
        prefix = (match["prefix"] or "").rstrip(":： \t\u3000")
        quoted, word = match["quoted"], match["word"]
        if word is not None and not prefix and word in OR_WORDS:
            join_next = bool(clauses)
            continue
        if prefix == PAGE_PREFIX:
            page = _PAGE_VALUE.fullmatch((quoted if quoted is not None else word).strip())
            if page and int(page[1]) > 0:
                pages.append(int(page[1]))
                join_next = False
                continue
            notes.append(f"“{match[0].strip()}”：版次应为数字（如 版次:2），已按普通字词检索")
            prefix, word, quoted = "", match[0], None
        if quoted is None and not prefix and word.startswith(("-", "－")) and len(word) > 1:
            cleaned = clean(word[1:])
            if cleaned:
                excluded.append(cleaned)
            join_next = False
            continue
        cleaned = clean(quoted if quoted is not None else word)
        if not cleaned:
            continue
        term = Term(cleaned, FIELDS.get(prefix, "text"), phrase=quoted is not None)
        if join_next and clauses:
            if term not in clauses[-1]:
                clauses[-1].append(term)
        elif [term] not in clauses:
            clauses.append([term])
        join_next = False
    if sum(len(clause) for clause in clauses) > MAX_TERMS:
        notes.append(f"检索词过多，只用了前 {MAX_TERMS} 个")
        clauses = _first_terms(clauses, MAX_TERMS)
    return ParsedQuery(tuple(tuple(clause) for clause in clauses),
                       tuple(dict.fromkeys(excluded))[:MAX_TERMS],
                       tuple(dict.fromkeys(pages))[:MAX_TERMS], tuple(notes))


def _first_terms(clauses: list[list[Term]], limit: int) -> list[list[Term]]:
    kept: list[list[Term]] = []
    for clause in clauses:
        room = limit - sum(len(c) for c in kept)
        if room <= 0:
            break
        kept.append(clause[:room])
    return kept


def clean(text: str) -> str:
    """Only what the index holds: runs of Han characters, Latin letters and digits.

    Runs are rejoined with a space, except between two Han characters: Chinese is written
    without spaces, and the index passes over punctuation between Han characters.
    """
    cleaned = ""
    for run in INDEXABLE.findall(text):
        if cleaned and not (HAN_CHAR.match(cleaned[-1]) and HAN_CHAR.match(run[0])):
            cleaned += " "
        cleaned += run
    return cleaned


def loosened(parsed: ParsedQuery, cut: Callable[[str], list[str]]) -> ParsedQuery | None:
    """The same query with each single, unquoted term replaced by all of its words
    (``cut``: jieba's), anywhere in the same field; None when no term has two words.

    What it finds includes everything ``parsed`` finds (an article containing a string
    contains each of its words), so the articles it adds are those that have the words
    apart: 送清凉助企 → 送/清凉/助企.
    """
    clauses: list[tuple[Term, ...]] = []
    changed = False
    for clause in parsed.clauses:
        term = clause[0]
        words = [] if len(clause) > 1 or term.phrase else _words(term.text, cut)
        if len(words) < 2:
            clauses.append(clause)
            continue
        changed = True
        clauses += [(replace(term, text=word),) for word in words
                    if (replace(term, text=word),) not in clauses]
    return replace(parsed, clauses=tuple(clauses), notes=()) if changed else None


def _words(text: str, cut: Callable[[str], list[str]]) -> list[str]:
    words = [clean(word) for word in cut(text)]
    return list(dict.fromkeys(word for word in words if word))
