"""Fixtures shared by every test folder: one real Rasa server and action server per test run."""
from __future__ import annotations

import pytest

from scripts.servers import free_port, running_assistant
from tests.support.chat import API_TOKEN, Chat
from tests.support.widget import assistant_env


@pytest.fixture(scope="session")
def web_port() -> int:
    """The demo page's port, chosen before the assistant starts: its origin must be allowed."""
    return free_port()


@pytest.fixture(scope="session")
def assistant(web_port):
    """Started on first use only, so unit tests never pay for it."""
    with running_assistant(api_token=API_TOKEN, extra_env=assistant_env(web_port)) as servers:
        yield servers


@pytest.fixture
def chat(assistant) -> Chat:
    return Chat(assistant["url"])
