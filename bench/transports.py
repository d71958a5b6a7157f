"""One patient's connection to an assistant: the REST channel or Rasa's socket.io protocol.

`send(text)` returns the replies of that turn. Over REST that is the response body. Over
socket.io a turn is complete when the server acknowledges the `user_uttered` event: the
python-socketio server sends the ACK only after the handler (Rasa's `on_new_message`, which
emits every `bot_uttered` of the turn first) has returned, on the same connection, so every reply
of the turn has arrived before it. Custom payloads may arrive as `{"custom": {...}}` or as the
bare payload (`{"type": ...}`); both become `{"custom": {...}}`, as over REST.
"""
from __future__ import annotations

import asyncio
import uuid
from typing import Any, Dict, List, Optional, Sequence

import aiohttp
import socketio

Reply = Dict[str, Any]
TURN_TIMEOUT = 120.0  # seconds; a turn slower than this counts as an error


class TurnError(Exception):
    """The turn got no complete answer (HTTP error, timeout, dropped connection)."""


class RestTransport:
    """Turns over POST /webhooks/rest/webhook; turn i goes to ``urls[i % len(urls)]`` (one URL: all)."""

    def __init__(self, session: aiohttp.ClientSession, urls: Sequence[str]):
        self.session = session
        self.urls = list(urls)
        self.sender = ""
        self.turns = 0

    async def open(self, sender: str) -> None:
        self.sender = sender

    async def send(self, text: str) -> List[Reply]:
        url = self.urls[self.turns % len(self.urls)]
        self.turns += 1
        try:
            async with self.session.post(
                f"{url}/webhooks/rest/webhook", json={"sender": self.sender, "message": text},
                timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT),
            ) as response:
                if response.status != 200:
                    raise TurnError(f"HTTP {response.status}")
                return list(await response.json(content_type=None) or [])
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise TurnError(type(exc).__name__) from exc

    async def close(self) -> None:
        pass


def _normalise(data: Any) -> Reply:
    if isinstance(data, dict) and "type" in data and "custom" not in data and "text" not in data:
        return {"custom": data}
    return data if isinstance(data, dict) else {"text": str(data)}


class SocketIOTransport:
    """Rasa's socket.io protocol: connect, `session_request` -> `session_confirm`, then `user_uttered`
    events answered by `bot_uttered` events (stock channel or ours, see ``_message``).

    Engine.IO long-polling, not websocket: python-engineio 4.15's websocket client needs
    aiohttp >= 3.10 (`ClientWSTimeout`) and Rasa 3.6 pins aiohttp 3.9. A browser upgrades to a
    websocket, so these figures include some polling overhead a browser does not have."""

    def __init__(self, url: str, user_event: str = "user_uttered", bot_event: str = "bot_uttered"):
        self.url = url
        self.user_event = user_event
        self.bot_event = bot_event
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: List[Reply] = []
        self.session_id = ""
        self._confirmed: Optional[asyncio.Future] = None
        self.client.on(bot_event, self._on_bot)
        self.client.on("session_confirm", self._on_confirm)

    def _on_bot(self, data: Any = None) -> None:  # sync: appended before any later packet is handled
        self.replies.append(_normalise(data))

    def _on_confirm(self, data: Any = None) -> None:
        if self._confirmed is not None and not self._confirmed.done():
            self._confirmed.set_result(data)

    async def open(self, sender: str) -> None:
        self.session_id = sender
        self._confirmed = asyncio.get_running_loop().create_future()
        try:
            await self.client.connect(self.url, transports=["polling"], socketio_path="socket.io",
                                      wait_timeout=TURN_TIMEOUT)
            await self.client.emit("session_request", {"session_id": sender})
            await asyncio.wait_for(self._confirmed, TURN_TIMEOUT)
        except (socketio.exceptions.ConnectionError, asyncio.TimeoutError) as exc:
            raise TurnError(f"socket.io connect: {type(exc).__name__}") from exc

    def _message(self, text: str) -> Dict[str, Any]:
        """Rasa's stock channel: the session id the client chose. Our channel (channels/socketio.py):
        the signed token its `session_confirm` issued, and a message id."""
        confirmed = self._confirmed.result() if self._confirmed is not None and self._confirmed.done() else None
        if isinstance(confirmed, dict) and confirmed.get("session_token"):
            return {"session_token": confirmed["session_token"], "message": text, "message_id": uuid.uuid4().hex}
        return {"session_id": self.session_id, "message": text}

    async def send(self, text: str) -> List[Reply]:
        self.replies = []
        try:
            ack = await self.client.call(self.user_event, self._message(text), timeout=TURN_TIMEOUT)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError) as exc:
            raise TurnError(f"socket.io: {type(exc).__name__}") from exc
        if isinstance(ack, dict) and ack.get("error"):
            raise TurnError(f"socket.io: {ack['error']}")
        replies, self.replies = self.replies, []
        return replies

    async def close(self) -> None:
        # Engine.IO's close packet, without waiting for the pending long-poll to come back (up to
        # the 25 s ping interval): the server ends the session and that request on the close packet.
        if self.client.connected:
            await self.client.eio.disconnect(abort=True)
