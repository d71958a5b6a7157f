"""What the web-facing channels share: allowed origins and the limits on a patient's message.

No Rasa import here: ``scripts/servers.py`` builds the Rasa command line from these settings.
"""
from __future__ import annotations

import os
from typing import Any, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

ALLOWED_ORIGINS_ENV = "ASSISTANT_ALLOWED_ORIGINS"
# A message longer than this is refused with a clear error (HTTP 400 on REST, an error
# acknowledgement on socket.io). About two pages of text: far above any real chat message,
# far below what would slow the language layer down.
MESSAGE_LIMIT = 5000
# Sender ids: a conversation key, not a place for data (a phone number or an email is refused
# by nothing here, but the widget never sends one: its ids come from the server).
SENDER_LIMIT = 128


class ConfigurationError(ValueError):
    """A setting that would make the server unsafe or unusable."""


def normalise_origin(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, default ports dropped, as browsers send it."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ConfigurationError(f"not an origin (scheme://host[:port]): {origin!r}")
    default_port = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port and parts.port != default_port else ""
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host  # IPv6 keeps its brackets
    return f"{parts.scheme}://{host}{port}"


def default_origins(environ: Mapping[str, str]) -> List[str]:
    """The demo page's own origins: the web process on this machine (``WEB_PORT``, default 8080)."""
    port = environ.get("WEB_PORT") or "8080"
    return [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]


def allowed_origins(environ: Optional[Mapping[str, str]] = None) -> List[str]:
    """Origins whose pages may talk to the assistant, from ``ASSISTANT_ALLOWED_ORIGINS``.

    Comma-separated; unset means the demo page only; an empty value means no web page at all.
    ``*`` is refused: the channels carry health data and must name the sites they serve.
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(ALLOWED_ORIGINS_ENV)
    if raw is None:
        return default_origins(environ)
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    if "*" in entries:
        raise ConfigurationError(f"{ALLOWED_ORIGINS_ENV} must list origins; '*' is not allowed")
    return list(dict.fromkeys(normalise_origin(entry) for entry in entries))


def origin_allowed(origin: Optional[str], allowed: List[str]) -> bool:
    """A request without an Origin header is not from a web page (curl, a server): allowed.

    Browsers always send Origin on cross-origin requests and on socket.io connections."""
    if origin is None:
        return True
    try:
        return normalise_origin(origin) in allowed
    except ConfigurationError:
        return False  # "null" (sandboxed frames, file://) or garbage


def message_problem(text: Any) -> Optional[Tuple[str, str]]:
    """Why a patient's message cannot be taken, as (code, plain-English detail), or None.

    An empty or blank message is taken: the assistant answers it like any other."""
    if not isinstance(text, str):
        return "message_missing", "The request needs a 'message' field with the text to send."
    if len(text) > MESSAGE_LIMIT:
        return "message_too_long", f"The message is longer than {MESSAGE_LIMIT} characters. Please send a shorter one."
    return None


def sender_problem(sender: Any) -> Optional[Tuple[str, str]]:
    """Why a REST sender id cannot be used, or None. There is no shared default conversation."""
    if not isinstance(sender, str) or not sender.strip():
        return "sender_missing", "The request needs a non-empty 'sender' field naming the conversation."
    if len(sender) > SENDER_LIMIT:
        return "sender_too_long", f"The 'sender' field is longer than {SENDER_LIMIT} characters."
    return None
