"""A patient's phone talking to the running assistant over the SMS channel: webhook requests
signed with the Twilio SDK, replies read from the fake Twilio API (tests/support/fake_twilio.py)."""
from __future__ import annotations

import itertools
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Dict, List, Optional, Tuple

from twilio.request_validator import RequestValidator

from channels.sms.settings import Settings
from clinic_core.booking.sms_store import SmsStore
from clinic_core.booking.store import BookingStore
from tests.support.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio, wait_for

# What the Twilio console would hold: the public URL (a proxy in front of the Rasa server).
PUBLIC_WEBHOOK_URL = "https://sms.clinic.test/webhooks/twilio/webhook"
CONVERSATION_KEY = "test-only-conversation-key-0123456789abcdef"
_numbers = itertools.count(int(os.getpid()) % 7000 + 1000)


def sms_env(fake: FakeTwilio) -> Dict[str, str]:
    return fake.channel_env(PUBLIC_WEBHOOK_URL, CONVERSATION_KEY)


def conversation_id(number: str) -> str:
    return Settings(conversation_key=CONVERSATION_KEY).conversation_id(number)


class Phone:
    """One synthetic US mobile number (410-230-xxxx: valid for phonenumbers, nobody real)."""

    def __init__(self, assistant: dict, fake: FakeTwilio):
        self.webhook = f"{assistant['url']}/webhooks/twilio/webhook"
        self.fake = fake
        self.number = f"+1410230{next(_numbers) % 10000:04d}"
        self.store = SmsStore(BookingStore(assistant["booking_db_url"], auto_migrate=False))

    def form(self, body: Optional[str], sid: Optional[str] = None) -> Dict[str, str]:
        """The fields Twilio posts for an SMS (geo fields included: the signature covers all)."""
        form = {
            "ToCountry": "US", "ToState": "MD", "SmsMessageSid": "", "NumMedia": "0", "ToCity": "ELKRIDGE",
            "FromZip": "21201", "SmsSid": "", "FromState": "MD", "SmsStatus": "received", "FromCity": "BALTIMORE",
            "FromCountry": "US", "To": FROM_NUMBER, "ToZip": "21075", "NumSegments": "1", "MessageSid": "",
            "AccountSid": ACCOUNT_SID, "From": self.number, "ApiVersion": "2010-04-01",
        }
        form["MessageSid"] = form["SmsSid"] = form["SmsMessageSid"] = sid or "SM" + uuid.uuid4().hex
        if body is not None:
            form["Body"] = body
        return form

    def post(self, form: Dict[str, str], signature: Optional[str] = None,
             signed_url: str = PUBLIC_WEBHOOK_URL) -> Tuple[int, str]:
        if signature is None:
            signature = RequestValidator(AUTH_TOKEN).compute_signature(signed_url, form)
        request = urllib.request.Request(
            self.webhook, data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def text(self, body: Optional[str], sid: Optional[str] = None) -> str:
        """Send one SMS and wait until the channel has handled it (replies sent); its MessageSid."""
        form = self.form(body, sid)
        status, answer = self.post(form)
        assert status == 200 and "<Response>" in answer, (status, answer)
        self.wait_handled(form["MessageSid"])
        return form["MessageSid"]

    def wait_handled(self, sid: str) -> None:
        wait_for(lambda: self.store.handled_at(sid))

    def say(self, body: Optional[str]) -> List[str]:
        """Send one SMS; the SMS bodies the assistant sent back to this number."""
        before = len(self.received())
        self.text(body)
        return self.received()[before:]

    def received(self) -> List[str]:
        return self.fake.bodies_to(self.number)
