"""SMS segment counting (GSM-7 / UCS-2) and cutting a text to fit."""
import pytest

from channels.sms.segments import GSM7, UCS2, encoding, fit, plain_typography, segments

HINT = "Reply MORE for the rest."


@pytest.mark.parametrize("text,expected", [
    ("", 0),
    ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3), ("a" * 459, 3), ("a" * 460, 4),
    ("{" * 80, 1), ("{" * 81, 2),  # extension characters cost two septets
    ("a" * 152 + "€", 1), ("a" * 159 + "€", 2),
    ("😀", 1), ("a" * 68 + "😀", 1), ("a" * 69 + "😀", 2),  # an emoji is two UTF-16 units
    ("é" * 160, 1),  # é is in the GSM-7 table
    ("ł" * 70, 1), ("ł" * 71, 2), ("ł" * 134, 2), ("ł" * 135, 3),
])
def test_segment_counts(text, expected):
    assert segments(text) == expected


def test_an_escape_pair_is_never_split_between_parts():
    # 152 septets, then "€" (2): it cannot end part one, so it opens part two.
    assert segments("a" * 152 + "€" + "b" * 150) == 2
    assert segments("a" * 152 + "€" + "b" * 152) == 3


def test_one_emoji_makes_the_whole_message_ucs2():
    assert encoding("Plain text") == GSM7
    assert encoding("Plain text 👍") == UCS2
    assert segments("a" * 100) == 1 and segments("a" * 100 + "👍") == 2


def test_curly_quotes_and_dashes_become_gsm7():
    text = plain_typography("It\u2019s \u201cfine\u201d \u2014 really\u2026")
    assert text == 'It\'s "fine" - really...' and encoding(text) == GSM7


def test_a_short_text_is_not_cut():
    assert fit("Hello. How are you?", 3, HINT) == ("Hello. How are you?", "")


def test_cut_after_a_sentence_with_the_hint_counted():
    sentences = [f"Sentence number {i} is here." for i in range(40)]
    text = " ".join(sentences)
    head, rest = fit(text, 3, HINT)
    assert head.endswith(" " + HINT) and segments(head) <= 3
    body = head[: -len(HINT) - 1]
    assert body.endswith(".") and body + " " + rest == text  # nothing lost, nothing repeated
    bigger, _ = fit(text, 3, "")
    assert len(bigger) >= len(body)


def test_ucs2_text_gets_less_room():
    text = " ".join(["Ça va 😀 bien."] * 40)
    head, rest = fit(text, 3, HINT)
    assert segments(head) <= 3 and len(head) < 210 and rest


def test_a_sentence_longer_than_the_limit_is_cut_after_a_word():
    text = "word " * 300
    head, rest = fit(text, 3, HINT)
    assert segments(head) <= 3 and head.endswith("word " + HINT) and rest.startswith("word")


def test_a_text_without_spaces_is_cut_anywhere_but_not_inside_an_emoji():
    head, rest = fit("x" * 1000, 3, HINT)
    assert segments(head) <= 3 and len(head.split()[0]) + len(rest) == 1000
    head, rest = fit("😀" * 200, 1)
    assert head == "😀" * 35 and rest == "😀" * 165


def test_sentence_only_cut_returns_a_long_first_sentence_whole():
    alert = "Call 911 now " + "and more " * 30 + ". Second."
    assert fit(alert, 1, cut_words=False) == (alert, "")
    head, rest = fit("Call 911 now. " + "More words here. " * 20, 1, cut_words=False)
    assert head.startswith("Call 911 now. More") and head.endswith("here.") and segments(head) == 1
    assert len(head) + 1 + len(rest) == len("Call 911 now. " + "More words here. " * 20) - 1
