"""The web process's settings, from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Optional

from channels.common import normalise_origin


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"  # behind a TLS proxy in production; never all interfaces by default
    port: int = 8080
    # Where browsers reach the assistant (Rasa server): the widget's serverUrl and the CSP.
    assistant_url: str = "http://localhost:5005"

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "WebSettings":
        environ = os.environ if environ is None else environ
        return cls(
            host=environ.get("WEB_HOST") or environ.get("BIND_HOST") or cls.host,
            port=int(environ.get("WEB_PORT") or cls.port),
            # Default: the Rasa server `make run` starts on this machine (RASA_PORT, default 5005).
            assistant_url=normalise_origin(
                environ.get("ASSISTANT_PUBLIC_URL") or f"http://localhost:{environ.get('RASA_PORT') or 5005}"),
        )
