"""Allowed origins and message limits shared by the REST and socket.io channels (no server)."""
from __future__ import annotations

import pytest

from channels.common import (
    MESSAGE_LIMIT, ConfigurationError, allowed_origins, message_problem, normalise_origin,
    origin_allowed, sender_problem,
)


def test_default_origins_are_the_demo_page_on_its_port():
    assert allowed_origins({}) == ["http://localhost:8080", "http://127.0.0.1:8080"]
    assert allowed_origins({"WEB_PORT": "9000"}) == ["http://localhost:9000", "http://127.0.0.1:9000"]


def test_origins_from_configuration_are_normalised_and_deduplicated():
    env = {"ASSISTANT_ALLOWED_ORIGINS": " https://Clinic.example/ , https://clinic.example:443,http://[::1]:8080"}
    assert allowed_origins(env) == ["https://clinic.example", "http://[::1]:8080"]


def test_an_empty_setting_allows_no_web_page():
    assert allowed_origins({"ASSISTANT_ALLOWED_ORIGINS": ""}) == []
    assert not origin_allowed("http://localhost:8080", [])


@pytest.mark.parametrize("value", ["*", "https://a.example,*", "clinic.example", "ftp://clinic.example",
                                   "https://clinic.example/chat"])
def test_wildcards_and_non_origins_are_refused_at_start(value):
    with pytest.raises(ConfigurationError):
        allowed_origins({"ASSISTANT_ALLOWED_ORIGINS": value})


def test_origin_check():
    allowed = [normalise_origin("https://clinic.example")]
    assert origin_allowed("https://clinic.example", allowed)
    assert origin_allowed("HTTPS://CLINIC.EXAMPLE:443", allowed)
    assert origin_allowed(None, allowed)  # not a browser: no Origin header
    for other in ("https://evil.example", "http://clinic.example", "https://clinic.example.evil.example",
                  "null", "", "https://clinic.example:8443"):
        assert not origin_allowed(other, allowed), other


def test_message_limits():
    assert message_problem("") is None
    assert message_problem("x" * MESSAGE_LIMIT) is None
    assert message_problem("x" * (MESSAGE_LIMIT + 1))[0] == "message_too_long"
    assert message_problem(None)[0] == "message_missing"
    assert message_problem(["hi"])[0] == "message_missing"


def test_sender_must_name_a_conversation():
    assert sender_problem("patient-1") is None
    for missing in (None, "", "   ", 12):
        assert sender_problem(missing)[0] == "sender_missing"
    assert sender_problem("x" * 129)[0] == "sender_too_long"
