"""Run a command against a throwaway PostgreSQL server: ``with_postgres.py CMD [ARGS...]``.

``make test`` runs the test suite through this a second time, so that the PostgreSQL path
(``DATABASE_URL=postgres://…``) is exercised on every change, not only promised. The server
is Debian's ``postgresql`` package, installed with apt-get when it is missing and this runs as
root; a cluster is created in a temporary directory, listens only on a Unix socket there, and
is removed afterwards. Where PostgreSQL cannot be installed or started, the reason is printed
and the command is skipped (exit status 0); the command's own exit status is returned
otherwise.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DATABASE = "archive"
ROLE = "archive"


def _bin_dir() -> Path | None:
    """The newest installed PostgreSQL's binaries (Debian keeps them out of PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _install() -> str | None:
    """Install Debian's server package; returns why it could not be, or None."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "PostgreSQL is not installed and apt-get cannot be run here (not root)"
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]):
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}"
    return None


def _as_server_user() -> tuple[list[str], int | None]:
    """initdb refuses to run as root: run the server as Debian's ``postgres`` user then."""
    if os.geteuid() != 0:
        return [], None
    try:
        uid = pwd.getpwnam("postgres").pw_uid
    except KeyError:
        return ["runuser", "-u", "nobody", "--"], pwd.getpwnam("nobody").pw_uid
    return ["runuser", "-u", "postgres", "--"], uid


def _skip(reason: str) -> int:
    print(f"\n*** PostgreSQL run skipped: {reason}\n", flush=True)
    return 0


def main(command: list[str]) -> int:
    if not command:
        print(__doc__, file=sys.stderr)
        return 2
    bin_dir = _bin_dir()
    if bin_dir is None:
        reason = _install()
        if reason:
            return _skip(reason)
        bin_dir = _bin_dir()
        if bin_dir is None:
            return _skip("the postgresql package installed no initdb")
    prefix, uid = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="archive-pg-"))
    if uid is not None:
        os.chown(root, uid, -1)
    cluster, socket_dir = root / "cluster", root
    run = lambda *args: subprocess.run([*prefix, *args], capture_output=True, text=True)  # noqa: E731
    try:
        made = run(str(bin_dir / "initdb"), "-D", str(cluster), "-U", ROLE, "-A", "trust",
                   "-E", "UTF8", "--locale=C.UTF-8")
        if made.returncode != 0:
            return _skip(f"initdb failed: {made.stderr.strip()[-300:]}")
        started = run(str(bin_dir / "pg_ctl"), "-D", str(cluster), "-w", "-l", str(root / "log"),
                      "-o", f"-k {socket_dir} -c listen_addresses='' -c fsync=off "
                            "-c max_connections=200", "start")
        if started.returncode != 0:
            log = (root / "log").read_text(errors="replace")[-500:] if (root / "log").exists() else ""
            return _skip(f"the server did not start: {started.stderr.strip()} {log}")
        created = run(str(bin_dir / "createdb"), "-h", str(socket_dir), "-U", ROLE, DATABASE)
        if created.returncode != 0:
            return _skip(f"createdb failed: {created.stderr.strip()}")
        url = f"postgres://{ROLE}@/{DATABASE}?host={socket_dir}"
        print(f"\n*** Running against PostgreSQL ({bin_dir.parent.name}): {' '.join(command)}\n",
              flush=True)
        return subprocess.call(command, env={**os.environ, "DATABASE_URL": url})
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(cluster), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
