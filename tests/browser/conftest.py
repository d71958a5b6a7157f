"""Real headless Chromium (Debian's package, driven by Playwright) against the demo page.

The session's Rasa server (tests/conftest.py) allows the demo page's origin; the web process is
started here on that port. Chromium is installed by scripts/browser.sh when missing; these
tests never skip.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from scripts.servers import ROOT, running_web

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
OUTPUT = Path(__file__).resolve().parent / "output"


@pytest.fixture(scope="package")
def chromium_path() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        subprocess.run(["bash", str(ROOT / "scripts" / "browser.sh")], check=True)
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(chromium_path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def site(assistant, web_port) -> str:
    with running_web(web_port, assistant["url"]) as url:
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def screenshot(request):
    OUTPUT.mkdir(exist_ok=True)

    def save(page, name: str) -> Path:
        path = OUTPUT / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return save
