"""What the assistant says in conversation repair: every response the replies and the fallback
name exists, and it and every clinic.yml payment answer is plain (grade 8 or lower, short
enough for 3 SMS segments)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions.fallback import GIVE_UP
from actions.replies import DID_YOU_MEAN, REPLIES, WELCOME
from clinic_core.clinic import clinic
from tests.support.readability import MAX_GRADE

ROOT = Path(__file__).resolve().parents[2]
SLOT = re.compile(r"\{([a-z_]+)\}")
MAX_SMS_CHARS = 459  # 3 segments of 153 characters


def _responses():
    merged = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        merged.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return merged


RESPONSES = _responses()
NAMED = sorted({r for table in REPLIES.values() for r in table.values() if not r.startswith("/")}
               | {GIVE_UP, DID_YOU_MEAN, WELCOME, "utter_ask_rephrase", "utter_payment_answer"})


def _filled(text: str) -> str:
    values = {**clinic().as_slots(), "meaning": "take the pain quiz",
              "payment_answer": clinic().payment["coverage"]}
    return SLOT.sub(lambda m: values[m.group(1)], text)


@pytest.mark.parametrize("name", NAMED)
def test_every_reply_exists_and_is_plain(name, grade):
    assert name in RESPONSES, f"{name} is not a domain response"
    for variant in RESPONSES[name]:
        text = _filled(variant["text"])
        assert grade(text) <= MAX_GRADE, (name, text)
        assert len(text) <= MAX_SMS_CHARS


@pytest.mark.parametrize("topic", sorted(clinic().payment))
def test_payment_answers_are_plain_and_fit_an_sms(topic, grade):
    text = _filled(RESPONSES["utter_payment_answer"][0]["text"].replace("{payment_answer}", clinic().payment[topic]))
    assert grade(text) <= MAX_GRADE, text
    assert len(text) <= MAX_SMS_CHARS
