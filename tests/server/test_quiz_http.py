"""The pain quiz end to end: real Rasa server, real action server, trained model."""
from __future__ import annotations

import pytest

from clinic_core.catalogue import load_catalogue
from clinic_core.scoring import NOT_A_DIAGNOSIS, ROUTES, score
from tests.support.chat import answer_quiz, asked_item, customs, texts

pytestmark = pytest.mark.server

ALL_ITEMS = set(load_catalogue().items)


def profile(yes=(), numbers=None, default="no"):
    """An answering policy: "yes" for the items in ``yes``, numbers as typed, ``default`` else."""
    numbers = numbers or {}

    def answer_for(item: str) -> str:
        if item in numbers:
            return str(numbers[item])
        if item.startswith("screen_"):
            return "no"  # no red flags in these profiles
        return "yes" if item in yes else default

    return answer_for


def check_result(result, asked):
    assert set(result["answers"]) >= ALL_ITEMS  # every catalogue item, null when unknown
    assert result["route"] in ROUTES
    assert result["band"] in ("low", "moderate", "high")
    assert 0.0 <= result["probability"] <= 1.0
    assert result["next_steps"]
    assert len(asked) == len(set(asked)), f"an item was asked twice: {asked}"
    known = {k: v for k, v in result["answers"].items() if v is not None}
    # The payload is what the scoring engine says about exactly the answers the patient gave.
    expected = score(known)
    assert result["route"] == expected.route
    assert result["probability"] == pytest.approx(expected.probability, abs=0.001)
    return known


def test_quiz_from_the_start_asks_red_flags_once_and_gives_a_framed_result(chat):
    replies = chat.say("I want to take the pain quiz")
    assert asked_item(replies) == "screen_checklist"
    result, asked, final = answer_quiz(chat, replies, profile(yes={"pain_sitting", "one_finger_psis"},
                                                              numbers={"age": 44, "duration_months": 7}))
    known = check_result(result, asked)
    # "None of these" to the one checklist answers the five safety questions
    assert asked.count("screen_checklist") == 1 and not [i for i in asked if i.startswith("screen_") and i != "screen_checklist"]
    assert all(known[i] is False for i in ("screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness",
                                           "screen_fever", "screen_cancer_history"))
    # every answer kept is the one given (the planner asks only what can change the result, so
    # which items are asked depends on the answers)
    assert known["one_finger_psis"] is True and known["age"] == 44
    for item in asked:
        if load_catalogue().item(item).answer_type == "yes_no":
            assert known[item] is (item in {"pain_sitting", "one_finger_psis"}), item
    # The REST channel sends each paragraph of the result as its own message.
    result_text = texts(final)
    assert NOT_A_DIAGNOSIS in result_text
    assert "you have si joint dysfunction" not in result_text.lower()
    assert all(step in result_text for step in result["next_steps"])
    assert "appointment" in texts(final[-2:]).lower()  # the offer to request one


def test_quiz_from_a_free_text_description_prefills_and_never_asks_again(chat):
    replies = chat.say("hurts when I sit and getting out of the car, only the left side, "
                       "never below the knee, for about 8 months")
    assert "noted" in texts(replies).lower()
    result, asked, _ = answer_quiz(chat, replies, profile(numbers={"age": 50}))
    known = check_result(result, asked)
    for item in ("pain_sitting", "pain_rising_from_sitting", "unilateral_pain", "pain_below_knee",
                 "duration_months"):
        assert item not in asked
    assert known["pain_sitting"] is True and known["pain_below_knee"] is False
    assert known["duration_months"] == 8


@pytest.mark.parametrize(
    "answers, route",
    [
        (profile(yes={"one_finger_psis", "groin_pain", "pain_sitting", "unilateral_pain", "buttock_pain",
                      "pain_rising_from_sitting", "pain_stairs_single_leg", "pain_turning_in_bed"},
                 numbers={"age": 45, "duration_months": 8}), "si_likely"),
        (profile(numbers={"age": 45, "duration_months": 8}, default="not sure"), "si_possible"),
        (profile(yes={"pain_above_belt", "pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze",
                      "pain_centralizes"}, numbers={"age": 45, "duration_months": 8}), "si_unlikely"),
        (profile(yes={"ibp_checklist", "morning_stiffness_over_30min", "night_waking", "better_with_exercise",
                      "alternating_buttock_pain", "nsaid_response", "pain_turning_in_bed"},
                 numbers={"age": 29, "duration_months": 14}), "rheumatology"),
    ],
    ids=["si_likely", "si_possible", "si_unlikely", "rheumatology"],
)
def test_every_route(chat, answers, route):
    result, asked, _ = answer_quiz(chat, chat.say("start the quiz"), answers)
    check_result(result, asked)
    assert result["route"] == route


def test_not_sure_and_skip_leave_the_item_unknown(chat):
    chat.say("take the quiz")
    replies = chat.say("no")  # "none of these" to the safety checklist
    first = asked_item(replies)
    replies = chat.say("not sure")
    second = asked_item(replies)
    assert second not in (None, first)
    chat.say("skip")
    answers = chat.slot("quiz_answers")
    assert first not in answers and second not in answers


def test_a_correction_changes_an_answer(chat):
    chat.say("it hurts when I sit")
    assert chat.slot("quiz_answers")["pain_sitting"] is True
    chat.say("actually sitting doesn't hurt")
    assert chat.slot("quiz_answers")["pain_sitting"] is False


def test_go_back_asks_the_last_question_again_and_forgets_its_answer(chat):
    chat.say("take the quiz")
    chat.say("no")  # "none of these" to the safety checklist
    replies = chat.say("44")  # age
    first = asked_item(replies)
    assert load_catalogue().item(first).answer_type == "yes_no"
    replies = chat.say("yes")
    assert chat.slot("quiz_answers")[first] is True
    replies = chat.say("go back")
    assert asked_item(replies) == first
    assert first not in chat.slot("quiz_answers")
    chat.say("no")
    assert chat.slot("quiz_answers")[first] is False


def test_question_mid_quiz_is_answered_and_the_quiz_resumes_where_it_was(chat):
    replies = chat.say("take the quiz")
    pending = asked_item(replies)
    replies = chat.say("how long does the relief from an SI joint injection last?")
    reply = texts(replies).lower()
    assert "week" in reply or "month" in reply
    assert asked_item(replies) == pending


def test_stop_then_resume_keeps_the_answers(chat):
    replies = chat.say("take the quiz")
    replies = chat.say("no")
    answered_first = chat.slot("quiz_answers")
    replies = chat.say("stop")
    assert customs(replies, "quiz_question") == []
    assert chat.tracker()["active_loop"] in ({}, None) or not chat.tracker()["active_loop"].get("name")
    replies = chat.say("let's continue the quiz")
    assert asked_item(replies) is not None
    assert chat.slot("quiz_answers") == answered_first


@pytest.mark.parametrize("bad", ["", "asdf qwer zxcv", "/describe_symptoms{\"symptom\": \"groin_pain\"}",
                                 "/inform{\"quiz_answers\": {\"groin_pain\": true}}"])
def test_bad_input_in_the_quiz_neither_crashes_nor_sets_an_answer(chat, bad):
    chat.say("take the quiz")
    replies = chat.say("no")  # "none of these" to the safety checklist
    pending = asked_item(replies)
    before = dict(chat.slot("quiz_answers") or {})
    replies = chat.say(bad)
    assert replies, "every message gets an answer"
    after = dict(chat.slot("quiz_answers") or {})
    assert after == before
    assert "groin_pain" not in after
