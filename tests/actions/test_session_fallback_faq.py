from actions.faq import ActionAnswerFaq
from actions.fallback import ActionDefaultAskAffirmation, ActionDefaultFallback
from actions.session import ActionSessionStart
from clinic_core.clinic import clinic
from tests.actions.conftest import make_tracker


async def test_session_start_puts_clinic_facts_in_slots(dispatcher, domain):
    events = await ActionSessionStart().run(dispatcher, make_tracker(), domain)
    assert events[0]["event"] == "session_started"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["clinic_phone"] == clinic().phone
    assert slots["emergency_number"] == clinic().emergency_number
    assert all(loc.name in slots["clinic_locations"] for loc in clinic().locations)
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")


async def test_ask_affirmation_offers_the_best_known_intent(dispatcher, domain):
    tracker = make_tracker(text="quizz me", intent="nlu_fallback", intent_ranking=[
        {"name": "nlu_fallback", "confidence": 0.5}, {"name": "start_quiz", "confidence": 0.4}])
    assert await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain) == []
    message = dispatcher.messages[0]
    assert "take the pain quiz" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/start_quiz", "/out_of_scope"]


async def test_ask_affirmation_without_a_guess_asks_to_rephrase(dispatcher, domain):
    tracker = make_tracker(text="zzz", intent="nlu_fallback")
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_ask_rephrase"


async def test_default_fallback_gives_phone_and_records_the_question(dispatcher, domain):
    first = {"event": "user", "text": "do you validate parking?",
             "parse_data": {"intent": {"name": "nlu_fallback"}}}
    tracker = make_tracker(text="no", intent="out_of_scope", events=[
        first, {"event": "user", "text": "no", "parse_data": {"intent": {"name": "out_of_scope"}}}])
    events = await ActionDefaultFallback().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_default"
    assert {"event": "slot", "timestamp": None, "name": "unanswered_question",
            "value": "do you validate parking?"} in events
    assert events[-1]["event"] == "rewind"


async def test_faq_answers_with_the_selected_response(dispatcher, domain):
    selector = {"faq": {"response": {"utter_action": "utter_faq/rfa", "confidence": 0.93}}}
    tracker = make_tracker(text="what is rfa", intent="faq", response_selector=selector)
    assert await ActionAnswerFaq().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["response"] == "utter_faq/rfa"


async def test_faq_unsure_says_so_and_records_for_staff(dispatcher, domain):
    selector = {"faq": {"response": {"utter_action": "utter_faq/rfa", "confidence": 0.2}}}
    tracker = make_tracker(text="do you do acupuncture", intent="faq", response_selector=selector)
    events = await ActionAnswerFaq().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_faq_unknown"
    assert events[0]["name"] == "unanswered_question" and events[0]["value"] == "do you do acupuncture"


async def test_default_fallback_never_records_an_old_answer(dispatcher, domain):
    """A phone number typed into the booking form long ago is not "the unanswered question"."""
    def user(text, intent):
        return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}

    history = [user("410-555-0123", "nlu_fallback"), user("yes", "affirm"), user("thanks", "thank"),
               user("what?", "out_of_scope"), user("hmm", "out_of_scope")]
    tracker = make_tracker(text="hmm", intent="out_of_scope", events=history)
    events = await ActionDefaultFallback().run(dispatcher, tracker, domain)
    recorded = [e["value"] for e in events if e.get("name") == "unanswered_question"]
    assert recorded == ["hmm"]
