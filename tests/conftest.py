"""Fixtures shared by every test folder: one real Rasa server and action server per test run."""
from __future__ import annotations

import pytest

from scripts.servers import free_port, running_assistant
from tests.support.chat import API_TOKEN, Chat
from tests.support.fake_twilio import FakeTwilio
from tests.support.readability import textstat_grade
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
    env = {**assistant_env(web_port), **sms_env(fake_twilio),
           "ACTION_TIMEOUT_SECONDS": "7"}  # tests/faults wait for the guard (default 20 s)
    with running_assistant(api_token=API_TOKEN, extra_env=env) as servers:
        yield servers


@pytest.fixture
def chat(assistant) -> Chat:
    return Chat(assistant["url"])



@pytest.fixture(scope="module")
def grade(request):
    """The reading grade of a text (textstat's Flesch-Kincaid), for wording tests in any folder."""
    patch = pytest.MonkeyPatch()
    request.addfinalizer(patch.undo)
    return textstat_grade(patch)
