"""Sending through the Twilio Messages API client, against the local fake Twilio server."""
from dataclasses import replace

import pytest

from channels.sms.settings import Settings
from channels.sms.twilio_api import UNSUBSCRIBED_RECIPIENT, TwilioApi
from scripts.servers import free_port
from tests.support.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio

TO = "+14102300143"


@pytest.fixture
def fake():
    with FakeTwilio.running() as server:
        yield server


def settings_for(fake: FakeTwilio, **changes) -> Settings:
    base = Settings(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER,
                    conversation_key="k" * 32, api_base_url=fake.url, send_attempts=3, retry_seconds=0.01)
    return replace(base, **changes)


async def test_a_message_is_sent_with_basic_auth_and_the_from_number(fake):
    api = TwilioApi(settings_for(fake))
    try:
        result = await api.send(TO, "Hello 😀")
    finally:
        await api.close()
    assert result.delivered_to_twilio and result.attempts == 1
    assert fake.messages_to(TO) == [{"To": TO, "Body": "Hello 😀", "From": FROM_NUMBER}]


async def test_a_messaging_service_replaces_the_from_number(fake):
    api = TwilioApi(settings_for(fake, messaging_service_sid="MG" + "1" * 32))
    try:
        assert (await api.send(TO, "Hi")).delivered_to_twilio
    finally:
        await api.close()
    assert fake.messages_to(TO)[0]["MessagingServiceSid"] == "MG" + "1" * 32 and "From" not in fake.messages_to(TO)[0]


async def test_server_errors_and_throttling_are_retried(fake):
    fake.fail_next(1, status=503)
    fake.fail_next(1, status=429, code=20429)
    api = TwilioApi(settings_for(fake))
    try:
        result = await api.send(TO, "Hello")
    finally:
        await api.close()
    assert result.delivered_to_twilio and result.attempts == 3 and fake.requests == 3
    assert len(fake.bodies_to(TO)) == 1


async def test_a_refusal_is_not_retried_and_its_code_is_kept(fake):
    fake.fail_next(1, status=400, code=UNSUBSCRIBED_RECIPIENT)
    api = TwilioApi(settings_for(fake))
    try:
        result = await api.send(TO, "Hello")
    finally:
        await api.close()
    assert not result.delivered_to_twilio and result.error_code == UNSUBSCRIBED_RECIPIENT
    assert result.attempts == 1 and fake.requests == 1


async def test_wrong_credentials_and_no_server_give_up_after_the_attempts(fake):
    api = TwilioApi(settings_for(fake, auth_token="wrong"))
    try:
        assert (await api.send(TO, "Hello")).status == 401
    finally:
        await api.close()
    nobody = TwilioApi(settings_for(fake, api_base_url=f"http://127.0.0.1:{free_port()}"))
    try:
        result = await nobody.send(TO, "Hello")
    finally:
        await nobody.close()
    assert not result.delivered_to_twilio and result.status is None and result.attempts == 3
