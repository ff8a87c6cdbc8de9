"""Load and fault figures of the site as ``make serve`` runs it, on loopback only.

    python bench/faults.py --data-dir DIR [--articles 10000] [--seconds 15] [--port 8124]

Generates the archive in DIR if it is not there (``bench/generate.py``, real newspaper text),
starts gunicorn with config/gunicorn.py (which keeps the search writer running) and measures,
each bounded in count and time:

- **mixed load** at concurrency 8, 32 and 64: requests/s, p50/p99, errors (5xx or a broken
  connection) and the workers' memory, over a mix of searches, article, issue, place, union
  and API pages;
- **writes under load**: two editors making 100 edits each and an importer importing pages,
  while readers keep the load at concurrency 8: failed edits, edit p50/p99, how long the last
  edit takes to become searchable;
- **slow clients**: 50 connections that send nothing and 30 that stall half-way through a
  request, while probes measure how fast the site still answers;
- **faults**: a 30 s database write lock while edits wait for the writer (does the writer
  survive, and how soon after does it catch up), and the writer killed with SIGKILL (how soon
  is it back); inputs of the shapes that a hostile client sends.

Prints a table and one JSON object last; writes bench/results-faults-<N>.json.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import children, environment, is_writer, memory_of, writer_pids  # noqa: E402

TARGETS = """
import json
from archive.models import Article, Issue, Place, Union
print(json.dumps({
    "articles": list(Article.objects.order_by("?").values_list("pk", flat=True)[:300]),
    "issues": list(Issue.objects.order_by("?").values_list("pk", flat=True)[:50]),
    "places": list(Place.objects.filter(city_articles__isnull=False).distinct()
                   .values_list("code", flat=True)[:50]),
    "unions": list(Union.objects.filter(articles__isnull=False).distinct()
                   .values_list("pk", flat=True)[:50]),
    "count": Article.objects.count(),
}))
"""

EDITOR = """
import json, sys, time
from django.db import transaction
from archive.models import Article
from archive.services.editing import announce
name, count = sys.argv[-2], int(sys.argv[-1])
ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[:count])
times, errors = [], []
for n, pk in enumerate(ids):
    started = time.monotonic()
    try:
        with transaction.atomic():
            article = Article.objects.get(pk=pk)
            article.title = f"{name}改题{n}号"
            article.save(update_fields=["title"])
            announce([pk])
    except Exception as error:
        errors.append(repr(error))
    times.append(time.monotonic() - started)
    time.sleep(0.05)
print(json.dumps({"times": times, "errors": errors, "last": f"{name}改题{len(ids) - 1}号"}))
"""

SEARCH_WORDS = ["工会", "职工", "劳模", "疗休养", "技能", "农民工", "安全生产", "工会 职工",
                "“工会主席”", "五一劳动奖章", "困难职工", "女职工", "工资", "培训", "节日"]

HOSTILE = [
    "/search/feed/?q=%00", "/dates/0/", "/dates/99999/", "/dates/9223372036854775808/",
    "/search/?q=%ff%fe", "/search/?q=" + "%E5%B7%A5" * 5000, "/search/?q=%0c%1b%0b",
    "/search/?page=99999999999999999999", "/articles/99999999999999999999/",
    "/api/articles/99999999999999999999", "/places/%00/", "/sitemap-nothing.xml",
]


def django_script(data_dir: Path, script: str, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "import django, sys; django.setup(); exec(sys.argv[1])",
         script, *args], cwd=ROOT, env=environment(data_dir, **extra),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def script_json(data_dir: Path, script: str, *args: str, **extra: str) -> dict:
    out, err = django_script(data_dir, script, *args, **extra).communicate(timeout=900)
    return json.loads(out.strip().splitlines()[-1]) if out.strip() else {"error": err[-500:]}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class Load:
    """``concurrency`` threads, each with one kept-alive connection, requesting random paths
    until stopped; collects latencies and errors."""

    def __init__(self, port: int, paths: list[str], concurrency: int) -> None:
        self.port, self.paths, self.concurrency = port, paths, concurrency
        self.times: list[float] = []
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True)
                        for n in range(concurrency)]

    def _run(self, seed: int) -> None:
        chooser = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stopping.is_set():
            path = chooser.choice(self.paths)
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status >= 500:
                    self.errors.append(f"{response.status} {path}")
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{type(error).__name__} {path}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.times.append((time.perf_counter() - started) * 1000)

    def __enter__(self) -> "Load":
        self.started = time.perf_counter()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=90)
        self.seconds = time.perf_counter() - self.started

    def figures(self) -> dict:
        return {"concurrency": self.concurrency, "requests": len(self.times),
                "requests_per_s": round(len(self.times) / self.seconds, 1),
                "p50_ms": round(percentile(self.times, 0.5), 1),
                "p99_ms": round(percentile(self.times, 0.99), 1),
                "errors": len(self.errors), "error_examples": sorted(set(self.errors))[:5]}


def workers_memory(server: subprocess.Popen) -> dict:
    found = {}
    for n, pid in enumerate(children(server.pid), 1):
        try:
            found["writer" if is_writer(pid) else f"worker {n}"] = memory_of(pid)
        except OSError:
            continue
    return found


def writer_pid(server: subprocess.Popen) -> int | None:
    found = writer_pids(server.pid)
    return found[0] if found else None


def get(port: int, path: str, timeout: float = 30) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def searchable(port: int, title: str, timeout: float = 120) -> float | None:
    """Seconds until the API's search finds ``title`` (None: not within ``timeout``)."""
    started = time.monotonic()
    path = "/api/search?" + urllib.parse.urlencode({"q": title})
    while time.monotonic() - started < timeout:
        status, body = get(port, path)
        if status == 200 and title in json.dumps(json.loads(body), ensure_ascii=False):
            return round(time.monotonic() - started, 2)
        time.sleep(0.2)
    return None


def mixed_paths(targets: dict) -> list[str]:
    quote = urllib.parse.quote
    paths = [f"/search/?q={quote(w)}" for w in SEARCH_WORDS] * 3
    paths += [f"/api/search?q={quote(w)}" for w in SEARCH_WORDS]
    paths += [f"/articles/{pk}/" for pk in targets["articles"][:150]]
    paths += [f"/issues/{pk}/" for pk in targets["issues"]]
    paths += [f"/places/{code}/" for code in targets["places"]]
    paths += [f"/unions/{pk}/" for pk in targets["unions"]]
    paths += ["/", "/dates/", "/places/", "/unions/", "/feeds/latest/"]
    return paths


def writes_under_load(data_dir: Path, port: int, paths: list[str], pages: Path) -> dict:
    editors = [django_script(data_dir, EDITOR, name, "100", ARCHIVE_SEARCH_WRITER="0")
               for name in ("甲", "乙")]
    imports = []
    with Load(port, paths, 8) as load:
        for n in range(3):
            text = (ROOT / "fixtures/seeds/000_e56401c083caef72.txt").read_text(encoding="utf-8")
            page = pages / f"bench-import-{n}.txt"
            page.write_text(text + f"\n\n本报讯 负载下导入测试第{n}篇。\n", encoding="utf-8")
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "manage.py", "import_pages", str(page), "--publication",
                 "浙江工人日报", "--date", f"2030-0{n + 1}-01", "--page", "1"], cwd=ROOT,
                env=environment(data_dir, ARCHIVE_SEARCH_WRITER="0"), capture_output=True,
                text=True, timeout=600)
            imports.append({"ok": done.returncode == 0, "seconds": round(time.monotonic() - started, 2),
                            "error": done.stderr.strip()[-200:] if done.returncode else ""})
        results = []
        for editor in editors:
            out, err = editor.communicate(timeout=900)
            results.append(json.loads(out.strip().splitlines()[-1]) if out.strip()
                           else {"times": [], "errors": [err[-300:]], "last": ""})
    times = [t * 1000 for r in results for t in r["times"]]
    return {"edits": len(times), "edit_errors": sum(len(r["errors"]) for r in results),
            "edit_error_examples": [e for r in results for e in r["errors"]][:3],
            "edit_p50_ms": round(percentile(times, 0.5), 1),
            "edit_p99_ms": round(percentile(times, 0.99), 1),
            "imports": imports, "load": load.figures(),
            "last_edit_searchable_after_s": searchable(port, results[-1]["last"])}


def slow_clients(port: int) -> dict:
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
    stalled = []
    for _ in range(30):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET /search/?q=%E5%B7%A5%E4%BC%9A HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        stalled.append(client)
    times, failures = [], 0
    try:
        for n in range(20):
            started = time.perf_counter()
            try:
                status, _ = get(port, "/search/?q=%E8%81%8C%E5%B7%A5" if n % 2 else "/", 30)
                failures += status != 200
            except OSError:
                failures += 1
            times.append((time.perf_counter() - started) * 1000)
    finally:
        for client in idle + stalled:
            client.close()
    return {"idle": len(idle), "stalled": len(stalled), "probes": len(times),
            "probe_failures": failures, "probe_p50_ms": round(percentile(times, 0.5), 1),
            "probe_max_ms": round(max(times), 1)}


def database_lock(data_dir: Path, port: int, server: subprocess.Popen, hold: float) -> dict:
    """Pause the writer, queue an edit, lock the database for ``hold`` s, resume the writer."""
    writer = writer_pid(server)
    os.kill(writer, signal.SIGSTOP)
    edit = script_json(data_dir, EDITOR, "锁", "1", ARCHIVE_SEARCH_WRITER="0")
    lock = sqlite3.connect(data_dir / "archive.sqlite3", isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    os.kill(writer, signal.SIGCONT)
    time.sleep(hold)
    lock.execute("ROLLBACK")
    lock.close()
    return {"lock_seconds": hold, "writer_survived": writer_pid(server) == writer,
            "searchable_after_release_s": searchable(port, edit["last"])}


def writer_killed(server: subprocess.Popen) -> dict:
    first = writer_pid(server)
    os.kill(first, signal.SIGKILL)
    started = time.monotonic()
    while time.monotonic() - started < 60:
        pid = writer_pid(server)
        if pid and pid != first:
            return {"restarted": True, "restart_s": round(time.monotonic() - started, 2)}
        time.sleep(0.1)
    return {"restarted": False, "restart_s": None}


def _label(path: str) -> str:
    return path if len(path) <= 60 else f"{path[:40]}…（共 {len(path)} 个字符）"


def hostile(port: int) -> dict:
    statuses = {_label(path): get(port, path)[0] for path in HOSTILE}
    bad_host = socket.create_connection(("127.0.0.1", port))
    bad_host.sendall(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    statuses["Host: evil.example"] = int(bad_host.recv(100).split()[1])
    bad_host.close()
    return {"tried": len(statuses), "server_errors": sum(s >= 500 for s in statuses.values()),
            "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--lock-seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8124)
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    subprocess.run([sys.executable, "bench/generate.py", "--articles", str(args.articles),
                    "--data-dir", str(data_dir)], cwd=ROOT, env=environment(data_dir), check=True)
    subprocess.run([sys.executable, "manage.py", "check_search_index", "--repair"], cwd=ROOT,
                   env=environment(data_dir), check=True, capture_output=True)
    targets = script_json(data_dir, TARGETS)
    paths = mixed_paths(targets)
    log = open(data_dir / "bench-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py",
         "config.wsgi", "-b", f"127.0.0.1:{args.port}", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=environment(data_dir, WEB_CONCURRENCY="2"), stdout=log,
        stderr=subprocess.STDOUT)
    report: dict = {"articles": targets["count"], "seconds_per_load": args.seconds}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get(args.port, "/robots.txt", 5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for path in paths:  # warm both workers' caches once
            get(args.port, path, 120)
        report["mixed"] = []
        for concurrency in (8, 32, 64):
            with Load(args.port, paths, concurrency) as load:
                time.sleep(args.seconds)
                memory = workers_memory(server)
            report["mixed"].append({**load.figures(), "memory": memory})
        report["writes"] = writes_under_load(data_dir, args.port, paths, data_dir)
        report["slow_clients"] = slow_clients(args.port)
        report["database_lock"] = database_lock(data_dir, args.port, server, args.lock_seconds)
        report["writer_killed"] = writer_killed(server)
        report["hostile"] = hostile(args.port)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    print_table(report)
    out = ROOT / "bench" / f"results-faults-{args.articles}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False))


def print_table(report: dict) -> None:
    print(f"\n{report['articles']} articles, loopback, gunicorn as make serve runs it")
    print("concurrency  req/s   p50 ms  p99 ms  errors  worker RSS MiB")
    for row in report["mixed"]:
        rss = "/".join(str(m.get("rss_mib")) for name, m in row["memory"].items()
                       if name.startswith("worker"))
        print(f"{row['concurrency']:>11}  {row['requests_per_s']:>5}  {row['p50_ms']:>7}"
              f"  {row['p99_ms']:>6}  {row['errors']:>6}  {rss}")
    writes = report["writes"]
    print(f"writes: {writes['edits']} edits, {writes['edit_errors']} failed, p50 "
          f"{writes['edit_p50_ms']} ms, p99 {writes['edit_p99_ms']} ms; imports "
          f"{[i['seconds'] for i in writes['imports']]} s; readers' errors "
          f"{writes['load']['errors']}; last edit searchable after "
          f"{writes['last_edit_searchable_after_s']} s")
    slow = report["slow_clients"]
    print(f"slow clients: {slow['idle']} idle + {slow['stalled']} stalled; probes "
          f"{slow['probes'] - slow['probe_failures']}/{slow['probes']} answered, p50 "
          f"{slow['probe_p50_ms']} ms, max {slow['probe_max_ms']} ms")
    lock = report["database_lock"]
    print(f"{lock['lock_seconds']:.0f} s database lock: writer survived "
          f"{lock['writer_survived']}, edit searchable {lock['searchable_after_release_s']} s "
          "after release")
    killed = report["writer_killed"]
    print(f"writer killed: restarted {killed['restarted']} after {killed['restart_s']} s")
    print(f"hostile inputs: {report['hostile']['server_errors']} of "
          f"{report['hostile']['tried']} gave a 5xx")


if __name__ == "__main__":
    main()
