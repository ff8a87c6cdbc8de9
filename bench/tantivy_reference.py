"""Reference figures from tantivy (a Rust search engine) on the benchmark's archive.

A comparison point for the product's Whoosh engine, on the same articles with the same
exact-substring semantics and the same query classes as ``bench/phases.py``. tantivy is
NOT a dependency of the project: this script is standalone (no Django; it reads the
benchmark archive's SQLite database with ``sqlite3``) and runs from a scratch virtualenv::

    python3.11 -m venv /tmp/tantivy-venv
    /tmp/tantivy-venv/bin/pip install 'tantivy>=0.27' rjieba   # written against 0.27.0
    /tmp/tantivy-venv/bin/python bench/tantivy_reference.py --data-dir /tmp/bench-10k-realistic

``--data-dir DIR`` holds ``archive.sqlite3`` made by ``bench/generate.py``. The index is
built afresh in ``DIR/tantivy_index`` (deleted first); the figures are printed and written
to ``DIR/tantivy-reference.json``. Options: ``--runs 30 --warmups 3``, ``--writer-threads 1``,
``--heap-mib 128``, ``--user-dict PATH`` (a jieba user dictionary; by default
``DIR/search_user_dictionary.txt`` if our engine's rebuild left one there, else none).

The index, per article:

- ``text``: the searchable text (title block, byline, body, as ``search.documents``
  joins them), pre-tokenized here in Python the way ``search.analysis`` reads it: runs of
  Han characters and of Latin letters/digits, lower-cased. A Han run becomes its overlapping
  character pairs, one position each; a Latin run one whole token. A separator token keeps
  pairs of two different runs from being adjacent. So a query term of n >= 3 Han characters
  is a phrase of its n-1 pairs, n = 2 one pair: found exactly where the text contains it.
  (tantivy's own ``ngram`` tokenizer gives every gram position 0, useless for phrases.)
- ``chars``: each Han character of the text once (doc ids only): one-character queries.
- ``words`` / ``title``: jieba words (rjieba, lower-cased, punctuation dropped) of title
  block + body / of the title block, for BM25 (tantivy's default), title ×3.
- fast fields: ``city``, ``county``, ``kind`` (raw strings), ``year``, ``publication`` (id),
  ``unions`` (multi-valued ids), ``day`` (YYYYMMDD, for newest first), ``id``.

A query: each whitespace-separated term (quotes “” stripped) must occur (Must clauses on
``text``/``chars``, constant score 0); its words rank (Should clauses on ``words`` and
``title``). Top 20 by BM25 (newest first for the sorted class) with the total count, facets
by tantivy's aggregation API (``Searcher.aggregate`` terms aggregations); count-only is a
``value_count`` aggregation (tantivy's ``cardinality`` is approximate). A term with
punctuation inside (several runs) is matched as all of its runs, a superset of the exact
answer; the benchmark's classes have none. Counts are checked against SQL ``instr``.

Phases run in fresh processes (``_build``, ``_queries``) so that peak memory is each
phase's own; only one runs at a time.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

PER_PAGE = 20
FACETS = ("city", "county", "unions", "year", "kind", "publication")
FACET_SIZE = 65_000  # buckets per facet: all of them (tantivy's default limit is 65,000)
TITLE_BOOST = 3.0
SEPARATOR = "|"  # between Han runs: no run's tokens contain it
INDEX_NAME = "tantivy_index"
RESULT_NAME = "tantivy-reference.json"

# The same reading of text as search.analysis (runs of Han; Latin letters and digits).
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w", re.UNICODE)
_QUOTES = str.maketrans("", "", "“”\"")


# -- analysis ----------------------------------------------------------------------------
def searchable_text(kicker: str, title: str, subtitle: str, byline: str, body: str) -> str:
    head = title_block(kicker, title, subtitle)
    return "\n".join(part for part in (head, byline, body) if part)


def title_block(kicker: str, title: str, subtitle: str) -> str:
    return " ".join(part for part in (kicker, title, subtitle) if part)


def text_tokens(text: str) -> tuple[str, str]:
    """``text``'s tokens for the ``text`` field (pairs, Latin words, separators) and for the
    ``chars`` field (its distinct Han characters), each whitespace-joined."""
    tokens: list[str] = []
    chars: set[str] = set()
    after_pair = False
    for run in _RUNS.findall(text.lower()):
        if _HAN.match(run):
            chars.update(run)
            if len(run) > 1:
                if after_pair:
                    tokens.append(SEPARATOR)
                tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
                after_pair = True
            elif after_pair:  # a lone character: no pair, but keep the runs apart
                tokens.append(SEPARATOR)
                after_pair = False
        else:
            tokens.append(run)
            after_pair = False
    return " ".join(tokens), " ".join(chars)


class Words:
    """rjieba, with the archive's user dictionary if there is one."""

    def __init__(self, dictionary: Path | None) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        self.dictionary = None
        if dictionary is not None and dictionary.exists():
            for line in dictionary.read_text(encoding="utf-8").splitlines():
                parts = line.split()
                if parts:
                    freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
                    self._jieba.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)
            self.dictionary = str(dictionary)

    def __call__(self, text: str) -> list[str]:
        return [word.strip().lower() for word in self._jieba.cut(text, True)
                if _WORD.search(word)]


def default_dictionary(data_dir: Path, given: str | None) -> Path | None:
    if given:
        return Path(given)
    path = data_dir / "search_user_dictionary.txt"
    return path if path.exists() else None


# -- the archive -------------------------------------------------------------------------
ARTICLES_SQL = """
SELECT a.id, a.kicker, a.title, a.subtitle, a.byline, a.body, a.kind,
       city.code, county.code, i.date, i.publication_id
FROM archive_article a
JOIN archive_page p ON p.id = a.page_id
JOIN archive_issue i ON i.id = p.issue_id
LEFT JOIN archive_place city ON city.id = a.city_id
LEFT JOIN archive_place county ON county.id = a.county_id
ORDER BY a.id
"""


def connect(data_dir: Path) -> sqlite3.Connection:
    path = data_dir / "archive.sqlite3"
    if not path.exists():
        sys.exit(f"{path} not found: generate it with bench/generate.py --data-dir {data_dir}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def article_unions(db: sqlite3.Connection) -> dict[int, list[int]]:
    unions: dict[int, list[int]] = {}
    for article_id, union_id in db.execute(
            "SELECT article_id, union_id FROM archive_articleunion ORDER BY article_id, rank"):
        unions.setdefault(article_id, []).append(union_id)
    return unions


def rare_person_name(db: sqlite3.Connection) -> str:
    """A byline name with 1-5 credits, chosen as bench/phases.py chooses it."""
    row = db.execute("""
        SELECT p.name FROM archive_person p JOIN archive_credit c ON c.person_id = p.id
        GROUP BY p.id HAVING COUNT(c.id) BETWEEN 1 AND 5
        ORDER BY COUNT(c.id) DESC, p.id LIMIT 1""").fetchone()
    return row[0] if row else "柯贤湖"


def query_classes(rare_name: str) -> list[dict]:
    """bench/phases.py's query classes."""
    return [
        {"name": "rare", "q": rare_name},
        {"name": "medium", "q": "五一劳动奖章"},
        {"name": "common-工会", "q": "工会"},
        {"name": "common-职工", "q": "职工"},
        {"name": "two-terms", "q": "工会 职工"},
        {"name": "phrase", "q": "“工会主席”"},
        {"name": "city-filter", "q": "工会", "city": "330500"},
        {"name": "sorted-by-date", "q": "工会", "sort": "newest"},
        {"name": "facets", "q": "工会", "facets": True},
        {"name": "count-only", "q": "工会", "count_only": True},
    ]


def query_terms(q: str) -> list[str]:
    return q.translate(_QUOTES).split()


# -- build (its own process) ---------------------------------------------------------------
def schema():  # noqa: ANN201
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("chars", tokenizer_name="whitespace", index_option="basic")
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    for name in ("city", "county", "kind"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in ("year", "publication", "unions", "day"):
        builder.add_unsigned_field(name, indexed=True, fast=True)
    return builder.build()


def build(data_dir: Path, threads: int, heap_mib: int, dictionary: Path | None) -> dict:
    import tantivy

    path = data_dir / INDEX_NAME
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    started = time.perf_counter()
    words = Words(dictionary)
    index = tantivy.Index(schema(), path=str(path))
    writer = index.writer(heap_size=heap_mib * 1024 * 1024, num_threads=threads)
    db = connect(data_dir)
    unions = article_unions(db)
    python_s = 0.0  # reading rows, tokenizing, cutting words, making documents
    jieba_s = 0.0
    add_s = 0.0
    articles = 0
    for (pk, kicker, title, subtitle, byline, body, kind, city, county, date,
         publication) in db.execute(ARTICLES_SQL):
        t = time.perf_counter()
        head = title_block(kicker, title, subtitle)
        text, chars = text_tokens(searchable_text(kicker, title, subtitle, byline, body))
        t1 = time.perf_counter()
        body_words, head_words = " ".join(words(f"{head}\n{body}")), " ".join(words(head))
        jieba_s += time.perf_counter() - t1
        doc = tantivy.Document()
        doc.add_unsigned("id", pk)
        doc.add_text("text", text)
        doc.add_text("chars", chars)
        doc.add_text("words", body_words)
        doc.add_text("title", head_words)
        for name, value in (("city", city), ("county", county), ("kind", kind)):
            if value:
                doc.add_text(name, value)
        doc.add_unsigned("year", int(date[:4]))
        doc.add_unsigned("day", int(date[:10].replace("-", "")))
        doc.add_unsigned("publication", publication)
        for union in unions.get(pk, ()):
            doc.add_unsigned("unions", union)
        t2 = time.perf_counter()
        writer.add_document(doc)
        add_s += time.perf_counter() - t2
        python_s += t2 - t
        articles += 1
    t = time.perf_counter()
    writer.commit()
    writer.wait_merging_threads()
    commit_s = time.perf_counter() - t
    seconds = time.perf_counter() - started
    index.reload()
    searcher = index.searcher()
    files = [f for f in path.rglob("*") if f.is_file()]
    by_kind: dict[str, int] = {}
    for f in files:
        by_kind[f.suffix.lstrip(".") or f.name] = by_kind.get(
            f.suffix.lstrip(".") or f.name, 0) + f.stat().st_size
    return {
        "articles": articles, "indexed_docs": searcher.num_docs,
        "segments": searcher.num_segments, "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 1),
        "python_side_s": round(python_s, 2), "of_which_rjieba_s": round(jieba_s, 2),
        "add_document_s": round(add_s, 2), "commit_and_merge_s": round(commit_s, 2),
        "index_mib": round(sum(by_kind.values()) / 2**20, 1),
        "index_mib_by_file": {kind: round(n / 2**20, 2) for kind, n in sorted(by_kind.items())},
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "writer_threads": threads, "writer_heap_mib": heap_mib,
        "user_dictionary": words.dictionary,
    }


# -- queries (a fresh process) -------------------------------------------------------------
class Engine:
    def __init__(self, index, words: Words) -> None:  # noqa: ANN001
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()
        self.words = words

    def term_query(self, term: str):  # noqa: ANN201
        """Articles whose text contains ``term`` (a query term with no spaces)."""
        import tantivy

        parts = []
        for run in _RUNS.findall(term.lower()):
            if not _HAN.match(run):
                parts.append(tantivy.Query.term_query(self.schema, "text", run))
            elif len(run) == 1:
                parts.append(tantivy.Query.term_query(self.schema, "chars", run))
            elif len(run) == 2:
                parts.append(tantivy.Query.term_query(self.schema, "text", run))
            else:
                pairs = [run[i:i + 2] for i in range(len(run) - 1)]
                parts.append(tantivy.Query.phrase_query(self.schema, "text", pairs))
        if not parts:
            return tantivy.Query.empty_query()
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])

    def query(self, q: str, city: str = ""):  # noqa: ANN201
        import tantivy

        Must, Should = tantivy.Occur.Must, tantivy.Occur.Should  # noqa: N806
        clauses = []
        words: list[str] = []
        for term in query_terms(q):
            clauses.append((Must, tantivy.Query.const_score_query(self.term_query(term), 0.0)))
            words += self.words(term)
        for word in dict.fromkeys(words):
            clauses.append((Should, tantivy.Query.term_query(self.schema, "words", word)))
            clauses.append((Should, tantivy.Query.boost_query(
                tantivy.Query.term_query(self.schema, "title", word), TITLE_BOOST)))
        if city:
            clauses.append((Must, tantivy.Query.term_query(self.schema, "city", city)))
        return tantivy.Query.boolean_query(clauses)

    def run(self, qc: dict) -> dict:
        import tantivy

        query = self.query(qc["q"], qc.get("city", ""))
        searcher = self.searcher
        if qc.get("count_only"):  # an aggregation: no scoring (a search needs limit >= 1)
            counted = searcher.aggregate(query, {"n": {"value_count": {"field": "id"}}})
            return {"count": int(counted["n"]["value"])}
        if qc.get("sort") == "newest":
            result = searcher.search(query, PER_PAGE, count=True, order_by_field="day",
                                     order=tantivy.Order.Desc)
        else:
            result = searcher.search(query, PER_PAGE, count=True)
        addresses = [address for _, address in result.hits]
        answer = {"count": result.count, "ids": searcher.fast_field_values("id", addresses)}
        if qc.get("sort") == "newest":
            answer["days"] = [key for key, _ in result.hits]
        if qc.get("facets"):
            aggs = searcher.aggregate(query, {name: {"terms": {"field": name, "size": FACET_SIZE}}
                                              for name in FACETS})
            answer["facets"] = {name: {facet_key(b["key"]): b["doc_count"]
                                       for b in aggs[name]["buckets"]} for name in FACETS}
        return answer


def facet_key(key: object) -> str:
    """A bucket's key as text (numeric keys may come back as floats)."""
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key)


def queries(data_dir: Path, runs: int, warmups: int, dictionary: Path | None) -> dict:
    import tantivy

    db = connect(data_dir)
    classes = query_classes(rare_person_name(db))
    db.close()
    started = time.perf_counter()
    words = Words(dictionary)  # rjieba loads its dictionary here
    loaded = time.perf_counter()
    engine = Engine(tantivy.Index.open(str(data_dir / INDEX_NAME)), words)
    opened = time.perf_counter()
    first = engine.run(classes[0])
    done = time.perf_counter()
    out: dict = {"_open": {
        "rjieba_load_ms": round((loaded - started) * 1000, 1),
        "open_ms": round((opened - loaded) * 1000, 1),
        "first_query_ms": round((done - opened) * 1000, 1),
        "load_open_and_first_query_ms": round((done - started) * 1000, 1),
        "segments": engine.searcher.num_segments,
    }}
    answers = {qc["name"]: engine.run(qc) for qc in classes}
    out["_open"]["after_one_query_each"] = {"peak_rss_mib": round(peak_rss_mib(), 1),
                                            **resident_mib()}
    assert answers["rare"]["count"] == first["count"]
    for qc in classes:
        times = []
        for i in range(warmups + runs):
            t = time.perf_counter()
            engine.run(qc)
            if i >= warmups:
                times.append((time.perf_counter() - t) * 1000)
        answer = answers[qc["name"]]
        out[qc["name"]] = {
            **{k: v for k, v in qc.items() if k != "name"}, "hits": answer["count"],
            "runs": runs, "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2), "max_ms": round(max(times), 2),
            "answer": answer,
        }
        print(f"tantivy {qc['name']}: {out[qc['name']]['p50_ms']} ms p50", file=sys.stderr)
    out["_open"]["at_end"] = {"peak_rss_mib": round(peak_rss_mib(), 1), **resident_mib()}
    return out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mib() -> dict[str, float]:
    """Resident memory now: in all, private (anonymous) and file pages (the index's mmap)."""
    wanted = {"VmRSS": "rss_mib", "RssAnon": "anon_mib", "RssFile": "file_mib"}
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in wanted:
            found[wanted[key]] = round(int(value.split()[0]) / 1024, 1)
    return found


def percentile(values: list[float], share: float) -> float:
    """Nearest rank, as bench/phases.py."""
    ordered = sorted(values)
    return ordered[max(0, -(-int(share * 100) * len(ordered) // 100) - 1)]


# -- the exact answers, from the database ---------------------------------------------------
CONTAINS = ("(instr(a.kicker, ?) OR instr(a.title, ?) OR instr(a.subtitle, ?)"
            " OR instr(a.byline, ?) OR instr(a.body, ?))")


def where_containing(terms: list[str]) -> tuple[str, list[str]]:
    sql = " AND ".join(CONTAINS for _ in terms) or "1"
    return sql, [term for term in terms for _ in range(5)]


def expected(db: sqlite3.Connection, qc: dict) -> dict:
    """What an exact-substring engine must answer for ``qc``: count, and for the sorted
    class the 20 newest days, for the facets class every facet's counts."""
    terms = query_terms(qc["q"])
    if any(len(_RUNS.findall(term)) != 1 for term in terms):
        return {}
    where, params = where_containing(terms)
    if qc.get("city"):
        where += " AND city.code = ?"
        params = [*params, qc["city"]]
    joins = """FROM archive_article a JOIN archive_page p ON p.id = a.page_id
               JOIN archive_issue i ON i.id = p.issue_id
               LEFT JOIN archive_place city ON city.id = a.city_id
               LEFT JOIN archive_place county ON county.id = a.county_id"""
    base = f"{joins} WHERE {where}"
    found: dict = {"count": db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]}
    if qc.get("sort") == "newest":
        found["days"] = [int(d.replace("-", "")) for (d,) in db.execute(
            f"SELECT i.date {base} ORDER BY i.date DESC LIMIT {PER_PAGE}", params)]
    if qc.get("facets"):
        columns = {"city": "city.code", "county": "county.code", "kind": "a.kind",
                   "year": "CAST(substr(i.date, 1, 4) AS INTEGER)",
                   "publication": "i.publication_id"}
        facets = {}
        for name, column in columns.items():
            facets[name] = {str(key): n for key, n in db.execute(
                f"SELECT {column}, COUNT(*) {base} AND {column} IS NOT NULL"
                f" AND {column} != '' GROUP BY 1", params)}
        facets["unions"] = {str(key): n for key, n in db.execute(
            f"SELECT u.union_id, COUNT(*) {joins} JOIN archive_articleunion u"
            f" ON u.article_id = a.id WHERE {where} GROUP BY 1", params)}
        found["facets"] = facets
    return found


def verify(db: sqlite3.Connection, classes: list[dict], measured: dict) -> dict:
    checks = {}
    for qc in classes:
        want = expected(db, qc)
        if not want:
            continue
        got = measured[qc["name"]]["answer"]
        check = {"tantivy": got["count"], "database": want["count"],
                 "agree": got["count"] == want["count"]}
        if "days" in want:
            check["newest_days_agree"] = got["days"] == want["days"]
        if "facets" in want:
            check["facets_agree"] = {name: got["facets"][name] == want["facets"][name]
                                     for name in FACETS}
        check["ok"] = check["agree"] and check.get("newest_days_agree", True) and all(
            check.get("facets_agree", {}).values())
        checks[qc["name"]] = check
    return checks


def spot_checks(db: sqlite3.Connection, data_dir: Path, n: int) -> list[dict]:
    """Counts of random Han substrings (1-6 characters) of random articles, and of decoys,
    against the database. A decoy joins two runs that meet on the same character
    (…工会，会员… gives 工会员): its pairs 工会, 会员 are adjacent tokens unless the separator
    keeps them apart, so without it the article would wrongly match. A fixed seed: the
    same archive, the same strings."""
    import random

    import tantivy

    if n <= 0:
        return []
    rng = random.Random(20191121)
    ids = [pk for (pk,) in db.execute("SELECT id FROM archive_article ORDER BY id")]
    strings: list[str] = []
    decoys: set[str] = set()
    for _ in range(50 * n):  # a tiny archive may have fewer places for decoys
        if len(strings) >= n:
            break
        row = db.execute("SELECT kicker, title, subtitle, byline, body FROM archive_article"
                         " WHERE id = ?", (rng.choice(ids),)).fetchone()
        runs = _RUNS.findall(searchable_text(*row))
        if len(strings) % 3 == 2:  # a decoy, if this article has a place for one
            meets = [a[-2:] + b[1] for a, b in zip(runs, runs[1:]) if len(a) > 1
                     and len(b) > 1 and _HAN.match(a) and _HAN.match(b) and a[-1] == b[0]]
            if meets:
                strings.append(rng.choice(meets))
                decoys.add(strings[-1])
        else:
            runs = [r for r in runs if _HAN.match(r)]
            if not runs:
                continue
            run = rng.choice(runs)
            size = rng.randint(1, min(6, len(run)))
            start = rng.randrange(len(run) - size + 1)
            strings.append(run[start:start + size])
    engine = Engine(tantivy.Index.open(str(data_dir / INDEX_NAME)), Words(None))
    checks = []
    for string in dict.fromkeys(strings):
        where, params = where_containing([string])
        want = db.execute(f"SELECT COUNT(*) FROM archive_article a WHERE {where}",
                          params).fetchone()[0]
        got = engine.run({"q": string, "count_only": True})["count"]
        checks.append({"q": string, "tantivy": got, "database": want, "agree": got == want,
                       **({"decoy": True} if string in decoys else {})})
    return checks


# -- the whole run --------------------------------------------------------------------------
def phase(name: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), name, "--data-dir",
               str(args.data_dir), "--runs", str(args.runs), "--warmups", str(args.warmups),
               "--writer-threads", str(args.writer_threads), "--heap-mib", str(args.heap_mib)]
    if args.user_dict:
        command += ["--user-dict", args.user_dict]
    print(f"… {name.strip('_')}", file=sys.stderr, flush=True)
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main_run(args: argparse.Namespace) -> int:
    try:
        import rjieba  # noqa: F401
        import tantivy
    except ImportError as error:
        sys.exit(f"{error}: run this from the scratch virtualenv (see {Path(__file__).name}'s"
                 " docstring), not the project's: tantivy is not a project dependency")

    data_dir = args.data_dir
    db = connect(data_dir)
    articles = db.execute("SELECT COUNT(*) FROM archive_article").fetchone()[0]
    classes = query_classes(rare_person_name(db))
    record_path = data_dir / "bench-archive.json"
    record = json.loads(record_path.read_text()) if record_path.exists() else {}
    built = phase("_build", args)
    measured = phase("_queries", args)
    checks = verify(db, classes, measured)
    spots = spot_checks(db, data_dir, args.spot_checks)
    result = {
        "engine": "tantivy", "tantivy_version": version("tantivy"),
        "tantivy_core": getattr(tantivy, "__version__", "?"), "rjieba_version": version("rjieba"),
        "python": sys.version.split()[0], "data_dir": str(data_dir), "articles": articles,
        "corpus": record.get("corpus"), "build": built,
        "build_note": "seconds include the Python side: reading SQLite, pair tokens, rjieba "
                      "words, documents (python_side_s); tantivy indexes on its writer threads",
        "facets_via": "Searcher.aggregate (terms aggregations on fast fields)",
        "queries": measured, "counts_checked": checks, "spot_checks": spots,
    }
    (data_dir / RESULT_NAME).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    report(result)
    ok = all(check["ok"] for check in checks.values()) and all(s["agree"] for s in spots)
    return 0 if ok else 1


def report(result: dict) -> None:
    b, q = result["build"], result["queries"]
    opened = q["_open"]
    print(f"\n{result['tantivy_version']} · {result['articles']} articles"
          f" ({result['corpus'] or '?'} corpus) · {result['data_dir']}")
    print(f"build: {b['seconds']} s, {b['articles_per_s']} articles/s (Python side"
          f" {b['python_side_s']} s included), index {b['index_mib']} MiB,"
          f" {b['segments']} segment(s), peak RSS {b['peak_rss_mib']} MiB")
    after = opened["after_one_query_each"]
    print(f"fresh process: rjieba load {opened['rjieba_load_ms']} ms, index open"
          f" {opened['open_ms']} ms, first query {opened['first_query_ms']} ms;"
          f" after one query of each class: peak RSS"
          f" {after['peak_rss_mib']} MiB, VmRSS {after['rss_mib']} MiB"
          f" (anon {after['anon_mib']}, file {after['file_mib']})")
    print(f"facets: {result['facets_via']}\n")
    print(f"{pad('class', 16)} {pad('query', 14)} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8}"
          "  database (instr)")
    for name, row in q.items():
        if name.startswith("_"):
            continue
        check = result["counts_checked"].get(name)
        db = "—" if check is None else f"{check['database']} {'ok' if check['ok'] else 'MISMATCH'}"
        print(f"{pad(name, 16)} {pad(row['q'], 14)} {row['hits']:>6} {row['p50_ms']:>8} "
              f"{row['p95_ms']:>8}  {db}")
    spots = result["spot_checks"]
    wrong = [s for s in spots if not s["agree"]]
    decoys = sum("decoy" in s for s in spots)
    print(f"\nspot checks (random substrings, {decoys} of them run-boundary decoys):"
          f" {len(spots) - len(wrong)} of {len(spots)} agree with the database"
          + (f"; WRONG: {wrong}" if wrong else ""))


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a Han character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", nargs="?", default="run", choices=("run", "_build", "_queries"))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--writer-threads", type=int, default=1)
    parser.add_argument("--heap-mib", type=int, default=128)
    parser.add_argument("--user-dict", default=None)
    parser.add_argument("--spot-checks", type=int, default=30,
                        help="random substrings whose counts are checked (default 30)")
    args = parser.parse_args()
    args.data_dir = args.data_dir.resolve()
    dictionary = default_dictionary(args.data_dir, args.user_dict)
    if args.phase == "_build":
        print(json.dumps(build(args.data_dir, args.writer_threads, args.heap_mib, dictionary)))
        return 0
    if args.phase == "_queries":
        print(json.dumps(queries(args.data_dir, args.runs, args.warmups, dictionary),
                         ensure_ascii=False))
        return 0
    return main_run(args)


if __name__ == "__main__":
    sys.exit(main())
