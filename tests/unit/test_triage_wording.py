"""What the patient reads for a triage result: the domain's responses (domain/triage.yml), one per
flag and check question of the triage table (clinic_core/lexicons/triage.yml), in plain words."""
from __future__ import annotations

import re
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


def _said(name: str) -> str:
    clinic = load_clinic()
    return RESPONSES[name][0]["text"].format(emergency_number=clinic.emergency_number, clinic_phone=clinic.phone)


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


@pytest.mark.parametrize("flag", [f for f, data in TABLE.flags.items() if data.level == "urgent"] + ["urgent"])
def test_urgent_alert_wording(flag):
    text = _said(f"utter_alert_{flag}")
    assert load_clinic().phone in text and "today" in text and "urgent care" in text
    assert "carry on" in text
    assert _grade(text) <= 8.0, (flag, _grade(text))


def test_the_response_named_for_a_result():
    result = TriageResult(level="urgent", reasons=("foot_drop", "fever_with_back_pain"))
    assert triage.alert_responses(result) == ["utter_alert_foot_drop", "utter_alert_fever_with_back_pain",
                                              "utter_alert_urgent"]
    # A reason the table does not know (set by the NLU guard) gets its level's alert.
    assert triage.alert_responses(TriageResult(level="emergency", reasons=("reported_by_patient",))) == [
        "utter_alert_emergency"]
    assert triage.alert_responses(TriageResult(level="check", check_question_id="fever_now"))[0] == "utter_check_fever_now"
    assert triage.alert_responses(TriageResult()) == []
