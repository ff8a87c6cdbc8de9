"""How Chinese text becomes search terms.

Two analyses, for two jobs:

- **Character n-grams** decide *whether* an article matches. Every run of Han characters is
  indexed as the set of its characters and character pairs (疗休养 → 疗, 休, 养, 疗休, 休养);
  Latin words and numbers are indexed lower-cased, whole. So a query of one or two
  characters is one term that finds exactly the articles containing it — whatever a word
  segmenter would have made of it (区总工会主席 splits as 总工会/主席, hiding 工会主席 from a
  word index). A longer query needs all of its pairs, and the articles' text decides
  (the Whoosh engine's ``finder``). No positions are stored: reading posting lists without
  them is several times faster.

  Triples were indexed too until they were measured on real newspaper text: they are most
  of the distinct terms (1.7 million triples against 0.5 million pairs in 10,000 articles),
  and dropping them made a rebuild 1.8 times as fast and the index 2.6 times smaller,
  while the text check keeps every answer exact or labelled as an estimate.
- **jieba words** decide *how well* it matches: the same text cut into words (with the
  archive's own vocabulary: place, union and people names, domain terms), scored with BM25,
  so an article where 疗休养 is a word ranks above one where the letters merely meet.

Punctuation and spaces between two Han characters do not separate them (``joined``):
“工匠”进校园 is indexed, checked and highlighted as 工匠进校园, so a reader who types the
words without the quotes finds it. Only a line break or the end of a sentence (。！？；…)
separates, so a string is never found across two sentences or paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the Han ranges the index holds
_RUNS = re.compile(rf"[{HAN}]+|[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*")
_HAN = re.compile(rf"[{HAN}]")
# What separates two Han characters for good: a line break or a sentence's end.
SENTENCE_ENDS = "\n\r\u2028\u2029。！？；!?;…"
# Anything else between Han characters (quotes, brackets, commas, spaces) is passed over.
SOFT_GAP = rf"[^{HAN}A-Za-z0-9{SENTENCE_ENDS}]"
_GAP = re.compile(rf"(?<=[{HAN}]){SOFT_GAP}+(?=[{HAN}])")


def joined(text: str) -> str:
    """``text`` with the punctuation and spaces between Han characters taken out."""
    return _GAP.sub("", text)


LONGEST_GRAM = 2


def index_grams(text: str) -> set[str]:
    """Every n-gram term of ``text``: what an article is matched by."""
    terms: set[str] = set()
    for value in _RUNS.findall(joined(text)):
        if not _HAN.match(value):
            terms.add(value.lower())
            continue
        for size in range(1, min(LONGEST_GRAM, len(value)) + 1):
            terms.update(value[i:i + size] for i in range(len(value) - size + 1))
    return terms


@dataclass(frozen=True)
class TermGrams:
    """What an article containing a query term must have in the n-gram field.

    ``grams``: terms it must contain, all of them; ``exact``: whether having them means the
    article contains the term (otherwise the text must be checked).
    """

    grams: tuple[str, ...]
    exact: bool = True


def term_grams(term: str) -> TermGrams:
    """The n-gram terms a query term (as ``search.query`` cleans it) is matched by."""
    runs = _RUNS.findall(term)
    grams: list[str] = []
    for value in runs:
        if not _HAN.match(value):
            grams.append(value.lower())
        elif len(value) <= LONGEST_GRAM:
            grams.append(value)
        else:
            grams += [value[i:i + LONGEST_GRAM] for i in range(len(value) - LONGEST_GRAM + 1)]
    exact = len(runs) == 1 and (not _HAN.match(runs[0]) or len(runs[0]) <= LONGEST_GRAM)
    return TermGrams(tuple(dict.fromkeys(grams)), exact=exact)


def comparable(text: str) -> str:
    """``text`` as the index sees it — its runs, lower-cased, one space apart — for checking
    that an article really contains a query term: ``comparable(term) in comparable(text)``."""
    return " ".join(_RUNS.findall(joined(text).lower()))


def term_pattern(term: str) -> re.Pattern[str]:
    """Where an article's own text holds a query term (``search.query`` cleans terms):
    between two Han characters any punctuation or spaces the index passes over, between
    other runs any punctuation or spaces at all. For marking matches in the text shown."""
    pieces: list[str] = []
    for run in term.split():
        if _HAN.match(run):
            pieces.append(f"{SOFT_GAP}*".join(re.escape(char) for char in run))
        else:
            pieces.append(re.escape(run))
    return re.compile(r"[\s\W]*".join(pieces), re.IGNORECASE)
