"""SMS keywords (opt-out, opt-in, help, more), plain-language opt-outs and numbered replies."""
import pytest
import yaml

from channels.sms import keywords as kw
from channels.sms.keywords import KEYWORDS_FILE, KeywordsError, _load, as_patient_text, keywords
from clinic_core.language.choices import option_number


@pytest.mark.parametrize("word", ["STOP", "stop", "Stop.", " STOPALL ", "unsubscribe", "Cancel", "END", "quit!",
                                  "REVOKE", "optout"])
def test_twilio_opt_out_words(word):
    assert keywords().keyword(word) == kw.OPT_OUT


@pytest.mark.parametrize("text,kind", [
    ("START", kw.OPT_IN), ("unstop", kw.OPT_IN), ("Yes", kw.OPT_IN), ("yes!", kw.OPT_IN),
    ("HELP", kw.HELP), ("info", kw.HELP), ("help?", kw.HELP),
    ("MORE", kw.MORE), ("more.", kw.MORE),
    ("stop the quiz", None), ("help me", None), ("more about RFA", None), ("yes please", None), ("", None),
])
def test_keywords_are_whole_messages_only(text, kind):
    assert keywords().keyword(text) == kind


@pytest.mark.parametrize("text", [
    "please stop texting me", "Stop sending me messages", "stop texting", "STOP PLEASE", "please stop",
    "don't text me again", "Don\u2019t message me", "do not contact me", "no more texts", "opt out",
    "opt me out", "unsubscribe me please", "take me off your list", "remove my number", "wrong number",
    "stop all", "never text this number again",
])
def test_plain_language_opt_outs(text):
    assert keywords().asks_to_stop_texts(text)


@pytest.mark.parametrize("text", [
    "stop the quiz", "I want to quit the quiz", "cancel my appointment request", "end this", "never mind",
    "I want to end it", "the pain stops me sleeping", "can you text me the address?", "more info on RFA",
    "I can't stop shaking", "",
])
def test_ordinary_messages_are_not_opt_outs(text):
    assert not keywords().asks_to_stop_texts(text)


@pytest.mark.parametrize("text,number", [
    ("1", 1), (" 2 ", 2), ("3.", 3), ("#4", 4), ("option 2", 2), ("No. 1", 1), ("12", 12),
    ("1 and 2", None), ("one", None), ("410-555-0123", None), ("", None), ("123", None),
])
def test_numbered_replies(text, number):
    assert option_number(text) == number


@pytest.mark.parametrize("text,expected", [
    ('/affirm', "affirm"),
    ('/inform{"booking_phone": "+14105550100"}', 'inform{"booking_phone": "+14105550100"}'),
    ("  //restart", "restart"),
    ("/ I can't control my bladder", "I can't control my bladder"),
    ("jane\u00a1example.com", "jane@example.com"),
    (None, ""),
])
def test_typed_text_is_never_a_command(text, expected):
    assert as_patient_text(text) == expected


def test_the_keyword_file_loads_and_bad_files_are_refused():
    raw = yaml.safe_load(KEYWORDS_FILE.read_text())
    assert _load(raw).words["STOP"] == kw.OPT_OUT
    for broken in (
        {**raw, "help": []},
        {**raw, "more": ["MORE", "STOP"]},  # one word, two kinds
        {**raw, "more": ["two words"]},
        {**raw, "opt_out_phrases": ["(unclosed"]},
        ["not", "a", "mapping"],
    ):
        with pytest.raises(KeywordsError):
            _load(broken)
