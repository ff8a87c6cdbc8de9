"""A live archive for browser tests: gunicorn on loopback serving the sample pages from a
scratch data directory, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SERVER_START_ATTEMPTS = 300
# Generous waits: other test runs may share the machine. These bound how long a check may
# wait for the page; nothing asserts how fast it is.
WAIT_MS = 30_000
STAFF = ("staff", "e2e-口令-Staff-2024")  # a superuser of the served archive


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )


def _wait_until_serving(url: str, server: subprocess.Popen) -> None:
    """Poll until gunicorn answers; fail with its output if it exits first."""
    for _ in range(SERVER_START_ATTEMPTS):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.stdout.read() if server.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer at {url}")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a live archive holding the four sample pages."""
    data_dir = tmp_path_factory.mktemp("archive-data")
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data_dir),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    _manage(env, "load_samples")
    _manage(env, "shell", "-c", "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser({STAFF[0]!r}, password={STAFF[1]!r})")
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "-c", "config/gunicorn.py", "config.wsgi", "-b", f"127.0.0.1:{port}",
         "--workers", "2"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url + "/robots.txt", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _launch(playwright, user_data_dir: Path, **options):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport=DESKTOP, locale="zh-CN", **options,
    )
    context.set_default_timeout(WAIT_MS)
    return context


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver, tmp_path_factory: pytest.TempPathFactory):
    """Chromium with a fresh profile and JavaScript on."""
    context = _launch(playwright_driver, tmp_path_factory.mktemp("chromium-profile"))
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context
    context.close()


@pytest.fixture(scope="session")
def browser_without_js(playwright_driver, tmp_path_factory: pytest.TempPathFactory):
    """Chromium as a reader with JavaScript turned off sees the site."""
    context = _launch(
        playwright_driver, tmp_path_factory.mktemp("chromium-nojs"), java_script_enabled=False
    )
    yield context
    context.close()


@pytest.fixture
def page(browser):
    """A tab; the test fails if the Content-Security-Policy blocked anything on it."""
    tab = browser.new_page()
    blocked: list[str] = []
    tab.on("console", lambda message: blocked.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    tab.close()
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
