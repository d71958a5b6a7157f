"""Widget session tokens: issued by the server, signed, expiring (no server)."""
from __future__ import annotations

import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from channels.widget_session import SessionTokens


def test_a_signed_token_carries_the_server_chosen_id():
    tokens = SessionTokens(secret="s" * 32)
    session_id = tokens.new_session_id()
    assert len(session_id) == 32 and session_id != tokens.new_session_id()
    assert tokens.verify(tokens.sign(session_id)) == session_id


def test_forged_tampered_and_foreign_tokens_are_refused():
    tokens = SessionTokens(secret="s" * 32)
    token = tokens.sign("abc")
    assert tokens.verify(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert SessionTokens(secret="t" * 32).verify(token) is None
    for junk in (None, "", "abc", 42, {"session": "abc"}, "x" * 1000):
        assert tokens.verify(junk) is None


def test_tokens_expire(monkeypatch):
    tokens = SessionTokens(secret="s" * 32, max_age=60)
    token = tokens.sign("abc")
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real + 61)
    assert tokens.verify(token) is None


def test_settings_from_the_environment():
    tokens = SessionTokens.from_env({"WIDGET_SESSION_SECRET": "k" * 32, "WIDGET_SESSION_MAX_AGE": "120"})
    assert (tokens.secret, tokens.max_age) == ("k" * 32, 120)
    assert SessionTokens.from_env({}).secret  # a random one for this process
    assert SessionTokens.from_env({}).secret != SessionTokens.from_env({}).secret
    with pytest.raises(ValueError):
        SessionTokens.from_env({"WIDGET_SESSION_MAX_AGE": "0"})


def test_the_token_is_not_a_plain_serializer_with_another_salt():
    """A token made for another purpose with the same secret does not open a chat."""
    other = URLSafeTimedSerializer("s" * 32, salt="console-session").dumps("abc")
    assert SessionTokens(secret="s" * 32).verify(other) is None
