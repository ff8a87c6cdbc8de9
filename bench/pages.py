"""How fast every kind of reader page answers on a large archive, warm, in one process.

    .venv/bin/python bench/pages.py --articles 100000 [--runs 30] [--data-dir DIR]

Generates (or reuses) the realistic archive of ``bench/generate.py``, builds its search
index if it is missing or stale, then requests each page type through Django's test client
— the whole stack but the network: URL routing, middleware, views, SQL, templates — with
several addresses per type (different years, unions, articles …), after warm-up requests,
with the segmenter and jieba's TF-IDF table loaded and frozen out of the garbage
collector as in a worker (``config/wsgi.py``).
Prints p50/p95/max per page type, SQL queries per request, the process's memory and the
database's and index's size on disk, and writes ``bench/results-pages-<N>.json``.
"""
from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import build_archive, default_data_dir, setup_django  # noqa: E402

TARGET_P95_MS = 150
ADDRESSES = 5  # per page type


def addresses() -> dict[str, list[str]]:
    """Addresses of each page type, spread over the archive."""
    from django.db.models import Count

    from archive.models import Article, Issue, Person, Place, Publication, Union

    def spread(values: list, n: int = ADDRESSES) -> list:
        step = max(1, len(values) // n)
        return values[::step][:n]

    years = sorted({d.year for d in Issue.objects.dates("date", "year")})
    months = list(Issue.objects.dates("date", "month"))
    article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    unions = list(Union.objects.annotate(n=Count("article_links")).filter(n__gt=0)
                  .order_by("-n").values_list("pk", flat=True))
    parents = list(Union.objects.annotate(n=Count("children")).filter(n__gt=0)
                   .values_list("pk", flat=True))
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    cities = list(Place.objects.filter(level="city", city_articles__isnull=False)
                  .distinct().values_list("code", flat=True))
    provinces = list(Place.objects.filter(level="province").values_list("code", flat=True))
    issues = list(Issue.objects.order_by("date").values_list("pk", flat=True))
    pages = list(Issue.objects.order_by("date").values_list("pages__pk", flat=True))
    return {
        "home": ["/"],
        "dates": ["/dates/"],
        "year": [f"/dates/{y}/" for y in spread(years)],
        "month": [f"/dates/{m.year}/{m.month}/" for m in spread(months)],
        "paper": [f"/papers/{slug}/" for slug in Publication.objects.values_list("slug", flat=True)],
        "issue": [f"/issues/{pk}/" for pk in spread(issues)],
        "page": [f"/pages/{pk}/" for pk in spread([p for p in pages if p])],
        "article": [f"/articles/{pk}/" for pk in spread(article_ids)],
        "article-marked": [f"/articles/{pk}/?q=工会" for pk in spread(article_ids)],
        "places": ["/places/"],
        "province": [f"/places/{code}/" for code in spread(provinces)],
        "city": [f"/places/{code}/" for code in spread(cities)],
        "unions": ["/unions/", "/unions/?q=总工会"],
        "union": [f"/unions/{pk}/" for pk in spread(unions)],
        "union-parent": [f"/unions/{pk}/" for pk in spread(parents)],
        "people": ["/people/", "/people/?q=王"],
        "person": [f"/people/{pk}/" for pk in spread(people)],
        "search": ["/search/?q=工会", "/search/?q=疗休养", "/search/?q=职工+湖州",
                   "/search/?q=工会主席", "/search/?q=标题:劳模"],
        "search-loose": ["/search/?q=湖州疗休养", "/search/?q=职工互助保险"],
        "search-filtered": ["/search/?q=工会&city=330100&city=330500", "/search/?q=职工&kind=photo"],
    }


def measure(client, urls: list[str], runs: int, warmups: int) -> dict:  # noqa: ANN001
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times: list[float] = []
    queries: list[int] = []
    for url in urls:
        for _ in range(warmups):
            client.get(url)
        for _ in range(runs):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            queries.append(len(captured))
    times.sort()
    return {
        "addresses": len(urls), "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
        "max_ms": round(times[-1], 1),
        "queries": max(queries),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="page types to measure (default: all)")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or default_data_dir(args.articles, "realistic")
    setup_django(data_dir)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from archive.models import Article
    from search.engine import engine

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    made = build_archive(args.articles)
    print(f"{data_dir}: {made} articles generated in {time.perf_counter() - start:.0f} s")
    articles = Article.objects.count()
    backend = engine()
    if not backend.format_is_current() or len(backend.indexed()) != articles:
        start = time.perf_counter()
        call_command("rebuild_index", interactive=False, verbosity=0)
        print(f"index rebuilt in {time.perf_counter() - start:.0f} s")
    client = Client()
    from search.related import keyword_extractor
    from search.segmentation import segmenter

    segmenter(), keyword_extractor()  # loaded and frozen as a gunicorn worker has them
    gc.collect()
    gc.freeze()
    results = {}
    print(f"{'page':<16}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for name, urls in addresses().items():
        if args.only and name not in args.only:
            continue
        results[name] = figures = measure(client, urls, args.runs, args.warmups)
        flag = "" if figures["p95_ms"] <= TARGET_P95_MS else f"  > {TARGET_P95_MS} ms"
        print(f"{name:<16}{figures['p50_ms']:>9}{figures['p95_ms']:>9}{figures['max_ms']:>9}"
              f"{figures['queries']:>9}{flag}")
    database = Path(settings.DATABASES["default"]["NAME"])
    index = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    record = {
        "articles": articles, "runs_per_address": args.runs, "pages": results,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "database_mib": round(sum(p.stat().st_size for p in database.parent.glob(
            database.name + "*")) / 2**20),
        "index_mib": round(sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
                           / 2**20),
        "over_target": sorted(n for n, f in results.items() if f["p95_ms"] > TARGET_P95_MS),
    }
    print(f"peak RSS {record['peak_rss_mib']} MiB · database {record['database_mib']} MiB · "
          f"index {record['index_mib']} MiB · over {TARGET_P95_MS} ms at p95: "
          f"{', '.join(record['over_target']) or 'none'}")
    if not args.only:
        out = ROOT / "bench" / f"results-pages-{articles}.json"
        out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written {out.relative_to(ROOT)}")
    return record


if __name__ == "__main__":
    main()
