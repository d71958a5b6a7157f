"""Fixtures shared by every test folder: one real Rasa server and action server per test run."""
from __future__ import annotations

import pytest

from scripts.servers import running_assistant
from tests.support.chat import API_TOKEN, Chat


@pytest.fixture(scope="session")
def assistant():
    """Started on first use only, so unit tests never pay for it."""
    with running_assistant(api_token=API_TOKEN) as servers:
        yield servers


@pytest.fixture
def chat(assistant) -> Chat:
    return Chat(assistant["url"])
