"""The benchmark's measurements, each run in a fresh process by ``bench/run.py``.

    python bench/phases.py build   --engine ours|stock --data-dir DIR
    python bench/phases.py queries --engine ours|stock --data-dir DIR [--runs 30 --warmups 3]
    python bench/phases.py fresh   --engine ours --data-dir DIR
    python bench/phases.py profile --engine ours --data-dir DIR --query-class common-工会

Each prints one JSON object on its last line of stdout. A phase gets its own process so that
peak memory (``ru_maxrss``) is that phase's alone, and the engine is chosen by settings
module: ``config.settings`` (ours) or ``bench.stock_settings`` (stock).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"ours": "config.settings", "stock": "bench.stock_settings"}
FACETS = ("city", "county", "unions", "year", "kind", "publication")
PER_PAGE = 20
MAX_SECONDS_PER_CLASS = 90  # slow classes get fewer timed runs (never fewer than 10)


@dataclass(frozen=True)
class QueryClass:
    name: str
    q: str
    city: str = ""
    sort: str = "relevance"
    facets: bool = False  # for the stock setup; ours always counts facets
    count_only: bool = False


def query_classes(rare_name: str) -> list[QueryClass]:
    return [
        QueryClass("rare", rare_name),
        QueryClass("medium", "五一劳动奖章"),
        QueryClass("common-工会", "工会"),
        QueryClass("common-职工", "职工"),
        QueryClass("two-terms", "工会 职工"),
        QueryClass("phrase", "“工会主席”"),
        QueryClass("city-filter", "工会", city="330500"),
        QueryClass("sorted-by-date", "工会", sort="newest"),
        QueryClass("facets", "工会", facets=True),
        QueryClass("count-only", "工会", count_only=True),
    ]


def search_code() -> str:
    """A short hash of search/'s code as this process loaded it."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "search").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def setup(engine: str, data_dir: Path) -> None:
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS[engine]
    os.environ["ARCHIVE_SEARCH_WRITER"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def index_path() -> Path:
    from django.conf import settings

    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mib() -> dict[str, float]:
    """This process's resident memory now: in all, private (anonymous) and file pages (the
    index read through the page cache, shared with every other process reading it)."""
    wanted = {"VmRSS": "rss_mib", "RssAnon": "anon_mib", "RssFile": "file_mib"}
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in wanted:
            found[wanted[key]] = round(int(value.split()[0]) / 1024, 1)
    return found


def live_index_path() -> Path:
    """The directory of the index that answers now (ours keeps generations beside it)."""
    from haystack import connections

    backend = connections["default"].get_backend()
    storage = getattr(backend.index, "storage", None)
    return Path(storage.folder) if storage is not None else index_path()


def segments() -> int:
    """The live index's segment count (from its table of contents)."""
    from haystack import connections

    return len(connections["default"].get_backend().index._segments())


def children_peak_rss_mib() -> float:
    """The largest peak of this process's finished children (the index's writing processes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# -- build -------------------------------------------------------------------------------
def build(engine: str) -> dict:
    """A full rebuild with ``rebuild_index`` (what an operator runs): for ours the search
    app's (a new generation beside the live one), for stock haystack's."""
    from django.core.management import call_command

    from archive.models import Article

    articles = Article.objects.count()
    start = time.perf_counter()  # ours refreshes the jieba user dictionary as part of it
    call_command("rebuild_index", interactive=False, verbosity=0)
    seconds = time.perf_counter() - start
    live = live_index_path()
    size = sum(f.stat().st_size for f in live.rglob("*") if f.is_file())
    return {"articles": articles, "seconds": round(seconds, 1),
            "articles_per_second": round(articles / seconds, 1),
            "index_mib": round(size / 2**20, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
            "writer_peak_rss_mib": round(children_peak_rss_mib(), 1),
            "segments": segments()}


# -- queries -----------------------------------------------------------------------------
def rare_person_name() -> str:
    """A generated byline name that appears in only a few articles."""
    from django.db.models import Count

    from archive.models import Person

    person = (Person.objects.annotate(n=Count("credits")).filter(n__gte=1, n__lte=5)
              .order_by("-n", "pk").first())
    return person.name if person else "柯贤湖"


def ours_runner(qc: QueryClass) -> Callable[[], int]:
    from search.query import SearchRequest
    from search.syntax import parse_query
    from search.service import count_articles, search_articles

    request = SearchRequest(q=qc.q, city=qc.city, sort=qc.sort, per_page=PER_PAGE)
    if qc.count_only:
        return lambda: count_articles(parse_query(qc.q), request)
    return lambda: search_articles(request).count


def stock_runner(qc: QueryClass) -> Callable[[], int]:
    """What a stock haystack site does: auto_query, filter, facet, order, a page of objects."""
    from haystack.query import SearchQuerySet

    def run() -> int:
        results = SearchQuerySet().auto_query(qc.q)
        if qc.city:
            results = results.filter(city=qc.city)
        if qc.count_only:
            return results.count()
        if qc.facets:
            for name in FACETS:
                results = results.facet(name)
        if qc.sort == "newest":
            results = results.order_by("-date")
        results = results.load_all()
        page = list(results[:PER_PAGE])
        [result.object for result in page]
        count = results.count()
        if qc.facets:
            results.facet_counts()
        return count

    return run


def containing(text: str) -> int:
    """Articles whose text contains ``text`` (the exact answer, from the database)."""
    from django.db.models import Q

    from archive.models import Article

    fields = Q()
    for name in ("kicker", "title", "subtitle", "byline", "body"):
        fields |= Q(**{f"{name}__contains": text})
    return Article.objects.filter(fields).count()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-int(share * 100) * len(ordered) // 100) - 1)]


def queries(engine: str, runs: int, warmups: int) -> dict:
    runner_for = ours_runner if engine == "ours" else stock_runner
    started = time.perf_counter()
    from haystack import connections

    connections["default"].get_backend().setup()
    # The first query opens the index (and, for ours, loads jieba): reported, not averaged.
    classes = query_classes(rare_person_name())
    first = time.perf_counter()
    runner_for(classes[0])()
    results: dict[str, dict] = {"_open": {"first_query_ms": round(
        (time.perf_counter() - first) * 1000, 1), "setup_s": round(first - started, 1)}}
    for qc in classes:
        run = runner_for(qc)
        warm_times = []
        for _ in range(warmups):
            t = time.perf_counter()
            hits = run()
            warm_times.append(time.perf_counter() - t)
        timed = min(runs, max(10, int(MAX_SECONDS_PER_CLASS / max(min(warm_times), 1e-4))))
        times = []
        for _ in range(timed):
            t = time.perf_counter()
            run()
            times.append((time.perf_counter() - t) * 1000)
        results[qc.name] = {
            "q": qc.q, "city": qc.city, "sort": qc.sort, "facets": qc.facets or engine == "ours"
            and not qc.count_only, "count_only": qc.count_only, "hits": hits, "runs": timed,
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "max_ms": round(max(times), 2),
        }
        print(f"{engine} {qc.name}: {results[qc.name]['p50_ms']} ms p50", file=sys.stderr)
    results["_open"]["peak_rss_mib"] = round(peak_rss_mib(), 1)
    results["_open"].update(resident_mib())
    if engine == "ours":
        results["_open"]["database_counts"] = {
            qc.name: containing(qc.q.strip("“”")) for qc in classes
            if " " not in qc.q and not qc.city}
    return results


FRESH_MARK = "鲜度测验甲乙丙"  # in no generated article
FRESH_DATE = "2026-11-20"


def fresh() -> dict:
    """How soon a newly imported issue is found, as a reader's process sees it.

    This process is the reader: its searcher is warm before the import. The import runs as
    the archive staff run it — ``manage.py import_pages`` in its own process, which writes
    the index right after its database commit. Timed: the import command, then from its
    end until a search here finds the new page's articles. The issue is deleted afterwards
    (and its documents removed from the index), leaving the archive as it was.
    """
    import subprocess
    import tempfile

    from django.db import transaction

    from archive.models import Article, Issue
    from archive.signals import articles_changed
    from search.indexing import write_pending
    from search.query import SearchRequest
    from search.syntax import parse_query
    from search.service import count_articles, search_articles

    request = SearchRequest(q=FRESH_MARK)
    assert count_articles(parse_query(FRESH_MARK), request) == 0
    page = ROOT / "fixtures" / "seeds" / "000_e56401c083caef72.txt"
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "fresh.txt"
        path.write_text(page.read_text(encoding="utf-8") + f"\n\n本报讯 {FRESH_MARK}。\n",
                        encoding="utf-8")
        env = {**os.environ, "ARCHIVE_SEARCH_WRITER": "1"}
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "import_pages", str(path),
                        "--publication", "浙江工人日报", "--date", FRESH_DATE, "--page", "1",
                        "--verbosity", "0"], check=True, env=env, cwd=ROOT)
        imported = time.perf_counter()
    found = 0
    while not found and time.perf_counter() - imported < 60:
        found = count_articles(parse_query(FRESH_MARK), request)
    searchable = time.perf_counter()
    # The first full search after the commit pays for reopening: facet sets, date order.
    search_articles(SearchRequest(q="工会"))
    reopened_ms = (time.perf_counter() - searchable) * 1000
    issue = Issue.objects.get(date=FRESH_DATE, publication__name="浙江工人日报")
    removed = list(Article.objects.filter(page__issue=issue).values_list("pk", flat=True))
    with transaction.atomic():
        issue.delete()
        articles_changed.send(sender=Article, changed_ids=[], removed_ids=removed)
    write_pending()
    return {"import_s": round(imported - started, 2), "found": found,
            "searchable_after_import_s": round(searchable - imported, 3),
            "first_full_search_after_import_ms": round(reopened_ms, 1)}


def profile(engine: str, name: str, repeat: int = 5) -> dict:
    runner_for = ours_runner if engine == "ours" else stock_runner
    qc = next(qc for qc in query_classes(rare_person_name()) if qc.name == name)
    run = runner_for(qc)
    run()
    run()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        run()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    return {"class": name, "repeat": repeat, "report": text.getvalue()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=("build", "queries", "fresh", "profile"))
    parser.add_argument("--engine", choices=tuple(SETTINGS), required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--query-class", default="common-工会")
    args = parser.parse_args()
    setup(args.engine, args.data_dir)
    if args.phase == "build":
        result = build(args.engine)
    elif args.phase == "queries":
        result = queries(args.engine, args.runs, args.warmups)
    elif args.phase == "fresh":
        result = fresh()
    else:
        result = profile(args.engine, args.query_class)
    result["search_code"] = search_code()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
