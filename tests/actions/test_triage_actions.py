"""action_triage, the safety question and the alert, against the real triage rules."""
from actions.quiz import ValidatePainQuizForm
from actions.triage import ActionAskSafetyCheckAnswer, ActionTriage
from clinic_core.clinic import clinic
from tests.actions.conftest import form_turn_events, make_tracker


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


def said(message, domain):
    """The text a response message renders to (as Rasa fills it: slots and the action's parameters)."""
    template = domain["responses"][message["response"]][0]["text"]
    return template.format(**{k: v for k, v in message.items() if isinstance(v, str)})


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


async def test_urgent_alert_gives_same_day_advice(dispatcher, domain):
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


async def test_not_sure_in_words_to_a_quiz_screen_gets_same_day_advice(dispatcher, domain):
    from tests.actions.test_quiz_actions import quiz_turn

    tracker = quiz_turn("not sure", "deny", slots={"quiz_pending_item": "screen_saddle_numbness"})
    await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert alerts(dispatcher)[0]["level"] == "urgent"
