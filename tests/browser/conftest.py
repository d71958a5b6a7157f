"""Real headless Chromium (Debian's package, driven by Playwright) against the demo page.

The session's Rasa server (tests/conftest.py) allows the demo page's origin; the web process is
started here on that port. Chromium comes from the session's `browser` fixture (tests/conftest.py):
these tests never skip.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.servers import running_web

OUTPUT = Path(__file__).resolve().parent / "output"


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
