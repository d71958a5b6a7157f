"""Fixtures shared by every test folder: one real Rasa server and action server per test run."""
from __future__ import annotations

import pytest

from scripts.servers import running_assistant
from tests.support.chat import API_TOKEN, Chat
from tests.support.fake_twilio import FakeTwilio
from tests.support.sms import sms_env


@pytest.fixture(scope="session")
def fake_twilio():
    """Twilio's Messages API on 127.0.0.1: the SMS channel sends its replies here."""
    with FakeTwilio.running() as fake:
        yield fake


@pytest.fixture(scope="session")
def assistant(fake_twilio):
    """Started on first use only, so unit tests never pay for it."""
    with running_assistant(api_token=API_TOKEN, extra_env=sms_env(fake_twilio)) as servers:
        yield servers


@pytest.fixture
def chat(assistant) -> Chat:
    return Chat(assistant["url"])
