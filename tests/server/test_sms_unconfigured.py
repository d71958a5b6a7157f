"""Without Twilio settings (the default `make run`) the SMS channel loads and refuses clearly."""
from __future__ import annotations

import asyncio
import uuid

import aiohttp
from sanic import Sanic

from channels.sms.channel import SmsInput
from scripts.servers import free_port

SETTINGS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID",
            "SMS_CONVERSATION_KEY", "SMS_WEBHOOK_URL")


async def test_an_unconfigured_channel_answers_503_naming_what_is_missing(monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    channel = SmsInput.from_credentials(None)  # credentials.yml gives it nothing

    async def never_called(message):
        raise AssertionError("an unconfigured channel passed a message on")

    app = Sanic(f"sms-unconfigured-{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(never_called), url_prefix="/webhooks/twilio")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(f"http://127.0.0.1:{port}/webhooks/twilio/webhook",
                                    data={"From": "+14102300143", "Body": "hello", "MessageSid": "SM1"}) as answer:
                assert answer.status == 503
                text = await answer.text()
            async with session.get(f"http://127.0.0.1:{port}/webhooks/twilio/") as health:
                assert (await health.json()) == {"status": "ok", "configured": False}
    finally:
        server.close()
        await server.wait_closed()
        await asyncio.sleep(0)
    assert "SMS channel not configured" in text
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "SMS_CONVERSATION_KEY"):
        assert name in text
