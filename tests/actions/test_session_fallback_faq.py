from actions.faq import ActionAnswerFaq
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


async def test_insurance_questions_are_answered_from_clinic_yml(dispatcher, domain):
    selector = {"faq": {"response": {"utter_action": "utter_faq/insurance", "confidence": 0.97}}}
    tracker = make_tracker(text="do you take medicare?", intent="faq", response_selector=selector)
    assert await ActionAnswerFaq().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages[0]["response"] == "utter_payment_answer"
    assert dispatcher.messages[0]["payment_answer"] == clinic().payment["medicare"]


async def test_a_sure_answer_on_another_topic_wins_over_insurance_words(dispatcher, domain):
    selector = {"faq": {"response": {"utter_action": "utter_faq/pain_diary", "confidence": 0.9}}}
    tracker = make_tracker(text="can a diary help my insurance claim?", intent="faq", response_selector=selector)
    await ActionAnswerFaq().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_faq/pain_diary"
