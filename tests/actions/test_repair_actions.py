"""Conversation repair in the actions: replies read in the context of the last question, typed
picks of a button, and a two-stage fallback that counts right (tracker fixtures, no server)."""
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import ActionAskBookingLocation, ValidateBookingForm
from actions.fallback import ActionDefaultFallback, ActionReplyInContext
from actions.quiz import ValidatePainQuizForm
from actions.turn import Turn
from clinic_core.clinic import clinic
from tests.actions.conftest import form_turn_events, make_tracker

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"},
          {"title": "Not sure", "payload": "/not_sure"}, {"title": "Skip", "payload": "/skip"}]
CHECKLIST = [{"title": "None of these", "payload": "/deny"}, {"title": "Yes, one or more", "payload": "/affirm"},
             {"title": "Not sure", "payload": "/not_sure"}]
OFFICES = [{"title": loc.name, "payload": loc.id} for loc in clinic().locations]


def user(text: str, intent: str = "nlu_fallback") -> Dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def bot(response: Optional[str] = None, buttons: Optional[List[Dict]] = None, custom: Optional[Dict] = None,
        action: Optional[str] = None) -> List[Dict[str, Any]]:
    events = [{"event": "action", "name": action}] if action else []
    return events + [{"event": "bot", "text": "...", "data": {"buttons": buttons, "custom": custom},
                      "metadata": {"utter_action": response} if response else {}}]


def after(history: List[Dict[str, Any]], text: str, intent: str, **kwargs) -> Any:
    """A tracker whose latest message is ``text``, after ``history``."""
    events = [*history, {"event": "action", "name": "action_listen"}, user(text, intent)]
    return make_tracker(text=text, intent=intent, events=events, **kwargs)


GREETING = [user("hi", "greet"), *bot("utter_greet", [{"title": "Take the pain quiz", "payload": "/start_quiz"},
                                                      {"title": "Ask a question", "payload": "/help"},
                                                      {"title": "Request an appointment",
                                                       "payload": "/request_appointment"}])]
RESULT = [user("no", "deny"), *bot(custom={"type": "quiz_result"}), *bot("utter_offer_appointment", [
    {"title": "Request an appointment", "payload": "/request_appointment"}, {"title": "Ask a question", "payload": "/help"}])]
STOPPED = [user("stop", "stop"), *bot("utter_quiz_stopped")]
SENT = [user("yes", "affirm"), *bot(custom={"type": "booking_confirmation", "reference": "ABC"})]
ANSWERED = [user("what is rfa", "faq"), *bot("utter_faq/rfa", action="action_answer_faq")]


def replayed_intent(events: List[Dict[str, Any]]) -> Optional[str]:
    users = [e for e in events if e.get("event") == "user"]
    return users[-1]["parse_data"]["intent"]["name"] if users else None


@pytest.mark.parametrize("history, text, intent, expected", [
    (GREETING, "yes", "affirm", "/start_quiz"),
    (GREETING, "ok", "affirm", "/start_quiz"),
    (GREETING, "the first one", "choose", "/start_quiz"),
    (GREETING, "3", "choose", "/request_appointment"),
    (GREETING, "no thanks", "deny", "utter_offer_declined"),
    (GREETING, "not sure", "not_sure", "utter_quiz_explained"),
    (RESULT, "yes", "affirm", "utter_offer_which"),
    (RESULT, "no thanks", "deny", "utter_result_declined"),
    (RESULT, "maybe later", "deny", "utter_result_declined"),
    (RESULT, "the first one", "choose", "/request_appointment"),
    (STOPPED, "ok", "affirm", "utter_quiz_paused"),
    (STOPPED, "no", "deny", "utter_offer_declined"),
    (SENT, "ok", "affirm", "utter_anything_else"),
    (SENT, "no thanks", "deny", "utter_goodbye"),
    (ANSWERED, "yes", "affirm", "utter_anything_else"),
    (ANSWERED, "no", "deny", "utter_answer_not_helpful"),
    (ANSWERED, "that's all", "deny", "utter_goodbye"),
    ([user("my legs are numb", "red_flag_emergency"), *bot("utter_alert_emergency", custom={"type": "triage_alert"})],
     "ok", "affirm", "utter_after_alert"),
])
async def test_a_short_reply_is_read_in_the_context_of_the_last_turn(dispatcher, domain, history, text, intent,
                                                                     expected):
    events = await ActionReplyInContext().run(dispatcher, after(history, text, intent), domain)
    if expected.startswith("/"):
        assert replayed_intent(events) == expected[1:] and not dispatcher.messages
        assert events[0]["event"] == "rewind"
    else:
        assert [m["response"] for m in dispatcher.messages] == [expected]


async def test_the_first_misunderstanding_is_stage_one_and_the_second_gives_up(dispatcher, domain):
    first = await ActionDefaultFallback().run(dispatcher, after(GREETING, "blorp", "nlu_fallback"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/start_quiz"  # the last question's buttons again
    assert first == [{"event": "rewind", "timestamp": None}]
    stage_one = [user("blorp"), *bot("utter_ask_rephrase", action="action_default_fallback"), {"event": "rewind"}]
    second = CollectingDispatcher()
    events = await ActionDefaultFallback().run(second, after(GREETING + stage_one, "zxqv", "nlu_fallback"), domain)
    assert [m["response"] for m in second.messages] == ["utter_default"]
    assert {"event": "slot", "timestamp": None, "name": "unanswered_question", "value": "blorp"} in events


async def test_an_understood_turn_starts_the_count_again(dispatcher, domain):
    history = GREETING + [user("blorp"), *bot("utter_ask_rephrase", action="action_default_fallback"),
                          {"event": "rewind"}, *ANSWERED]
    await ActionDefaultFallback().run(dispatcher, after(history, "zxqv", "nlu_fallback"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


async def test_no_to_did_you_mean_asks_to_rephrase_then_gives_up(dispatcher, domain):
    guess = [user("quizz me"), *bot("utter_did_you_mean", [{"title": "Yes", "payload": "/start_quiz"},
                                                          {"title": "No, something else", "payload": "/deny"}],
                                    action="action_default_fallback"), {"event": "rewind"}]
    await ActionReplyInContext().run(dispatcher, after(GREETING + guess, "no", "deny"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]
    yes = CollectingDispatcher()
    assert replayed_intent(await ActionReplyInContext().run(yes, after(GREETING + guess, "yes", "affirm"), domain)) \
        == "start_quiz"
    rephrase = [user("no", "deny"), *bot("utter_ask_rephrase", action="action_reply_in_context")]
    last = CollectingDispatcher()
    events = await ActionDefaultFallback().run(last, after(GREETING + guess + rephrase, "hmm", "nlu_fallback"), domain)
    assert [m["response"] for m in last.messages] == ["utter_default"]
    assert any(e.get("value") == "quizz me" for e in events)  # the question, not the "no"


async def test_an_insurance_question_is_never_swallowed_by_the_fallback(dispatcher, domain):
    tracker = after(GREETING, "can i pay cash", "nlu_fallback")
    assert await ActionDefaultFallback().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["payment_answer"] == clinic().payment["self_pay"]


def form_tracker(form, text, intent, requested, buttons, slots=None):
    before = [user("previous", "affirm"), *bot(None, buttons)]
    events = form_turn_events(text, {"intent": {"name": intent, "confidence": 0.9}, "entities": []}, form, before)
    return make_tracker(text=text, intent=intent, events=events, active_loop=form,
                        slots={"requested_slot": requested, **(slots or {})})


@pytest.mark.parametrize("text, intent, expected", [
    ("2", "choose", "hagerstown-md"),
    ("the first one", "choose", "elkridge-md"),
    ("Hagerstown", "nlu_fallback", "hagerstown-md"),
    ("I'm in Virginia", "faq", "harrisonburg-va"),
    ("Baltimore", "nlu_fallback", "elkridge-md"),
    ("western Maryland", "faq", "hagerstown-md"),
    ("PA", "nlu_fallback", "pennsylvania"),
    ("Maryland", "faq", None),
])
async def test_the_office_question_typed_many_ways(dispatcher, domain, text, intent, expected):
    tracker = form_tracker("booking_form", text, intent, "booking_location", OFFICES)
    events = await ValidateBookingForm().run(dispatcher, tracker, domain)
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"} == {"booking_location": expected}


async def test_a_state_with_two_offices_asks_which_of_the_two(dispatcher, domain):
    tracker = form_tracker("booking_form", "I live in Maryland", "faq", "booking_location", OFFICES)
    await ActionAskBookingLocation().run(dispatcher, tracker, domain)
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["elkridge-md", "hagerstown-md"]
    first_ask = form_tracker("booking_form", "me@maryland.org", "nlu_fallback", "booking_email", [])
    await ActionAskBookingLocation().run(dispatcher, first_ask, domain)
    assert len(dispatcher.messages[-1]["buttons"]) == len(OFFICES)  # asked the first time: every office


async def test_typing_the_cancel_buttons_number_cancels_the_request(dispatcher, domain):
    confirm = [{"title": "Confirm and send", "payload": "/affirm"}, {"title": "Change something", "payload": "/deny"},
               {"title": "Cancel", "payload": "/stop"}]
    events = await ValidateBookingForm().run(
        dispatcher, form_tracker("booking_form", "3", "choose", "booking_confirmed", confirm), domain)
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"} == {
        "booking_confirmed": False, "requested_slot": None}
    assert dispatcher.messages[0]["response"] == "utter_booking_cancelled"


@pytest.mark.parametrize("buttons, text, intent, expected", [
    (YES_NO, "1", "choose", "yes"), (YES_NO, "the second one", "choose", "no"), (YES_NO, "3", "choose", "unsure"),
    (CHECKLIST, "none of these", "nlu_fallback", "no"), (CHECKLIST, "one or more", "faq", "yes"),
    (CHECKLIST, "3", "choose", "unsure"), (YES_NO, "maybe later", "deny", None), (YES_NO, "cool", "affirm", None),
])
async def test_typed_answers_to_quiz_buttons(buttons, text, intent, expected):
    tracker = form_tracker("pain_quiz_form", text, intent, "quiz_item", buttons)
    assert Turn.of(tracker, "pain_quiz_form").yes_no == expected


async def test_a_typed_checklist_answer_is_not_taken_for_a_question(dispatcher, domain):
    tracker = form_tracker("pain_quiz_form", "none of these", "faq", "quiz_item", CHECKLIST,
                           slots={"quiz_pending_item": "screen_checklist", "quiz_answers": {}, "quiz_asked": []})
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert events, "answered, not left to the FAQ rule"



async def test_the_last_one_picks_the_last_button_not_the_last_question(dispatcher, domain):
    """The classifier may read "the last one" as go_back; on a question with buttons it is a pick."""
    slots = {"quiz_pending_item": "pregnancy_related", "quiz_answers": {"screen_checklist": False},
             "quiz_asked": ["screen_checklist"]}
    tracker = form_tracker("pain_quiz_form", "the last one", "go_back", "quiz_item", YES_NO, slots=slots)
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    asked = next(e["value"] for e in events if e.get("name") == "quiz_asked")
    assert "pregnancy_related" in asked and "screen_checklist" in asked  # skipped, nothing taken back
    going_back = form_tracker("pain_quiz_form", "go back", "go_back", "quiz_item", YES_NO, slots=slots)
    events = await ValidatePainQuizForm().run(dispatcher, going_back, domain)
    assert next(e["value"] for e in events if e.get("name") == "quiz_pending_item") == "screen_checklist"
