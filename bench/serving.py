"""What serving a benchmark archive costs: gunicorn's workers and the writer, and a warm
reader across many commits.

    python bench/serving.py memory  --data-dir DIR [--port 8123] [--rounds 20]
    python bench/serving.py commits --data-dir DIR [--commits 1000]

``memory`` starts the site as ``make serve`` does (gunicorn with two workers, preloaded,
and the ``run_search_writer`` its master keeps running) on the archive in DIR, sends every
query class of ``bench/phases.py`` to it over loopback ``--rounds`` times (so both workers
answer each class), and reports each process's resident memory: RSS, and PSS, which divides pages
shared between processes (the index read through the page cache, the preloaded code)
among them, so that the PSS figures add up to what the machine really spends.

``commits`` keeps one warm searcher (this process) while it edits one article and writes
the change ``--commits`` times, searching after each; it reports resident memory, open
files and index segments every tenth of the way. Both print one JSON object last.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def memory_of(pid: int) -> dict[str, float]:
    """RSS and PSS of one process, MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Rss", "Pss", "Pss_Anon", "Pss_File"):
            found[key.lower() + "_mib"] = round(int(value.split()[0]) / 1024, 1)
    return found


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a process serving ``data_dir`` (always SQLite: it is the file)."""
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "config.settings", **extra}
    env.pop("DATABASE_URL", None)
    return env


def is_writer(pid: int) -> bool:
    try:
        return b"run_search_writer" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def writer_pids(master: int) -> list[int]:
    """The search writer(s) gunicorn's master ``master`` keeps running."""
    return [pid for pid in children(master) if is_writer(pid)]


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``, whichever of its threads started them."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def memory(data_dir: Path, port: int, rounds: int) -> dict:
    from bench.phases import query_classes

    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "WEB_CONCURRENCY": "2",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    python = sys.executable
    bindir = Path(python).parent
    server = subprocess.Popen(
        [str(bindir / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi",
         "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        timings: dict[str, list[float]] = {}
        classes = query_classes(_rare_name(data_dir))
        for _ in range(rounds):
            for qc in classes:
                params = {"q": qc.q, "sort": qc.sort}
                if qc.city:
                    params["city"] = qc.city
                started = time.perf_counter()
                with urllib.request.urlopen(
                        f"{base}/api/search?{urllib.parse.urlencode(params)}", timeout=60) as r:
                    r.read()
                timings.setdefault(qc.name, []).append((time.perf_counter() - started) * 1000)
        processes = {"gunicorn master": server.pid}
        workers = 0
        for pid in children(server.pid):  # the workers, and the writer the master keeps
            if is_writer(pid):
                processes["search writer"] = pid
            else:
                workers += 1
                processes[f"worker {workers}"] = pid
        measured = {name: memory_of(pid) for name, pid in processes.items()}
        total = {key: round(sum(m.get(key, 0) for m in measured.values()), 1)
                 for key in ("rss_mib", "pss_mib")}
        return {"processes": measured, "total": total, "rounds": rounds,
                "http_p50_ms": {name: round(sorted(t)[len(t) // 2], 1)
                                for name, t in timings.items()}}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _rare_name(data_dir: Path) -> str:
    import sqlite3

    db = sqlite3.connect(data_dir / "archive.sqlite3")
    row = db.execute(
        "select p.name from archive_person p join archive_credit c on c.person_id = p.id "
        "group by p.id having count(*) between 1 and 5 order by count(*) desc, p.id limit 1"
    ).fetchone()
    return row[0] if row else "柯贤湖"


def commits(data_dir: Path, count: int) -> dict:
    from bench.phases import setup

    setup("ours", data_dir)
    os.environ["ARCHIVE_SEARCH_WRITER"] = "1"
    from haystack import connections

    from archive.models import Article
    from archive.signals import articles_changed
    from search.indexing import write_pending
    from search.query import SearchRequest
    from search.service import search_articles

    backend = connections["default"].get_backend()
    article = Article.objects.order_by("pk").first()
    original = article.subtitle
    samples = []
    started = time.perf_counter()
    try:
        for step in range(count + 1):
            if step:
                article.subtitle = f"长跑测验{step}"
                article.save(update_fields=["subtitle"])
                articles_changed.send(sender=Article, changed_ids=[article.pk], removed_ids=[])
                write_pending()
            found = search_articles(SearchRequest(q="工会"))
            if step % max(1, count // 10) == 0:
                status = dict(line.split(":", 1) for line in
                              Path("/proc/self/status").read_text().splitlines())
                samples.append({
                    "commits": step, "count": found.count,
                    "rss_mib": round(int(status["VmRSS"].split()[0]) / 1024, 1),
                    "open_files": len(os.listdir("/proc/self/fd")),
                    "segments": len(backend.index._segments()),
                })
                print(json.dumps(samples[-1]), file=sys.stderr)
    finally:
        article.subtitle = original
        article.save(update_fields=["subtitle"])
        articles_changed.send(sender=Article, changed_ids=[article.pk], removed_ids=[])
        write_pending()
    return {"commits": count, "seconds": round(time.perf_counter() - started, 1),
            "samples": samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("memory", "commits"))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--commits", type=int, default=1000)
    args = parser.parse_args()
    if args.what == "memory":
        result = memory(args.data_dir, args.port, args.rounds)
    else:
        result = commits(args.data_dir, args.commits)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
