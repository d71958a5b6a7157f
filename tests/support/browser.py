"""Debian's chromium, driven by Playwright through executable_path (never a browser download)."""
from __future__ import annotations

import contextlib
import os
import subprocess
from typing import Iterator

from scripts.servers import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@contextlib.contextmanager
def headless_chromium() -> Iterator[object]:
    """A headless Chromium; scripts/browser.sh installs it when missing (a failed install fails
    the tests: they never skip). Use it from a package-scoped fixture in the package's own
    conftest.py: Playwright's sync API keeps an event loop running until it stops, which later
    asyncio tests must not meet."""
    if not os.access(CHROMIUM, os.X_OK):
        subprocess.run(["bash", str(ROOT / "scripts" / "browser.sh")], check=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
