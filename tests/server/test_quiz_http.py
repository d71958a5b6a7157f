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


# --- issue 10: a described pain reaches its result quickly, and the result says what it rests on


def test_a_descriptive_first_message_reaches_a_result_in_at_most_eight_questions(chat):
    replies = chat.say("I'm a 41 year old man. For 3 months my right buttock hurts at the bony bump above it, "
                       "worse sitting at work and getting out of the car. No groin pain, no pain on the outside "
                       "of the hip, nothing down the leg, no tingling, it stays above the knee, my legs are fine "
                       "when I walk.")
    assert asked_item(replies) is not None, texts(replies)
    result, asked, _ = answer_quiz(chat, replies, profile())
    check_result(result, asked)
    assert len(asked) <= 8, asked
    for item in ("buttock_pain", "unilateral_pain", "pain_sitting", "pain_rising_from_sitting", "groin_pain",
                 "lateral_hip_pain", "pain_below_knee", "leg_tingling_numbness", "duration_months", "age"):
        assert item not in asked, item  # said in the first message: never asked


def test_a_nerve_root_story_names_the_pattern_and_says_what_was_denied(chat):
    replies = chat.say("My left leg hurts more than my back. It shoots down past my knee into my calf with "
                       "pins and needles. Sitting doesn't bother me and I have no groin pain.")
    result, asked, final = answer_quiz(chat, replies, profile(numbers={"age": 38, "duration_months": 3}))
    check_result(result, asked)
    assert result["route"] == "si_unlikely" and result["other_pattern"] == "nerve_root"
    text = texts(final)
    assert "a pinched or irritated nerve in the low back" in text
    assert "You said no: pain when sitting in a chair." in text
    assert "You said yes: pain below the knee." in text
    assert "spine exam" in text and "rough estimate of" in text


def test_the_treatment_question_takes_a_typed_list(chat):
    chat.say("take the quiz")
    replies = chat.say("no")  # the safety checklist
    # An SI-joint story that lasted long enough for the treatment history to decide the fusion step.
    policy = profile(yes={"one_finger_psis", "groin_pain", "pain_sitting", "unilateral_pain", "buttock_pain"},
                     numbers={"age": 50, "duration_months": 24})
    asked = []
    while asked_item(replies) not in (None, "treatment_history") and len(asked) < 30:
        asked.append(asked_item(replies))
        replies = chat.say(policy(asked[-1]))
    assert asked_item(replies) == "treatment_history", (asked, texts(replies))
    titles = [b["title"] for m in replies for b in (m.get("buttons") or [])]
    assert "Physical therapy" in titles and "None yet" in titles
    replies = chat.say("physio and pills but no injections")
    answers = chat.slot("quiz_answers")
    assert answers["treatment_history"] == ["tried_physical_therapy", "tried_medication"]
    assert answers["tried_injections"] is False
    # Not asked again: the quiz goes on (or ends) with what the list said.
    assert asked_item(replies) != "treatment_history" and (asked_item(replies) or customs(replies, "quiz_result"))


def test_an_urgent_alert_mid_quiz_leads_the_result_and_drops_simple_care_and_fusion(chat):
    replies = chat.say("take the quiz")
    assert asked_item(replies) == "screen_checklist"
    replies = chat.say("yes")  # one or more of the safety signs: asked one by one
    alert_seen = []
    yes = {"screen_fever", "one_finger_psis", "groin_pain", "pain_sitting", "unilateral_pain", "buttock_pain",
           "pain_rising_from_sitting", "tried_physical_therapy"}
    numbers = {"age": 50, "duration_months": 24, "conservative_care_months": 12}

    def answer_for(item):
        if item == "treatment_history":
            return "physical therapy and ibuprofen"
        return profile(yes=yes, numbers=numbers)(item) if not item.startswith("screen_") else (
            "yes" if item in yes else "no")

    asked = []
    for _ in range(40):
        alert_seen += customs(replies, "triage_alert")
        if customs(replies, "quiz_result"):
            break
        item = asked_item(replies)
        assert item is not None, texts(replies)
        asked.append(item)
        replies = chat.say(answer_for(item))
    assert alert_seen and alert_seen[0]["level"] == "urgent", "the fever answer raised an urgent alert"
    result = customs(replies, "quiz_result")[0]
    assert result["route"] == "si_likely"
    # The alert is said again, before the result.
    kinds = [m["custom"]["type"] for m in replies if isinstance(m.get("custom"), dict)]
    assert kinds.index("triage_alert") < kinds.index("quiz_result")
    steps = " ".join(result["next_steps"]).lower()
    assert "fusion" not in steps and "simple care" not in steps
    assert "safety message above" in result["next_steps"][0]
    # With a year of tried care on record, the same answers without the alert would mention fusion.
    known = {k: v for k, v in result["answers"].items() if v is not None}
    tried = {**known, "tried_physical_therapy": True, "conservative_care_months": 12.0}
    assert score(tried).fusion_discussed and not score(tried, "urgent").fusion_discussed
