"""action_triage, the safety question and the alert, against the real triage rules."""
import pytest

from actions.quiz import ValidatePainQuizForm
from actions.triage import ActionAskSafetyCheckAnswer, ActionTriage
from clinic_core.clinic import clinic
from tests.actions.conftest import form_turn_events, make_tracker, said


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def safety_answer_in_quiz(text, intent, question="saddle_numbness"):
    """The quiz form's tracker right after the patient answers a pending safety question."""
    parse = {"intent": {"name": intent, "confidence": 0.8}, "entities": []}
    return make_tracker(
        text=text, intent=intent, active_loop="pain_quiz_form",
        events=form_turn_events(text, parse, "pain_quiz_form"),
        slots={"requested_slot": "safety_check_answer", "safety_check_answer": None,
               "safety_check_question": question},
    )


def alerts(dispatcher):
    return [m["custom"] for m in dispatcher.messages if (m.get("custom") or {}).get("type") == "triage_alert"]


async def test_emergency_alert_says_call_the_emergency_number_and_marks_the_conversation(dispatcher, domain):
    tracker = make_tracker(text="I can't feel down there when I wipe and I wet myself", intent="red_flag_emergency")
    events = await ActionTriage().run(dispatcher, tracker, domain)
    alert = alerts(dispatcher)[0]
    assert alert["level"] == "emergency" and alert["reasons"]
    assert clinic().emergency_number in said(dispatcher.messages[0], domain)
    slots = slot_events(events)
    assert slots["triage_level"] == "emergency"
    assert slots["triage_reasons"] == sorted(alert["reasons"])
    # Outside a form the rules end any loop (action_deactivate_loop), not this action.
    assert not [e for e in events if e["event"] == "active_loop"]


async def test_urgent_alert_gives_same_day_advice(dispatcher, domain, monkeypatch):
    from datetime import datetime, timezone

    from actions import safety

    # While the clinic is open (a Tuesday, 10 am in New York); closed hours: the test below.
    monkeypatch.setattr(safety, "now", lambda: datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc))
    tracker = make_tracker(text="I've had a fever and chills with this back pain since yesterday", intent="red_flag_urgent")
    events = await ActionTriage().run(dispatcher, tracker, domain)
    assert alerts(dispatcher)[0]["level"] == "urgent"
    assert clinic().phone in said(dispatcher.messages[0], domain)
    assert slot_events(events)["triage_level"] == "urgent"


async def test_an_earlier_level_is_never_lowered(dispatcher, domain):
    tracker = make_tracker(text="I have a fever with my back pain", intent="red_flag_urgent",
                           slots={"triage_level": "emergency", "triage_reasons": ["saddle_numbness"]})
    events = await ActionTriage().run(dispatcher, tracker, domain)
    slots = slot_events(events)
    assert slots["triage_level"] == "emergency"
    assert "saddle_numbness" in slots["triage_reasons"]


async def test_unclear_mention_leaves_one_safety_question_pending(dispatcher, domain):
    tracker = make_tracker(text="my bum goes numb", intent="red_flag_check")
    events = await ActionTriage().run(dispatcher, tracker, domain)
    assert dispatcher.messages == []  # the form asks the question next
    slots = slot_events(events)
    assert slots["safety_check_answer"] is None and slots["safety_check_question"]
    await ActionAskSafetyCheckAnswer().run(dispatcher, make_tracker(slots=slots), domain)
    assert dispatcher.messages[0]["response"] == "utter_check_" + slots["safety_check_question"]
    response = domain["responses"][dispatcher.messages[0]["response"]][0]
    assert response["text"].endswith("?")
    assert [b["payload"] for b in response["buttons"]] == ["/affirm", "/deny", "/not_sure"]


async def test_yes_to_the_safety_question_in_the_quiz_raises_the_alert_and_ends_the_quiz(dispatcher, domain):
    tracker = safety_answer_in_quiz("yes", "affirm")
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert alerts(dispatcher)[0]["level"] == "emergency"
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]


async def test_not_sure_to_an_emergency_question_still_gets_same_day_advice(dispatcher, domain):
    tracker = safety_answer_in_quiz("not sure", "deny")
    await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    # The words decide ("not sure"), not the classifier's "deny".
    assert alerts(dispatcher)[0]["level"] == "urgent"


async def test_a_negated_sign_read_as_not_sure_raises_no_alert_in_the_quiz_screen(dispatcher, domain):
    from tests.actions.test_quiz_actions import quiz_turn

    tracker = quiz_turn("I'm not incontinent", "not_sure", slots={"quiz_pending_item": "screen_bladder_bowel"})
    await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert alerts(dispatcher) == []


SCREEN = ["screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness", "screen_fever",
          "screen_cancer_history"]


def screen_turn(text, intent, pending, answers, asked=None, **slots):
    """The quiz's safety screen, one answer: every screen item before ``pending`` answered."""
    from tests.actions.test_quiz_actions import quiz_turn

    before = asked if asked is not None else ["screen_checklist", *[i for i in answers if i != "screen_checklist"]]
    return quiz_turn(text, intent, slots={"quiz_pending_item": pending, "quiz_answers": dict(answers),
                                          "quiz_asked": before, **slots})


async def test_not_sure_in_words_to_a_quiz_screen_gets_same_day_advice_once_the_screen_is_done(dispatcher, domain):
    answers = {"screen_checklist": True, "screen_bladder_bowel": False}
    tracker = screen_turn("not sure", "deny", "screen_saddle_numbness", answers)
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert alerts(dispatcher) == []  # same-day advice waits for the rest of the screen
    assert slot_events(events)["safety_screen_unsure"] == ["screen_saddle_numbness"]
    answers = {"screen_checklist": True, **{i: False for i in SCREEN}}
    del answers["screen_saddle_numbness"]
    tracker = screen_turn("no", "deny", "screen_cancer_history", {k: v for k, v in answers.items() if k != "screen_cancer_history"},
                          asked=["screen_checklist", *SCREEN[:4]], safety_screen_unsure=["screen_saddle_numbness"])
    await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert alerts(dispatcher)[0]["level"] == "urgent" and alerts(dispatcher)[0]["reasons"] == ["saddle_numbness"]


async def test_a_typed_skip_to_a_safety_question_counts_as_not_sure(dispatcher, domain):
    answers = {"screen_checklist": True, **{i: False for i in SCREEN[:4]}}
    tracker = screen_turn("skip", "skip", "screen_cancer_history", answers, asked=["screen_checklist", *SCREEN[:4]])
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert slot_events(events)["safety_screen_unsure"] == ["screen_cancer_history"]


async def test_weakness_then_fever_in_the_screen_is_one_emergency_alert(dispatcher, domain):
    answers = {"screen_checklist": True, "screen_bladder_bowel": False, "screen_saddle_numbness": False}
    tracker = screen_turn("yes", "affirm", "screen_leg_weakness", answers)
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert alerts(dispatcher) == []  # one leg or both? asked next; same-day advice waits
    assert "new_leg_weakness" in slot_events(events)["risk_factors"]
    answers.update(screen_leg_weakness=True, screen_leg_weakness_both=False)
    tracker = screen_turn("yes", "affirm", "screen_fever", answers, risk_factors=["new_leg_weakness"])
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    [alert] = alerts(dispatcher)
    assert alert["level"] == "emergency" and alert["reasons"][0] == "fever_with_new_weakness"
    assert {"fever", "new_leg_weakness"} <= set(slot_events(events)["risk_factors"])
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]


async def test_safety_questions_have_no_skip_button(dispatcher, domain):
    from actions.quiz import ActionAskQuizItem

    for pending in ("screen_fever", "groin_pain"):
        dispatcher.messages.clear()
        tracker = make_tracker(slots={"quiz_pending_item": pending, "quiz_answers": {}, "quiz_asked": []})
        await ActionAskQuizItem().run(dispatcher, tracker, domain)
        titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
        assert ("Skip" in titles) == (pending == "groin_pain"), (pending, titles)


async def test_a_crisis_message_asks_if_the_person_is_safe_and_no_means_emergency(dispatcher, domain):
    tracker = make_tracker(text="I don't want to live anymore", intent="red_flag_check",
                           entities=[{"entity": "red_flag", "value": "suicidal_thoughts", "extractor": "RedFlagGuard"}],
                           active_loop="pain_quiz_form")
    events = await ActionTriage().run(dispatcher, tracker, domain)
    assert alerts(dispatcher)[0]["reasons"] == ["suicidal_thoughts"]
    slots = slot_events(events)
    assert slots["safety_check_question"] == "crisis_safe_now" and slots["safety_check_answer"] is None
    assert slots["triage_level"] == "urgent"
    assert not any(e.get("event") == "active_loop" for e in events)  # the quiz waits; its form asks
    dispatcher.messages.clear()
    answer = safety_answer_in_quiz("no", "deny", question="crisis_safe_now")
    events = await ValidatePainQuizForm().run(dispatcher, answer, domain)
    assert alerts(dispatcher)[0] == {"type": "triage_alert", "level": "emergency", "reasons": ["suicide_plan_or_intent"]}
    dispatcher.messages.clear()
    answer = safety_answer_in_quiz("yes", "affirm", question="crisis_safe_now")
    await ValidatePainQuizForm().run(dispatcher, answer, domain)
    assert alerts(dispatcher) == [] and dispatcher.messages[0]["response"] == "utter_check_answered_crisis_safe_now"


@pytest.mark.parametrize("hour, is_open", [(15, True), (23, False)])  # UTC on a Tuesday: 10 am / 6 pm New York
async def test_same_day_advice_knows_the_clinics_hours(dispatcher, domain, monkeypatch, hour, is_open):
    from datetime import datetime, timezone

    from actions import safety
    from clinic_core.clinic import clinic

    monkeypatch.setattr(safety, "now", lambda: datetime(2026, 12, 1, hour, 0, tzinfo=timezone.utc))
    tracker = make_tracker(text="I have a fever and my back hurts", intent="red_flag_urgent")
    await ActionTriage().run(dispatcher, tracker, domain)
    advice = dispatcher.messages[0]["same_day_care"]
    assert (clinic().phone in advice) == is_open
    assert ("emergency room" in advice) == (not is_open) and "urgent care" in advice

async def test_the_age_asked_after_the_screen_is_judged_with_it(dispatcher, domain):
    from tests.actions.test_quiz_actions import quiz_turn

    answers = {"screen_checklist": True, **{i: False for i in SCREEN}, "screen_cancer_history": True,
               "screen_cancer_warning_signs": False, "duration_months": 1}
    tracker = quiz_turn("62", "inform", slots={"quiz_pending_item": "age", "quiz_answers": answers,
                                               "quiz_asked": ["screen_checklist", *SCREEN, "screen_cancer_warning_signs"]})
    await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert alerts(dispatcher)[0] == {"type": "triage_alert", "level": "urgent",
                                     "reasons": ["cancer_history_new_pain_over_50"]}
