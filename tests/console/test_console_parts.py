"""The console's plain parts: masking, exports (the NLU YAML read back by Rasa's own reader),
filters and labels. No server needed."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest

from console.exports import list_csv, nlu_example, nlu_yaml
from console.filters import ConversationFilter
from console.labels import load_labels
from console.masking import mask_contact, mask_email, mask_phone, snippet
from console.review import Correction, ReviewError, normalise_tag
from console.summaries import ConversationSummary


@pytest.mark.parametrize("text, hidden, shown", [
    ("call me on 410-555-0199 please", "410-555", "•••0199"),
    ("(410) 555 0123", "555 0123", "•••0123"),
    ("+1 410 555 0177 or jane.doe@example.org", "jane.doe", "j•••@example.org"),
    ("my email is BOB@Example.COM", "BOB@", "B•••@Example.COM"),
])
def test_contact_details_are_masked(text, hidden, shown):
    masked = mask_contact(text)
    assert hidden not in masked and shown in masked


def test_masking_keeps_ordinary_text_and_short_numbers():
    assert mask_contact("pain for 8 months, worse at 3pm, age 44") == "pain for 8 months, worse at 3pm, age 44"
    assert mask_phone("+14105550123") == "•••0123" and mask_email("") == ""
    assert snippet("a" * 300, 50).endswith("…") and len(snippet("a" * 300, 50)) == 50


def _correction(text, intent, topic=None, minutes=0):
    return Correction("conv-1", 1, text, "greet", intent, topic, "alice",
                      datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=minutes))


def test_nlu_yaml_is_rasa_training_data():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    exported = nlu_yaml([
        _correction("is there parking\nat the office?", "faq", "appointment_wait_and_locations"),
        _correction("can I bring my [dog](pet) along", "out_of_scope"),
        _correction("text me on 410-555-0199", "request_appointment"),
        _correction("/affirm", "affirm"),  # a button press is not language
        _correction("hello there", "greet"),
        _correction("hello there", "bot_challenge", minutes=5),  # corrected again: the newest wins
    ], datetime(2026, 1, 2, tzinfo=timezone.utc))
    data = RasaYAMLReader().reads(exported)
    examples = {m.get("text"): m.get("intent") for m in data.intent_examples}
    assert examples == {
        "is there parking at the office?": "faq",
        "can I bring my [dog] (pet) along": "out_of_scope",
        "text me on •••0199": "request_appointment",
        "hello there": "bot_challenge",
    }
    parking = next(m for m in data.intent_examples if m.get("text").startswith("is there parking"))
    assert parking.get_full_intent() == "faq/appointment_wait_and_locations"
    assert all(not m.get("entities") for m in data.intent_examples)  # no markup read into patient text


def test_nlu_example_flattens_control_characters():
    assert nlu_example("line one\r\nline\ttwo\u2028three") == "line one line two three"


def test_list_csv_guards_every_formula_cell():
    summary = ConversationSummary("=cmd|' /C calc'!A0", started_at=1_790_000_000.0, last_at=1_790_000_060.0,
                                  channel="rest", user_turns=2, first_message="+SUM(1,2) or @me -3",
                                  triage_level="urgent", triage_reasons=("fever_with_back_pain",))
    rows = list(csv.reader(io.StringIO(list_csv([summary], {}, {summary.conversation_id: ["-tag"]}))))
    header, row = rows
    cells = dict(zip(header, row))
    assert cells["conversation_id"].startswith("'=")
    assert cells["first_message_masked"].startswith("'+")
    assert cells["tags"] == '["-tag"]' and cells["triage_level"] == "urgent"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_filter_from_query_refuses_bad_values_and_never_logs_the_search_text():
    flt, problems = ConversationFilter.from_params({"date_from": "2026-02-10", "date_to": "2026-02-01",
                                                    "booking": "maybe", "q": "Jane Testperson", "triage": "alert"})
    assert flt.date_from == date(2026, 2, 1) and flt.date_to == date(2026, 2, 10)
    assert flt.booking == "" and len(problems) == 2
    assert "Jane" not in flt.describe() and "q=(text)" in flt.describe()
    again, _ = ConversationFilter.from_params(dict(pair.split("=") for pair in flt.query_string().split("&")))
    assert again.triage == "alert" and again.date_to == flt.date_to
    _, problems = ConversationFilter.from_params({"date_from": "yesterday"})
    assert problems == ["From is not a date (YYYY-MM-DD); it was ignored"]


def test_labels_come_from_the_domain_and_the_faq_responses():
    labels = load_labels()
    assert {"faq", "out_of_scope", "request_appointment", "start_quiz"} <= set(labels.intents)
    assert not any(intent.startswith("red_flag_") for intent in labels.intents)
    assert "si_joint_what" in labels.faq_topics
    assert labels.check("faq", "si_joint_what") == ("faq", "si_joint_what")
    assert labels.check("greet", "si_joint_what") == ("greet", "")
    for bad in (("faq", ""), ("faq", "made_up"), ("red_flag_emergency", ""), ("<script>", "")):
        with pytest.raises(ValueError):
            labels.check(*bad)


def test_tags_are_normalised():
    assert normalise_tag("  Missed Red Flag!! ") == "missed-red-flag"
    with pytest.raises(ReviewError):
        normalise_tag(" !!! ")
