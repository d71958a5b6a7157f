"""Sending an SMS through Twilio's Messages API, asynchronously, with retries.

Retried: network errors, timeouts, 429 and 5xx (with a doubling pause). Not retried: other 4xx,
such as error 21610 (the number replied STOP to Twilio itself). Log lines carry status codes and
Twilio error codes only, never the number or the text.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Optional

import aiohttp

from channels.sms.settings import Settings

logger = logging.getLogger(__name__)

UNSUBSCRIBED_RECIPIENT = 21610  # Twilio: "Attempt to send to unsubscribed recipient"
REQUEST_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class SendResult:
    delivered_to_twilio: bool
    status: Optional[int] = None  # HTTP status of the last attempt (None: no answer)
    error_code: Optional[int] = None  # Twilio's error code, when it gave one
    attempts: int = 0


class TwilioApi:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._session: Optional[aiohttp.ClientSession] = None

    @property
    def messages_url(self) -> str:
        return f"{self.settings.api_base_url}/2010-04-01/Accounts/{self.settings.account_sid}/Messages.json"

    def _form(self, to: str, body: str) -> dict:
        form = {"To": to, "Body": body}
        if self.settings.messaging_service_sid:
            form["MessagingServiceSid"] = self.settings.messaging_service_sid
        else:
            form["From"] = self.settings.from_number
        return form

    async def send(self, to: str, body: str) -> SendResult:
        pause = self.settings.retry_seconds
        status = code = None
        for attempt in range(1, self.settings.send_attempts + 1):
            status, code = await self._post(self._form(to, body))
            if status is not None and status < 300:
                return SendResult(True, status, None, attempt)
            if status is not None and status != 429 and status < 500:
                break  # Twilio refused this message; the same request would be refused again
            logger.warning("SMS send attempt %d failed (status %s, code %s)", attempt, status, code)
            if attempt < self.settings.send_attempts:
                await asyncio.sleep(pause)
                pause *= 2
        if code == UNSUBSCRIBED_RECIPIENT:  # expected after a STOP that Twilio handled itself
            logger.info("SMS not sent: the recipient opted out at Twilio (error %s)", code)
        else:
            logger.error("SMS not sent (status %s, Twilio error %s)", status, code)
        return SendResult(False, status, code, attempt)

    async def _post(self, form: dict):
        """(HTTP status, Twilio error code); (None, None) when no answer came."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                auth=aiohttp.BasicAuth(self.settings.account_sid, self.settings.auth_token),
                timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS),
            )
        try:
            async with self._session.post(self.messages_url, data=form) as response:
                if response.status < 300:
                    return response.status, None
                try:
                    code = (await response.json(content_type=None) or {}).get("code")
                except (ValueError, aiohttp.ContentTypeError, AttributeError):
                    code = None
                return response.status, code if isinstance(code, int) else None
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("SMS send: no answer from the Twilio API (%s)", type(error).__name__)
            return None, None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
