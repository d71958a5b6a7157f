"""The action server: rasa_sdk's app, locked down. `make run` and the tests start this, never
`python -m rasa_sdk`.

- It listens on $BIND_HOST (default 127.0.0.1) and $ACTIONS_PORT (default 5055).
- Every request but /health must carry ``Authorization: Bearer $ACTION_SERVER_TOKEN``; the Rasa
  server sends it (endpoints.yml: ``headers``). Without the variable the server does not start.
- Bodies over $ACTION_SERVER_MAX_BODY_BYTES (default 8 MB) are refused with 413, before and
  after deflate decompression (Rasa compresses when COMPRESS_ACTION_SERVER_REQUEST is set).
- An action that raises gets a 500 with the action's name only: the SDK's own handler sends the
  whole tracker back and logs it.
"""
from __future__ import annotations

import hmac
import logging
import os
import zlib
from typing import Optional

from sanic import Sanic, response
from sanic.request import Request

from clinic_core import log_privacy
from clinic_core.private_storage import secure_process
from scripts.servers import bind_host

log = logging.getLogger("scripts.action_server")

ENV_TOKEN = "ACTION_SERVER_TOKEN"
ENV_MAX_BODY = "ACTION_SERVER_MAX_BODY_BYTES"
DEFAULT_MAX_BODY = 8 * 1024 * 1024
MIN_TOKEN_LENGTH = 16
OPEN_PATHS = {"/health"}


def _refuse(status: int, error: str) -> response.HTTPResponse:
    return response.json({"error": error}, status=status)


def _inflate(body: bytes, limit: int) -> Optional[bytes]:
    """The deflated body, or None when it is not deflate data or would exceed ``limit`` bytes."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error:
        return None
    if len(data) > limit or inflater.unconsumed_tail:
        return None
    return data


def _action_name(request: Request) -> str:
    try:
        name = (request.json or {}).get("next_action")
    except Exception:  # noqa: BLE001 - an unreadable body has no action name
        return "?"
    return name if isinstance(name, str) and name.replace("_", "").isalnum() else "?"


def harden(app: Sanic, token: str, max_body: int) -> Sanic:
    """Add the token check, the size limits and a data-free error handler to the SDK's app."""
    app.config.REQUEST_MAX_SIZE = max_body
    expected = f"Bearer {token}".encode()

    @app.middleware("request")
    async def check_request(request: Request):
        if request.path in OPEN_PATHS:
            return None
        given = (request.headers.get("Authorization") or "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("refused a call to %s without the action server token", request.path)
            return _refuse(401, "unauthorized")
        encoding = (request.headers.get("Content-Encoding") or "").lower()
        if encoding not in ("", "identity", "deflate"):
            return _refuse(415, "unsupported content encoding")
        if encoding == "deflate":
            inflated = _inflate(request.body or b"", max_body)
            if inflated is None:
                return _refuse(413, "body too large or not deflate data")
            request.body = inflated
            del request.headers["Content-Encoding"]  # the SDK must not inflate it again
        return None

    async def on_error(request: Request, exception: Exception) -> response.HTTPResponse:
        kind, where = log_privacy.exception_summary(exception)
        log.error("action %s failed: %s at %s", _action_name(request), kind, where)
        return response.json({"error": "the action failed", "action_name": _action_name(request)}, status=500)

    app.error_handler.add(Exception, on_error)
    return app


def create_app(token: str, max_body: int = DEFAULT_MAX_BODY) -> Sanic:
    from rasa_sdk.endpoint import create_app as create_sdk_app

    if len(token or "") < MIN_TOKEN_LENGTH:
        raise SystemExit(f"{ENV_TOKEN} must be set (at least {MIN_TOKEN_LENGTH} characters): "
                         "the Rasa server sends it with every action call")
    # No CORS: browsers never call the action server, only the Rasa server does.
    return harden(create_sdk_app("actions", cors_origins=""), token, max_body)


def warm_up() -> None:
    """Build the language engines and open the booking store now: the first patient after a
    (re)start must not wait for them, Rasa gives an action only a few seconds."""
    from clinic_core import triage
    from clinic_core.booking import contact
    from clinic_core.booking.service import default_store
    from clinic_core.language import symptoms

    symptoms.extract_findings("my lower back hurts when I sit, for 8 months")
    triage.assess("I cannot feel my legs")
    contact.normalise_phone("410-555-0100")
    try:
        default_store().ensure_schema()
    except Exception as error:  # noqa: BLE001 - the database may be away now; actions cope later
        log.warning("booking store not ready at start: %s", type(error).__name__)


# Rasa opens a new connection for every action call, so a burst of patients is a burst of
# connections: a queue of 1024 unaccepted connections (Sanic's default is 100) keeps the queue
# from being the limit. The kernel caps it at net.core.somaxconn (4096 here).
CONNECTION_BACKLOG = 1024


def main() -> None:
    secure_process()
    log_privacy.install()
    from rasa_sdk import utils as sdk_utils

    sdk_utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    sdk_utils.update_sanic_log_level()
    app = create_app(os.environ.get(ENV_TOKEN, ""), int(os.environ.get(ENV_MAX_BODY) or DEFAULT_MAX_BODY))
    warm_up()
    host, port = bind_host(), int(os.environ.get("ACTIONS_PORT", "5055"))
    log.info("action server on http://%s:%d", host, port)
    app.run(host, port, workers=1, access_log=False, backlog=CONNECTION_BACKLOG)


if __name__ == "__main__":
    main()
