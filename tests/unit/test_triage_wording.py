"""What the patient reads for a triage result: the domain's responses (domain/triage.yml), one per
flag and check question of the triage table (clinic_core/lexicons/triage.yml), in plain words."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from clinic_core import triage
from clinic_core.clinic import load_clinic
from clinic_core.triage.deciding import TriageResult

ROOT = Path(__file__).resolve().parents[2]
TABLE = triage.table()
RESPONSES = yaml.safe_load((ROOT / "domain" / "triage.yml").read_text(encoding="utf-8"))["responses"]


def _grade(text: str) -> float:
    """Flesch-Kincaid grade level (simple syllable count)."""
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    words = re.findall(r"[A-Za-z']+", text)

    def syllables(word: str) -> int:
        groups = re.findall(r"[aeiouy]+", word.lower())
        return max(1, len(groups) - (1 if word.lower().endswith("e") and len(groups) > 1 else 0))

    return 0.39 * len(words) / sentences + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59


# A Tuesday 10 am and 11 pm in the clinic's time zone (America/New_York, clinic.yml).
OPEN = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
CLOSED = datetime(2026, 12, 2, 4, 0, tzinfo=timezone.utc)
# Flags whose alert is not "get checked today": a person in crisis (988), early labor (maternity unit).
OWN_ADVICE = {f for f, data in TABLE.flags.items() if data.then_ask} | {"preterm_labour_signs"}


def _said(name: str, at: datetime = OPEN, channel: str = None) -> str:
    clinic = load_clinic()
    variants = [v for v in RESPONSES[name] if v.get("channel") == channel]
    return variants[0]["text"].format(emergency_number=clinic.emergency_number, clinic_phone=clinic.phone,
                                      crisis_line=clinic.crisis_line, poison_help=clinic.poison_help,
                                      same_day_care=clinic.same_day_advice(at))


def test_every_flag_and_level_has_an_alert_response():
    for name in [*TABLE.flags, "emergency", "urgent"]:
        assert f"utter_alert_{name}" in RESPONSES, name


@pytest.mark.parametrize("question_id", sorted(TABLE.questions))
def test_every_check_question_has_a_yes_no_response(question_id):
    response = RESPONSES[f"utter_check_{question_id}"][0]
    assert response["text"].endswith("?") and _grade(response["text"]) <= 8.0
    assert [b["payload"] for b in response["buttons"]] == ["/affirm", "/deny", "/not_sure"]


@pytest.mark.parametrize("flag", [f for f, data in TABLE.flags.items() if data.level == "emergency"] + ["emergency"])
def test_emergency_alert_wording(flag):
    text = _said(f"utter_alert_{flag}")
    assert text.startswith("Please call " + load_clinic().emergency_number)
    assert "emergency room" in text
    assert not re.search(r"\b(?:book|booking|appointment)\b", text, re.I)
    assert _grade(text) <= 8.0, (flag, _grade(text))


URGENT = [f for f, data in TABLE.flags.items() if data.level == "urgent" and f not in OWN_ADVICE] + ["urgent"]


@pytest.mark.parametrize("flag", URGENT)
def test_urgent_alert_wording_knows_the_clinics_hours(flag):
    clinic = load_clinic()
    open_text, closed_text = _said(f"utter_alert_{flag}", OPEN), _said(f"utter_alert_{flag}", CLOSED)
    for text in (open_text, closed_text):
        assert "today" in text and "urgent care" in text and "carry on" in text
        assert _grade(text) <= 8.0, (flag, _grade(text))
    assert clinic.phone in open_text
    # Out of hours: urgent care or the emergency room, never "call us".
    assert clinic.phone not in closed_text and "call us" not in closed_text.lower()
    assert "emergency room" in closed_text


@pytest.mark.parametrize("flag", sorted(f for f, data in TABLE.flags.items() if data.then_ask))
def test_crisis_alerts_give_988_and_911_warmly_and_then_ask_if_safe(flag):
    clinic = load_clinic()
    text = _said(f"utter_alert_{flag}")
    assert clinic.crisis_line in text and "call or text" in text and clinic.emergency_number in text
    assert "deserve support" in text
    assert not re.search(r"\b(?:quiz|book|booking|appointment)\b", text, re.I)
    assert _grade(text) <= 8.0, (flag, _grade(text))
    assert TABLE.flags[flag].then_ask == "crisis_safe_now"
    assert _said("utter_check_crisis_safe_now") == "Are you safe right now?"


def test_emergency_crisis_and_overdose_alerts_name_their_lines():
    clinic = load_clinic()
    assert clinic.crisis_line in _said("utter_alert_suicide_plan_or_intent")
    assert clinic.poison_help in _said("utter_alert_overdose_or_poisoning")
    assert "maternity" in _said("utter_alert_preterm_labour_signs")


# The alerts of issue 9 (docs/evidence.md section 2.4) are also sent by SMS (channel twilio).
SMS_ALERTS = [f for f, data in TABLE.flags.items() if "ev §2.4" in data.source or f == "cancer_history_new_pain_over_50"]


@pytest.mark.parametrize("flag", SMS_ALERTS)
@pytest.mark.parametrize("at", [OPEN, CLOSED])
def test_sms_alerts_put_the_action_first_in_one_plain_segment(flag, at):
    from channels.sms.segments import GSM7, encoding, segments

    text = _said(f"utter_alert_{flag}", at, channel="twilio")
    assert encoding(text) == GSM7 and segments(text) == 1, (flag, len(text))
    assert re.match(r"^(?:Please )?(?:Call|Get checked|call)", text), text


def test_the_response_named_for_a_result():
    result = TriageResult(level="urgent", reasons=("foot_drop", "fever_with_back_pain"))
    assert triage.alert_responses(result) == ["utter_alert_foot_drop", "utter_alert_fever_with_back_pain",
                                              "utter_alert_urgent"]
    # A reason the table does not know (set by the NLU guard) gets its level's alert.
    assert triage.alert_responses(TriageResult(level="emergency", reasons=("reported_by_patient",))) == [
        "utter_alert_emergency"]
    assert triage.alert_responses(TriageResult(level="check", check_question_id="fever_now"))[0] == "utter_check_fever_now"
    assert triage.alert_responses(TriageResult()) == []
