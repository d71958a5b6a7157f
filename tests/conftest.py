"""Fixtures shared by every test folder: one real Rasa server and action server per test run."""
from __future__ import annotations

import os
import subprocess

import pytest

from scripts.servers import ROOT, free_port, running_assistant
from tests.support.chat import API_TOKEN, Chat
from tests.support.fake_twilio import FakeTwilio
from tests.support.sms import sms_env
from tests.support.widget import assistant_env


@pytest.fixture(scope="session")
def web_port() -> int:
    """The demo page's port, chosen before the assistant starts: its origin must be allowed."""
    return free_port()


@pytest.fixture(scope="session")
def fake_twilio():
    """Twilio's Messages API on 127.0.0.1: the SMS channel sends its replies here."""
    with FakeTwilio.running() as fake:
        yield fake


@pytest.fixture(scope="session")
def assistant(web_port, fake_twilio):
    """Started on first use only, so unit tests never pay for it."""
    env = {**assistant_env(web_port), **sms_env(fake_twilio)}
    with running_assistant(api_token=API_TOKEN, extra_env=env) as servers:
        yield servers


@pytest.fixture
def chat(assistant) -> Chat:
    return Chat(assistant["url"])


# Debian's chromium, driven by Playwright through executable_path (never a browser download).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test; scripts/browser.sh installs it when missing
    (a failed install fails the tests: they never skip)."""
    if not os.access(CHROMIUM, os.X_OK):
        subprocess.run(["bash", str(ROOT / "scripts" / "browser.sh")], check=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
