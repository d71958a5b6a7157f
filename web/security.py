"""Security headers on every response of the web process (mounted apps included)."""
from __future__ import annotations

from typing import Iterable, List, Tuple

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(assistant_url: str) -> str:
    """Only this site and the assistant's server (HTTP for polling, WebSocket for the socket)."""
    socket_url = "ws" + assistant_url[len("http"):]  # http -> ws, https -> wss
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        f"connect-src 'self' {assistant_url} {socket_url}",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(assistant_url: str) -> List[Tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy(assistant_url).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]


class SecurityHeaders:
    """ASGI middleware: adds each header unless the app already set it (a mounted app may)."""

    def __init__(self, app: ASGIApp, headers: Iterable[Tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = list(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)
