"""Fixtures for the staff console: real conversations driven through the Rasa server, a real
console server (``python -m console``) over their databases, signed-in HTTP sessions, and Debian's
headless Chromium driven by Playwright."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, Optional

import pytest
import requests

from clinic_core.booking import db
from scripts.servers import ROOT, base_env, free_port
from tests.booking.conftest import database_url, pg_database_url, postgres  # noqa: F401  (shared fixtures)
from tests.console.scenarios import drive_all

PASSWORD = "correct horse battery staple"
USERS = {"alice": "admin", "bob": "staff", "carol": "staff", "dave": "staff"}
SCREENSHOTS = ROOT / "results" / "console-screenshots"


@pytest.fixture(scope="session")
def console_data(assistant) -> Dict[str, object]:
    """The assistant's databases after the scenarios' conversations (see scenarios.py)."""
    db.migrate(assistant["booking_db_url"])
    return {"tracker_db": assistant["tracker_db"], "booking_db_url": assistant["booking_db_url"],
            "conversations": drive_all(assistant["url"])}


def console_env(tracker_db: Path, booking_db_url: str, **extra: str) -> Dict[str, str]:
    env = base_env()
    env.update(TRACKER_DATABASE_URL=f"sqlite:///{tracker_db}", BOOKING_DATABASE_URL=booking_db_url,
               CONSOLE_SECRET_KEY="test-only-console-secret-key", **extra)
    return env


def run_cli(env: Dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console.cli", *args], input=stdin, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@contextlib.contextmanager
def console_server(env: Dict[str, str], log_path: Path) -> Iterator[str]:
    """``python -m console`` on a free port; yields its base URL (the console is at /staff)."""
    port = free_port()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "console", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the console exited early: {log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/staff/sign-in", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def console(console_data) -> Iterator[Dict[str, object]]:
    """The console server over the conversations' databases, with one account per name in USERS."""
    work = Path(tempfile.mkdtemp(prefix="console-"))
    env = console_env(console_data["tracker_db"], console_data["booking_db_url"])
    for name, role in USERS.items():
        created = run_cli(env, "create-user", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
        assert created.returncode == 0, created.stderr
    log_path = work / "console.log"
    try:
        with console_server(env, log_path) as url:
            yield {**console_data, "url": url, "base": f"{url}/staff", "env": env, "log": log_path}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(base: str, username: str, password: str = PASSWORD) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/sign-in")
    response = session.post(f"{base}/sign-in", data={"csrf_token": csrf_of(page.text), "username": username,
                                                     "password": password, "next": ""}, allow_redirects=False)
    assert response.status_code == 303, f"{username} could not sign in: {response.status_code}"
    return session


@pytest.fixture
def admin(console) -> requests.Session:
    return sign_in(console["base"], "alice")


@pytest.fixture
def staff(console) -> requests.Session:
    return sign_in(console["base"], "bob")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def browser_sign_in(page, base: str, username: str, password: str = PASSWORD, go: bool = True) -> None:
    """Fill in the sign-in form (``go=False``: the one already on screen)."""
    if go:
        page.goto(f"{base}/sign-in")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form button[type=submit]")


def screenshot(page, name: str) -> Optional[Path]:
    """Saved under results/ on every run; docs/screenshots holds the committed copy."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target

