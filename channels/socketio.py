"""The website widget's socket.io channel (``/socket.io``), replacing Rasa 3.6's ``socketio``.

Rasa 3.6.21's channel, with python-socketio 5.x, never awaits ``enter_room`` (replies go to an
empty room), spreads custom payloads as keyword arguments of ``emit`` (a crash before the
tracker is saved), accepts any origin and lets the browser choose its session id. This one:

* issues the session id itself, signed and with an expiry (``channels.widget_session``), and
  checks the token on every message; the sender id is never taken from the client;
* accepts connections only from allowed origins (``channels.common.allowed_origins``);
* emits one ``bot_uttered`` event per bot response in the shape of ``channels.widget_messages``;
* sends the conversation so far on ``session_request``, so a reloaded page or a dropped
  connection carries on, and takes a resent message (same ``message_id``) only once.

Events (client -> server, with the acknowledgement the server returns):
  ``session_request {session_token?}``  -> ``session_confirm`` event (see widget_messages)
  ``user_uttered {session_token, message, message_id, retry?}`` -> ack ``{ok, session_token}``
      or ``{error, detail}`` (``session_expired``, ``message_too_long``, ``bad_request``, ...)
"""
from __future__ import annotations

import inspect
import logging
import re
import uuid
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.trackers import EventVerbosity
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
import engineio
from socketio import AsyncServer

from channels.common import allowed_origins, message_problem, origin_allowed
from channels.widget_messages import bot_message, history, session_confirm, taken_message_ids
from channels.widget_session import SessionTokens

logger = logging.getLogger(__name__)

BOT_EVENT = "bot_uttered"
MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


async def _maybe_await(result: Any) -> None:
    """python-socketio made room calls coroutines in 5.x; accept both forms."""
    if inspect.isawaitable(result):
        await result


class WidgetOutput(OutputChannel):
    """Sends each bot response as one ``bot_uttered`` event to every tab of the conversation."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, sio: AsyncServer) -> None:
        self.sio = sio

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        shaped = bot_message(message)
        if not shaped:
            return
        try:
            await self.sio.emit(BOT_EVENT, shaped, room=recipient_id)
        except Exception as failure:  # a lost emit must never lose the turn: the tracker keeps it
            logger.error("widget.emit.failed error_type=%s", type(failure).__name__)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


class RecentMessages:
    """Message ids this process has taken lately, so a resent message runs once."""

    def __init__(self, size: int = 10000) -> None:
        self.size = size
        self._seen: "OrderedDict[tuple, None]" = OrderedDict()

    def take(self, session_id: str, message_id: str) -> bool:
        """True the first time; False for a message already taken (or being answered)."""
        key = (session_id, message_id)
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True

    def forget(self, session_id: str, message_id: str) -> None:
        """A message that failed may be sent again."""
        self._seen.pop((session_id, message_id), None)


class _EngineWithoutCorsHeaders(engineio.AsyncServer):
    """Checks the origin but leaves the CORS headers to Rasa's app-wide CORS (``--cors``, from
    the same allowed origins): two Access-Control-Allow-Origin headers would make browsers
    refuse the polling transport."""

    def _cors_headers(self, environ: Dict[str, Any]) -> List[Any]:
        return []


class _WidgetSocketServer(AsyncServer):
    def _engineio_server_class(self) -> type:
        return _EngineWithoutCorsHeaders


class _SocketBlueprint(Blueprint):
    """Attaches the socket.io server to the Rasa app and remembers the app (for the tracker store)."""

    def __init__(self, sio: AsyncServer, path: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx.sio, self.ctx.path, self.ctx.app = sio, path, None

    def register(self, app: Sanic, options: Dict[str, Any]) -> None:
        self.ctx.sio.attach(app, self.ctx.path)
        self.ctx.app = app
        super().register(app, options)


class WidgetSocketInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "WidgetSocketInput":
        return cls(socketio_path=(credentials or {}).get("socketio_path", "/socket.io"))

    def __init__(self, socketio_path: str = "/socket.io") -> None:
        self.socketio_path = socketio_path
        self.allowed_origins = allowed_origins()
        self.tokens = SessionTokens.from_env()
        self.recent = RecentMessages()
        self.sio: Optional[AsyncServer] = None
        self._blueprint: Optional[_SocketBlueprint] = None

    def get_output_channel(self) -> Optional[OutputChannel]:
        """For messages Rasa sends on its own (reminders, triggered intents): to the session's room."""
        return WidgetOutput(self.sio) if self.sio is not None else None

    async def _events(self, session_id: str) -> List[Dict[str, Any]]:
        agent = self._blueprint.ctx.app.ctx.agent
        tracker = await agent.tracker_store.retrieve(session_id)
        if tracker is None:
            return []
        return tracker.current_state(EventVerbosity.AFTER_RESTART)["events"]

    async def _join(self, sid: str, session_id: str) -> None:
        """One conversation per connection: leave any other before joining this one."""
        for room in self.sio.rooms(sid):
            if room not in (sid, session_id):
                await _maybe_await(self.sio.leave_room(sid, room))
        if session_id not in self.sio.rooms(sid):
            await _maybe_await(self.sio.enter_room(sid, session_id))

    async def _session_request(self, sid: str, data: Any) -> None:
        token = data.get("session_token") if isinstance(data, dict) else None
        session_id = self.tokens.verify(token)
        restored = session_id is not None
        session_id = session_id or self.tokens.new_session_id()
        await self._join(sid, session_id)
        shown = history(await self._events(session_id)) if restored else []
        confirm = session_confirm(self.tokens.sign(session_id), restored, bool(token) and not restored, shown)
        await self.sio.emit("session_confirm", confirm, to=sid)

    async def _already_taken(self, session_id: str, message_id: str, retry: bool) -> bool:
        if not self.recent.take(session_id, message_id):
            return True
        # A resend after a reconnect may follow a server restart: the tracker has the last word.
        return retry and message_id in taken_message_ids(await self._events(session_id))

    async def _user_uttered(self, sid: str, data: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Dict[str, Any]:
        if not isinstance(data, dict):
            return {"error": "bad_request", "detail": "A message must be an object."}
        session_id = self.tokens.verify(data.get("session_token"))
        if session_id is None:
            return {"error": "session_expired", "detail": "This chat has ended. Please start a new one."}
        problem = message_problem(data.get("message"))
        if problem:
            return {"error": problem[0], "detail": problem[1]}
        message_id = data.get("message_id")
        if not (isinstance(message_id, str) and MESSAGE_ID.match(message_id)):
            message_id = uuid.uuid4().hex
        await self._join(sid, session_id)
        fresh = {"ok": True, "session_token": self.tokens.sign(session_id), "message_id": message_id}
        if await self._already_taken(session_id, message_id, bool(data.get("retry"))):
            return {**fresh, "duplicate": True}
        message = UserMessage(data["message"], WidgetOutput(self.sio), session_id,
                              input_channel=self.name(), message_id=message_id)
        try:
            await on_new_message(message)
        except Exception as failure:
            logger.error("widget.message.failed error_type=%s", type(failure).__name__)
            self.recent.forget(session_id, message_id)
            return {"error": "server_error", "detail": "Something went wrong. Please try again."}
        return fresh

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        allowed = self.allowed_origins
        sio = _WidgetSocketServer(async_mode="sanic", cors_allowed_origins=lambda origin: origin_allowed(origin, allowed))
        self.sio = sio
        self._blueprint = _SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)

        @self._blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("session_request")
        async def session_request(sid: str, data: Any = None) -> None:
            await self._session_request(sid, data)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: Any = None) -> Dict[str, Any]:
            return await self._user_uttered(sid, data, on_new_message)

        return self._blueprint
