"""The REST channel (``POST /webhooks/rest/webhook``) with its request checks.

Rasa's own REST channel puts a request without ``sender`` into one conversation called
"default" shared by every such caller, takes any size of message and lets the caller choose the
input channel name. This one refuses such requests with HTTP 400 and a JSON error saying what is
wrong, and refuses requests from web pages on origins that are not allowed (HTTP 403).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import allowed_origins, message_problem, origin_allowed, sender_problem

logger = logging.getLogger(__name__)


def error(status: int, code: str, detail: str) -> HTTPResponse:
    return response.json({"error": code, "detail": detail}, status=status)


class ClinicRestInput(RestInput):
    """``{"sender": "<conversation id>", "message": "<text>"}`` in, the replies as a JSON list out.

    Each reply has the keys ``text``, ``buttons``, ``image``, ``attachment`` and ``custom`` that
    apply (Rasa's REST shape). ``metadata`` (an object) is passed on; streaming is not offered.
    """

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "ClinicRestInput":
        return cls()

    def __init__(self) -> None:
        self.allowed_origins = allowed_origins()

    def _refusal(self, request: Request) -> Optional[HTTPResponse]:
        """The HTTP error for a request that must not reach the assistant, or None."""
        if not origin_allowed(request.headers.get("origin"), self.allowed_origins):
            return error(403, "origin_not_allowed", "Pages on this site may not use the assistant.")
        try:
            body = request.json
        except Exception:  # Sanic raises its own error type for a body that is not JSON
            body = None
        if not isinstance(body, dict):
            return error(400, "body_not_json", "The request body must be a JSON object.")
        problem = sender_problem(body.get("sender")) or message_problem(body.get("message"))
        metadata = body.get("metadata")
        if problem is None and metadata is not None and not isinstance(metadata, dict):
            problem = ("metadata_not_object", "The 'metadata' field, when present, must be a JSON object.")
        return error(400, *problem) if problem else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal = self._refusal(request)
            if refusal is not None:
                logger.info("rest.request.refused status=%s", refusal.status)
                return refusal
            body = request.json
            collector = CollectingOutputChannel()
            message = UserMessage(
                body["message"], collector, body["sender"].strip(),
                input_channel=self.name(), metadata=body.get("metadata"),
            )
            try:
                await on_new_message(message)
            except Exception as failure:  # as Rasa's channel: the replies so far still go back
                # Only the error's type: its text may quote the message or slot values.
                logger.error("rest.message.failed error_type=%s", type(failure).__name__)
            return response.json(collector.messages)

        return webhook
