"""The search benchmark in one command: our engine against the stock haystack + Whoosh setup.

    python bench/run.py --articles 10000
    python bench/run.py --articles 100000            # ours only (see --stock)
    python bench/run.py --articles 10000 --corpus samples

Generates the synthetic archive if it is not there yet (bench/generate.py, from the
``realistic`` corpus unless ``--corpus samples``, in /tmp/bench-<N/1000>k-<corpus> unless
--data-dir), rebuilds each index from scratch (timed), measures query latency through the
site's code path (``search.service.search_articles``) and the stock setup's usual one, prints
a table and writes bench/results-<N>-realistic.json (bench/results-<N>.json for the samples
corpus, which all earlier results files are of). The archive's corpus and its numbers of
distinct Han character pairs and triples are part of the report and of the table's header.

The stock side runs by default only up to 10,000 articles: its full rebuild at 100,000 was
measured at ~51 minutes on this machine. ``--stock`` forces it, ``--no-stock`` skips it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
from bench.generate import CORPORA, RECORD, default_data_dir  # noqa: E402  (stdlib only)

STOCK_LIMIT = 10_000
# The targets at 100,000 articles of the realistic corpus (300,000: p95 within 200 ms).
TARGET_P50_MS, TARGET_P95_MS, TARGET_SPEEDUP, TARGET_RATE = 100, 100, 5, 300
TARGET_FRESH_S = 2  # a new issue searchable within this many seconds of its import
TARGET_INDEX_MIB, TARGET_READER_MIB, TARGET_FIRST_QUERY_MS = 1024, 400, 1000


def engine_fingerprint() -> str:
    """A short hash of search/'s code, so a results file says which engine it measured."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "search").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def phase(name: str, engine: str, data_dir: Path, *extra: str) -> dict:
    command = [sys.executable, str(BENCH / "phases.py"), name, "--engine", engine,
               "--data-dir", str(data_dir), *extra]
    print(f"… {name} ({engine})", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def generate(articles: int, data_dir: Path, corpus: str) -> dict:
    """Generate the archive if needed; its record: corpus, seed, distinct pairs/triples."""
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--articles", str(articles),
                    "--corpus", corpus, "--data-dir", str(data_dir)], cwd=ROOT, check=True)
    return json.loads((data_dir / RECORD).read_text(encoding="utf-8"))


def results_path(articles: int, corpus: str) -> Path:
    return BENCH / (f"results-{articles}.json" if corpus == "samples"
                    else f"results-{articles}-{corpus}.json")


def corpus_line(report: dict) -> str:
    archive = report.get("archive")
    if not archive:
        return "samples corpus"
    d = archive["diversity"]
    return (f"{archive['corpus']} corpus: {d['distinct_pairs']:,} distinct pairs, "
            f"{d['distinct_triples']:,} triples, mean body {d['mean_body_chars']:.0f} chars")


def index_exists(data_dir: Path, engine: str) -> bool:
    name = "whoosh_index" if engine == "ours" else "stock_whoosh_index"
    return any((data_dir / name).glob("*.toc"))


def run_engine(engine: str, data_dir: Path, args: argparse.Namespace, previous: dict) -> dict:
    result: dict = {}
    reuse = args.reuse_index in (engine, "both")
    if reuse and index_exists(data_dir, engine) and previous.get("build"):
        result["build"] = previous["build"]  # carried over from the run that built it
    else:
        result["build"] = phase("build", engine, data_dir)
    result["queries"] = phase("queries", engine, data_dir, "--runs", str(args.runs),
                              "--warmups", str(args.warmups))
    if engine == "ours":
        result["fresh"] = phase("fresh", engine, data_dir)
    return result


def ratios(ours: dict, stock: dict) -> dict:
    table = {}
    for name, mine in ours["queries"].items():
        theirs = stock["queries"].get(name)
        if name.startswith("_") or name == "search_code" or not theirs:
            continue
        table[name] = {
            "p50_ours_over_stock": round(mine["p50_ms"] / theirs["p50_ms"], 3),
            "p95_ours_over_stock": round(mine["p95_ms"] / theirs["p95_ms"], 3),
            "speedup_p50": round(theirs["p50_ms"] / mine["p50_ms"], 1),
        }
    return table


def misses(report: dict) -> list[str]:
    """Which targets this run misses (targets are set for 100,000 articles)."""
    found = []
    build = report["ours"]["build"]
    if build["articles_per_second"] < TARGET_RATE:
        found.append(f"rebuild {build['articles_per_second']} articles/s < {TARGET_RATE}")
    if build["index_mib"] > TARGET_INDEX_MIB:
        found.append(f"index {build['index_mib']} MiB > {TARGET_INDEX_MIB}")
    opened = report["ours"]["queries"].get("_open", {})
    if opened.get("rss_mib", 0) > TARGET_READER_MIB:
        found.append(f"reader resident {opened['rss_mib']} MiB > {TARGET_READER_MIB}")
    if opened.get("first_query_ms", 0) > TARGET_FIRST_QUERY_MS:
        found.append(f"first query {opened['first_query_ms']} ms > {TARGET_FIRST_QUERY_MS}")
    fresh = report["ours"].get("fresh")
    if fresh and fresh["searchable_after_import_s"] > TARGET_FRESH_S:
        found.append(f"new issue searchable after {fresh['searchable_after_import_s']} s")
    for name, q in report["ours"]["queries"].items():
        if name.startswith("_") or name == "search_code":
            continue
        if q["p50_ms"] > TARGET_P50_MS:
            found.append(f"{name}: p50 {q['p50_ms']} ms > {TARGET_P50_MS}")
        if q["p95_ms"] > TARGET_P95_MS:
            found.append(f"{name}: p95 {q['p95_ms']} ms > {TARGET_P95_MS}")
        speed = report.get("ratios", {}).get(name, {}).get("speedup_p50")
        if speed is not None and speed < TARGET_SPEEDUP:
            found.append(f"{name}: only {speed}x faster than stock (target {TARGET_SPEEDUP}x)")
    return found


def print_table(report: dict) -> None:
    ours, stock = report["ours"], report.get("stock")
    print(f"\n{report['articles']:,} articles · {corpus_line(report)} · {report['machine']}")
    for engine, data in (("ours", ours), ("stock", stock)):
        if data:
            b = data["build"]
            print(f"build {engine:5}: {b['seconds']:>7.1f} s  {b['articles_per_second']:>6.1f} "
                  f"articles/s  index {b['index_mib']:>6.1f} MiB  peak RSS "
                  f"{b['peak_rss_mib']:.0f} MiB"
                  + (f" (each writing process ≤ {b['writer_peak_rss_mib']:.0f} MiB, "
                     f"{b['segments']} segments)" if b.get("writer_peak_rss_mib") else ""))
    if not stock:
        print("stock setup: not run at this size (see --stock)")
    print(f"\nqueries · {report['articles']:,} articles · {corpus_line(report)}")
    head = f"{'query class':16} {'query':12} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8}"
    if stock:
        head += f" {'stock hits':>10} {'stock p50':>10} {'stock p95':>10} {'ours/stock':>10} {'speedup':>8}"
    print(head)
    for name, q in ours["queries"].items():
        if name.startswith("_") or name == "search_code":
            continue
        line = f"{name:16} {q['q'][:12]:12} {q['hits']:>7} {q['p50_ms']:>8.1f} {q['p95_ms']:>8.1f}"
        if stock and name in stock["queries"]:
            s, r = stock["queries"][name], report["ratios"][name]
            line += (f" {s['hits']:>10} {s['p50_ms']:>10.1f} {s['p95_ms']:>10.1f} "
                     f"{r['p50_ours_over_stock']:>10.3f} {r['speedup_p50']:>7.1f}x")
        print(line)
    opened = ours["queries"]["_open"]
    print(f"\nours: first query {opened['first_query_ms']} ms, query process peak RSS "
          f"{opened['peak_rss_mib']} MiB; articles containing each string (database): "
          f"{opened.get('database_counts')}")
    if stock:
        so = stock["queries"]["_open"]
        print(f"stock: first query {so['first_query_ms']} ms, query process peak RSS "
              f"{so['peak_rss_mib']} MiB")
    fresh = ours.get("fresh")
    if fresh:
        print(f"a new issue: import {fresh['import_s']} s, then found by a search after "
              f"{fresh['searchable_after_import_s']} s ({fresh['found']} articles); the first "
              f"full search (工会, facets) after it took "
              f"{fresh.get('first_full_search_after_import_ms')} ms")
    print(f"\nmisses (targets at 100k: p50 and p95 ≤ {TARGET_P95_MS} ms, ≥ {TARGET_SPEEDUP}x "
          f"stock, rebuild ≥ {TARGET_RATE}/s, index ≤ {TARGET_INDEX_MIB} MiB, reader ≤ "
          f"{TARGET_READER_MIB} MiB, first query ≤ {TARGET_FIRST_QUERY_MS} ms, new issue ≤ "
          f"{TARGET_FRESH_S} s):")
    for line in report["misses"] or ["none"]:
        print(f"  - {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--corpus", choices=CORPORA, default="realistic",
                        help="text of the generated archive (see bench/generate.py)")
    parser.add_argument("--data-dir", type=Path, help="default: /tmp/bench-<N/1000>k-<corpus>")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    parser.add_argument("--reuse-index", choices=("ours", "stock", "both"),
                        help="keep that index from an earlier run (and its build figures)")
    stock = parser.add_mutually_exclusive_group()
    stock.add_argument("--stock", dest="stock", action="store_true", default=None)
    stock.add_argument("--no-stock", dest="stock", action="store_false")
    parser.add_argument("--profile", metavar="QUERY_CLASS",
                        help="also profile one query class of ours with cProfile")
    args = parser.parse_args()
    data_dir = args.data_dir or default_data_dir(args.articles, args.corpus)
    out = results_path(args.articles, args.corpus)
    previous = json.loads(out.read_text()) if out.exists() else {}
    if previous.get("archive", {}).get("corpus", "samples") != args.corpus:
        previous = {}  # build figures of another corpus's archive are never carried over

    archive = generate(args.articles, data_dir, args.corpus)
    with_stock = args.stock if args.stock is not None else args.articles <= STOCK_LIMIT
    report: dict = {
        "articles": args.articles, "data_dir": str(data_dir), "archive": archive,
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, "
                   f"Python {platform.python_version()}",
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "runs": args.runs, "warmups": args.warmups, "search_code": engine_fingerprint(),
    }
    report["ours"] = run_engine("ours", data_dir, args, previous.get("ours", {}))
    if with_stock:
        report["stock"] = run_engine("stock", data_dir, args, previous.get("stock", {}))
        report["ratios"] = ratios(report["ours"], report["stock"])
    else:
        report["stock"] = None
        report["stock_note"] = (f"stock setup not run at {args.articles:,} articles (its "
                                "rebuild at 100,000 takes ~51 minutes); pass --stock to run it")
    if args.profile:
        report["profile"] = phase("profile", "ours", data_dir, "--query-class", args.profile)
    report["misses"] = misses(report)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_table(report)
    if args.profile:
        print(report["profile"]["report"])
    print(f"\nwritten: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
