import pytest

from clinic_core.language.answers import ACKNOWLEDGE, DECLINE, NO, THANKS, UNSURE, YES, reply_kind, short_answer


@pytest.mark.parametrize("text, expected", [
    ("yes", YES), ("Yeah!", YES), ("yep thanks", YES), ("I do", YES),
    ("no", NO), ("Nope.", NO), ("not really", NO), ("I don't", NO),
    ("not sure", UNSURE), ("I don't know", UNSURE), ("idk", UNSURE), ("maybe", UNSURE), ("Not sure.", UNSURE),
    ("", None), ("   ", None), ("it hurts when I sit", None), ("no bladder problems but yes to groin pain", None),
])
def test_short_answers(text, expected):
    assert short_answer(text) == expected


def test_not_sure_is_never_read_as_no():
    for text in ("not sure", "i'm not sure", "I am not certain", "no idea"):
        assert short_answer(text) != NO


@pytest.mark.parametrize("text, command", [
    ("/affirm", True), ('/inform{"booking_full_name": "X"}', True), ("/restart", True), ("  /stop  ", True),
    ("/ I can't control my bladder", False), ("/affirm and my legs are numb", False), ("yes", False), ("", False),
])
def test_commands_are_only_what_rasa_reads_as_commands(text, command):
    from clinic_core.language.answers import looks_like_command

    assert looks_like_command(text) is command


@pytest.mark.parametrize("text, kind", [
    ("no thanks", DECLINE), ("No thank you!", DECLINE), ("not now", DECLINE), ("maybe later", DECLINE),
    ("that's all", DECLINE), ("thanks", THANKS), ("ok thanks", THANKS), ("Thank you so much", THANKS),
    ("ok", ACKNOWLEDGE), ("got it", ACKNOWLEDGE), ("yes", YES), ("yes please", YES), ("yes thanks", YES),
    ("no", NO), ("not sure", UNSURE), ("pass", "skip"), ("tell me about injections", None),
])
def test_short_replies_out_of_turn(text, kind):
    assert reply_kind(text) == kind
