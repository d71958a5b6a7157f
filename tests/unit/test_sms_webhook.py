"""Which inbound SMS webhook requests are answered: configuration, Twilio signature, fields."""
import pytest
from twilio.request_validator import RequestValidator

from channels.sms.settings import Settings
from channels.sms.webhook import Inbound, Refused, read_request

TOKEN = "test-auth-token"
SETTINGS = Settings(account_sid="AC" + "0" * 32, auth_token=TOKEN, from_number="+14105550199",
                    conversation_key="k" * 32)
URL = "https://sms.clinic.example/webhooks/twilio/webhook"
FORM = {"MessageSid": "SM" + "1" * 32, "From": "+14102300143", "To": "+14105550199", "Body": "Hello",
        "NumMedia": "0", "AccountSid": SETTINGS.account_sid}


def signed(form, url=URL, token=TOKEN):
    return RequestValidator(token).compute_signature(url, form)


def test_a_signed_message_is_read():
    assert read_request(SETTINGS, URL, FORM, signed(FORM)) == Inbound(FORM["MessageSid"], FORM["From"], "Hello")


def test_the_configured_public_url_is_what_the_signature_covers():
    behind_proxy = Settings(**{**SETTINGS.__dict__, "webhook_url": URL})
    local = "http://127.0.0.1:5005/webhooks/twilio/webhook"
    assert isinstance(read_request(behind_proxy, local, FORM, signed(FORM)), Inbound)
    assert read_request(behind_proxy, local, FORM, signed(FORM, url=local)).status == 403


@pytest.mark.parametrize("change", [
    {"Body": "Hello!"},  # any field changed after signing
    {"FromCity": "BALTIMORE"},  # a field added after signing
])
def test_a_changed_request_is_refused(change):
    assert read_request(SETTINGS, URL, {**FORM, **change}, signed(FORM)) == Refused(
        403, "invalid or missing X-Twilio-Signature")


def test_wrong_token_or_no_signature_is_refused():
    assert read_request(SETTINGS, URL, FORM, signed(FORM, token="other")).status == 403
    assert read_request(SETTINGS, URL, FORM, "").status == 403


def test_a_missing_body_is_an_empty_message_not_an_error():
    form = {k: v for k, v in FORM.items() if k != "Body"}
    assert read_request(SETTINGS, URL, form, signed(form)).body == ""


def test_a_message_without_sid_or_sender_is_a_bad_request():
    form = {k: v for k, v in FORM.items() if k != "MessageSid"}
    assert read_request(SETTINGS, URL, form, signed(form)).status == 400


def test_without_settings_the_channel_refuses_and_says_what_is_missing():
    refused = read_request(Settings.from_env({}), URL, FORM, signed(FORM))
    assert refused.status == 503
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "SMS_CONVERSATION_KEY"):
        assert name in refused.reason
    short_key = Settings(**{**SETTINGS.__dict__, "conversation_key": "short"})
    assert read_request(short_key, URL, FORM, signed(FORM)).status == 503


def test_settings_from_the_environment():
    settings = Settings.from_env({
        "TWILIO_ACCOUNT_SID": " AC1 ", "TWILIO_AUTH_TOKEN": "t", "TWILIO_MESSAGING_SERVICE_SID": "MG1",
        "SMS_CONVERSATION_KEY": "x" * 40, "TWILIO_API_BASE_URL": "http://127.0.0.1:9/", "SMS_SEND_ATTEMPTS": "2",
    })
    assert settings.account_sid == "AC1" and settings.missing() == []
    assert settings.api_base_url == "http://127.0.0.1:9" and settings.send_attempts == 2


def test_the_conversation_id_is_a_keyed_hash_of_the_number():
    other_key = Settings(conversation_key="z" * 32)
    one = SETTINGS.conversation_id("+14102300143")
    assert one == SETTINGS.conversation_id(" +1 410 230 0143 ")  # the same number, the same id
    assert one.startswith("sms-") and "4102300143" not in one and len(one) == 44
    assert one != SETTINGS.conversation_id("+14102300144")
    assert one != other_key.conversation_id("+14102300143")  # without the key, no link to the number
