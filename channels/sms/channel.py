"""The SMS input channel for Rasa (Twilio's webhook format), named in credentials.yml as
``channels.sms.channel.SmsInput``. Its settings come from environment variables
(channels/sms/settings.py); without them it still loads and answers 503 saying what is missing.

Why not Rasa's built-in ``twilio`` channel: it accepts unsigned requests, keys conversations by
the raw phone number, ignores STOP and HELP, sends each button as its own SMS, blocks the event
loop while sending and answers a request without Body with HTTP 500.

A valid request is answered at once with empty TwiML; the message is handled in the background,
one at a time per conversation, and the replies go out through Twilio's REST API.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Set

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.sms.conversation import CHANNEL_NAME, SmsConversations
from channels.sms.settings import Settings
from channels.sms.twilio_api import TwilioApi
from channels.sms.webhook import EMPTY_TWIML, SIGNATURE_HEADER, Refused, read_request
from clinic_core.booking.sms_store import SmsStore

logger = logging.getLogger(__name__)


class SmsCollector(CollectingOutputChannel):
    """Collects a turn's bot messages whole (with ``utter_action`` and custom payloads); the
    channel turns them into SMS afterwards. Its name picks the ``channel: twilio`` responses."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append(dict(message))


class SmsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "SmsInput":
        # Everything comes from the environment: a ${VAR} in credentials.yml that is not set
        # stops Rasa from starting, and `make run` has no Twilio account.
        return cls(Settings.from_env())

    def __init__(self, settings: Settings, store: Optional[SmsStore] = None):
        self.settings = settings
        self._store = store
        self.api = TwilioApi(settings)
        self._conversations: Optional[SmsConversations] = None
        self._tasks: Set[asyncio.Task] = set()
        if settings.missing():
            logger.info("SMS channel loaded but not configured (missing %s)", ", ".join(settings.missing()))

    def conversations(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SmsConversations:
        if self._conversations is None:
            self._conversations = SmsConversations(
                self.settings, self._store or SmsStore(), self.api, SmsCollector, on_new_message)
        return self._conversations

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sms_webhook = Blueprint("sms_webhook", __name__)

        @sms_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": not self.settings.missing()})

        @sms_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, self.conversations(on_new_message))

        @sms_webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.api.close()

        return sms_webhook

    async def _receive(self, request: Request, conversations: SmsConversations) -> HTTPResponse:
        read = read_request(self.settings, request.url, request.form, request.headers.get(SIGNATURE_HEADER, ""))
        if isinstance(read, Refused):
            logger.warning("SMS webhook refused: %s", read.reason)
            return response.text(read.reason, status=read.status)
        try:
            first_time = await asyncio.to_thread(conversations.store.claim, read.message_sid)
        except Exception as error:  # the database is down: Twilio may try its fallback URL
            logger.error("SMS webhook: state store unavailable (%s)", type(error).__name__)
            return response.text("temporarily unavailable", status=503)
        if first_time:
            self._start(conversations.handle(read, request.app.ctx.agent))
        return response.text(EMPTY_TWIML, content_type="text/xml")

    def _start(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)  # a reference, so the task is not collected before it ends
        task.add_done_callback(self._tasks.discard)

