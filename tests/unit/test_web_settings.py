"""The web process's settings and its Content-Security-Policy (no server)."""
from __future__ import annotations

import pytest

from channels.common import ConfigurationError
from web.security import content_security_policy
from web.settings import WebSettings


def test_defaults_follow_make_run():
    settings = WebSettings.from_env({})
    assert (settings.host, settings.port, settings.assistant_url) == ("127.0.0.1", 8080, "http://localhost:5005")
    assert WebSettings.from_env({"RASA_PORT": "5105"}).assistant_url == "http://localhost:5105"


def test_the_assistant_url_is_an_origin():
    assert WebSettings.from_env({"ASSISTANT_PUBLIC_URL": "https://Chat.Example.org/"}).assistant_url == "https://chat.example.org"
    with pytest.raises(ConfigurationError):
        WebSettings.from_env({"ASSISTANT_PUBLIC_URL": "javascript:alert(1)"})


def test_the_policy_names_only_this_site_and_the_assistant():
    policy = content_security_policy("https://chat.example.org")
    assert "connect-src 'self' https://chat.example.org wss://chat.example.org" in policy
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy and "*" not in policy
