"""Patient wording lives in one place: the domain's responses (domain/*.yml).

Actions send responses by name with parameters, never literal text, and a response that the SMS
channel cannot send well as it is (long, with buttons or with markdown) has an SMS variant
(`channel: twilio`, the name the SMS channel's output channel reports to Rasa's response generator).

"Long" is measured as the SMS channel sends the text (channels/sms/compose.py): web emphasis made
plain and buttons as one numbered line ("Reply 1 Yes, 2 No."), so a short question with buttons
needs no variant, but one whose options make it more than one segment does. domain/sms.yml is the
SMS channel's own wording (SMS texts already) and is exempt.
"""
from __future__ import annotations

import ast
from datetime import datetime, timezone
import re
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest
import yaml

from channels.sms.compose import MAX_SEGMENTS, Option, Wording, options_line, sms_text
from channels.sms.segments import GSM7, encoding, segments

ROOT = Path(__file__).resolve().parents[2]
SMS_CHANNEL = "twilio"
# One SMS segment: past this the web text is "long" for a text message.
ONE_SEGMENT = 1
MARKDOWN = re.compile(r"\*\*|__|\]\(|^\s*[-*] |^#", re.M)
# A parameter is filled with a value as long as the longest the actions pass for it
# (a reference code, a phone number, an office name); others are given 12 characters.
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Strings that look like response names but are not: Rasa's event metadata key for the response a
# bot message came from, and a prefix the safety action completes with a question id.
NOT_RESPONSE_NAMES = {"utter_action", "utter_check_answered_"}


SMS_OWN_WORDING = "sms.yml"


def _responses(exempt: Tuple[str, ...] = ()) -> Dict[str, List[dict]]:
    responses: Dict[str, List[dict]] = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        if path.name not in exempt:
            responses.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return responses


RESPONSES = _responses()
SENT_AS_WRITTEN = _responses(exempt=(SMS_OWN_WORDING,))
SMS_WORDING = Wording(more_hint=RESPONSES["utter_sms_more_hint"][0]["text"],
                      options=RESPONSES["utter_sms_options"][0]["text"])


def _action_files() -> List[Path]:
    return sorted((ROOT / "actions").rglob("*.py"))


def _utter_calls() -> Iterator[Tuple[str, ast.Call]]:
    for path in _action_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "utter_message":
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def _sends_literal_text(call: ast.Call) -> bool:
    keywords = {k.arg for k in call.keywords}
    return bool(call.args) or "text" in keywords or "response" not in keywords


def test_actions_send_responses_by_name_never_literal_text():
    literal = [where for where, call in _utter_calls() if _sends_literal_text(call)]
    assert not literal, f"utter_message without a response name (or with text=): {literal}"


@pytest.mark.parametrize("source, literal", [
    ('dispatcher.utter_message(text="Please answer yes or no.")', True),
    ('dispatcher.utter_message("Please answer yes or no.")', True),
    ('dispatcher.utter_message(json_message={"type": "x"})', True),
    ('dispatcher.utter_message(response="utter_answer_yes_or_no")', False),
])
def test_the_check_sees_a_literal_text_call(source, literal):
    """The scan's own rule on the old way and the new (guards against a rule that passes all)."""
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))
    assert _sends_literal_text(call) is literal
    assert sum(1 for _ in _utter_calls()) > 20  # and the scan finds the actions' calls


def _named_responses() -> Iterator[Tuple[str, str]]:
    for path in _action_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"utter_\w+", node.value) and node.value not in NOT_RESPONSE_NAMES:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def test_every_response_an_action_names_is_in_the_domain():
    named = list(_named_responses())
    assert len(named) > 20  # the scan still finds the actions' response names
    missing = [(where, name) for where, name in named if name not in RESPONSES]
    assert not missing


def _filled(text: str) -> str:
    return PLACEHOLDER.sub("x" * 12, text)


def _as_sms(variant: dict) -> str:
    """The text as the SMS channel would send it: placeholders filled, markup made plain, the
    buttons as one numbered line."""
    text = sms_text(_filled(variant.get("text") or ""))
    buttons = [Option(b["title"], b["payload"]) for b in variant.get("buttons") or []]
    return f"{text}\n{options_line(buttons, SMS_WORDING)}".strip() if buttons else text


def _needs_sms_variant(variant: dict) -> bool:
    text = variant.get("text") or ""
    return bool(MARKDOWN.search(text)) or segments(_as_sms(variant)) > ONE_SEGMENT


@pytest.mark.parametrize("name", sorted(SENT_AS_WRITTEN))
def test_a_response_sms_cannot_send_as_it_is_has_an_sms_variant(name):
    variants = SENT_AS_WRITTEN[name]
    default = [v for v in variants if not v.get("channel")]
    sms = [v for v in variants if v.get("channel") == SMS_CHANNEL]
    assert default, f"{name}: no default variant (the web and REST text)"
    if any(_needs_sms_variant(v) for v in default):
        assert sms, f"{name}: long, with buttons or markdown, and no `channel: {SMS_CHANNEL}` variant"
    for variant in sms:
        text = variant.get("text") or ""
        assert not MARKDOWN.search(text), f"{name}: markdown in the SMS variant"
        assert encoding(_filled(text)) == GSM7, f"{name}: the SMS variant is not GSM-7 (emoji, curly quotes?)"
        assert segments(_as_sms(variant)) <= MAX_SEGMENTS, f"{name}: the SMS variant is over {MAX_SEGMENTS} segments"


def test_the_variant_rule_sees_buttons_markdown_and_length():
    yes_no = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    assert not _needs_sms_variant({"text": "Pick one.", "buttons": yes_no})
    # 150 characters fit one segment, but not with "Reply 1 Yes, 2 No." after them.
    assert _needs_sms_variant({"text": "Is it " + "very " * 28 + "bad?", "buttons": yes_no})
    assert _needs_sms_variant({"text": "See **this**."})
    assert _needs_sms_variant({"text": "word " * 40})
    assert not _needs_sms_variant({"text": "Thanks, noted. Call us at {clinic_phone}."})


def _clinic_filled(text: str) -> str:
    from actions.safety import clinic_parameters
    values = clinic_parameters()
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), "x" * 12), text)


# UTC on a Tuesday: 10 am and 6 pm in New York (the same-day advice differs when the clinic is closed).
OPEN_AND_CLOSED = [datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc), datetime(2026, 12, 1, 23, 0, tzinfo=timezone.utc)]


@pytest.mark.parametrize("at", OPEN_AND_CLOSED, ids=["open", "closed"])
@pytest.mark.parametrize("name", sorted(n for n in RESPONSES if n.startswith("utter_alert_")))
def test_an_alert_fits_one_sms_segment_with_the_clinics_own_numbers(name, at, monkeypatch):
    """Emergency and crisis alerts come first over SMS, in one segment (issue 13), day and night."""
    from actions import safety
    monkeypatch.setattr(safety, "now", lambda: at)
    sms = [v for v in RESPONSES[name] if v.get("channel") == SMS_CHANNEL] or RESPONSES[name]
    for variant in sms:
        assert segments(sms_text(_clinic_filled(variant["text"]))) == 1, name
