"""The quiz form's actions against the real catalogue, planner and scoring engine."""
import pytest

from actions.quiz import ActionAskQuizItem, ActionQuizResult, ActionQuizStart, ValidatePainQuizForm
from clinic_core.catalogue import load_catalogue
from clinic_core.quiz_plan import next_item
from clinic_core.scoring import score
from tests.actions.conftest import form_turn_events, make_tracker, said, symptom

FORM = "pain_quiz_form"


def quiz_turn(text, intent, entities=None, slots=None, kind="fresh"):
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    events = form_turn_events(text, parse, FORM)
    base = {"requested_slot": "quiz_item", "quiz_answers": {}, "quiz_asked": []}
    base.update(slots or {})
    return make_tracker(text=text, intent=intent, entities=entities, slots=base, events=events,
                        active_loop=None if kind == "activation" else FORM)


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_a_description_prefills_every_item_it_mentions(dispatcher, domain):
    tracker = quiz_turn("it hurts to sit, no groin pain", "describe_symptoms",
                        entities=[symptom("pain_sitting"), symptom("groin_pain", False)], kind="activation")
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"] == {"pain_sitting": True, "groin_pain": False}
    assert slots["quiz_item"] is None  # more to ask
    noted = said(dispatcher.messages[0], domain)
    assert noted.startswith("Thanks. From what you wrote I noted: ")
    assert "Pain when sitting in a chair: yes" in noted and "Groin pain: no" in noted


async def test_yes_answers_the_pending_question(dispatcher, domain):
    tracker = quiz_turn("yes", "affirm", slots={"quiz_pending_item": "groin_pain"})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"] == {"groin_pain": True}
    assert slots["quiz_asked"] == ["groin_pain"]
    assert slots["quiz_pending_item"] == next_item({"groin_pain": True}, ["groin_pain"]) != "groin_pain"


async def test_a_free_text_answer_fills_the_pending_and_other_items(dispatcher, domain):
    tracker = quiz_turn("yes and it hurts getting out of the car too", "describe_symptoms",
                        entities=[symptom("pain_rising_from_sitting")],
                        slots={"quiz_pending_item": "pain_sitting"})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"]["pain_rising_from_sitting"] is True


async def test_not_sure_and_skip_leave_the_item_unknown_and_not_asked_again(dispatcher, domain):
    for intent in ("not_sure", "skip"):
        tracker = quiz_turn(intent, intent, slots={"quiz_pending_item": "groin_pain"})
        slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
        assert "groin_pain" not in slots["quiz_answers"]
        assert slots["quiz_asked"] == ["groin_pain"]
        assert next_item(slots["quiz_answers"], slots["quiz_asked"]) != "groin_pain"


async def test_go_back_reopens_the_last_answer(dispatcher, domain):
    tracker = quiz_turn("go back", "go_back", slots={
        "quiz_pending_item": "pain_sitting", "quiz_answers": {"groin_pain": True}, "quiz_asked": ["groin_pain"]})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"] == {}
    assert slots["quiz_asked"] == []
    assert slots["quiz_pending_item"] == "groin_pain"


async def test_a_correction_changes_an_earlier_answer(dispatcher, domain):
    tracker = quiz_turn("actually sitting doesn't hurt", "describe_symptoms",
                        entities=[symptom("pain_sitting", False)],
                        slots={"quiz_pending_item": "groin_pain", "quiz_answers": {"pain_sitting": True},
                               "quiz_asked": ["pain_sitting"]})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"]["pain_sitting"] is False
    assert slots["quiz_pending_item"] == "groin_pain"  # the pending question is still open


async def test_gibberish_and_typed_entities_set_nothing(dispatcher, domain):
    for text, intent, entities in [
        ("asdkjh qwe", "nlu_fallback", []),
        ("", "nlu_fallback", []),
        ('/describe_symptoms{"symptom": "groin_pain"}', "describe_symptoms",
         [{"entity": "symptom", "value": "groin_pain", "role": "present"}]),  # no extractor: typed
    ]:
        tracker = quiz_turn(text, intent, entities=entities, slots={"quiz_pending_item": "groin_pain"})
        events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
        assert slot_events(events) == {"quiz_item": None, "quiz_pending_item": "groin_pain",
                                       "requested_slot": "quiz_pending_item"}
        # the same question again, right after saying the answer was not understood
        assert [m["response"] for m in dispatcher.messages[-2:]] == ["utter_quiz_answer_unclear", "utter_quiz_question"]
        assert dispatcher.messages[-1]["custom"]["item"] == "groin_pain"


async def test_numbers_answer_number_questions(dispatcher, domain):
    tracker = quiz_turn("I'm 52", "inform", slots={"quiz_pending_item": "age"})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"]["age"] == 52.0


async def test_interruptions_are_left_to_the_rules(dispatcher, domain):
    for intent in ("faq", "red_flag_emergency", "request_appointment", "stop"):
        tracker = quiz_turn("?", intent, slots={"quiz_pending_item": "groin_pain"})
        assert await ValidatePainQuizForm().run(dispatcher, tracker, domain) == []


async def test_ask_sends_the_question_with_its_payload(dispatcher, domain):
    tracker = make_tracker(slots={"quiz_answers": {}, "quiz_asked": []})
    events = await ActionAskQuizItem().run(dispatcher, tracker, domain)
    first = next_item({}, [])
    assert slot_events(events) == {"quiz_pending_item": first}
    message = dispatcher.messages[0]
    assert message["custom"] == {"type": "quiz_question", "item": first}
    assert said(message, domain) == said(message, domain, "twilio") == load_catalogue().item(first).question
    # the first question is the safety checklist: one question for the five signs
    assert first == "screen_checklist"
    assert [b["title"] for b in message["buttons"]] == ["None of these", "Yes, one or more", "Not sure"]


async def test_a_yes_no_question_has_yes_no_not_sure_and_skip(dispatcher, domain):
    tracker = make_tracker(slots={"quiz_answers": {"screen_checklist": False}, "quiz_asked": ["screen_checklist"],
                                  "quiz_pending_item": "groin_pain"})
    await ActionAskQuizItem().run(dispatcher, tracker, domain)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Yes", "No", "Not sure", "Skip"]


async def test_start_resets_after_a_finished_quiz_but_resumes_an_open_one(dispatcher, domain):
    finished = make_tracker(text="take the quiz", intent="start_quiz",
                            slots={"quiz_item": "done", "quiz_answers": {"groin_pain": True}})
    assert slot_events(await ActionQuizStart().run(dispatcher, finished, domain))["quiz_answers"] == {}
    open_quiz = make_tracker(text="take the quiz", intent="start_quiz",
                             slots={"quiz_item": None, "quiz_answers": {"groin_pain": True}, "quiz_asked": ["groin_pain"]})
    slots = slot_events(await ActionQuizStart().run(dispatcher, open_quiz, domain))
    assert "quiz_answers" not in slots
    assert dispatcher.messages[-1]["response"] == "utter_quiz_resume"


async def test_result_carries_the_payload_and_never_diagnoses(dispatcher, domain):
    answers = {"one_finger_psis": True, "groin_pain": True, "pain_sitting": True, "duration_months": 8, "age": 45}
    tracker = make_tracker(slots={"quiz_answers": answers})
    events = await ActionQuizResult().run(dispatcher, tracker, domain)
    payload = dispatcher.messages[0]["custom"]
    assert payload["type"] == "quiz_result" and payload["route"] == "si_likely"
    assert set(payload["answers"]) == set(load_catalogue().ids)
    assert payload["answers"]["groin_pain"] is True and payload["answers"]["lateral_hip_pain"] is None
    text = said(dispatcher.messages[0], domain)
    assert text == score(answers).text()  # the web wording as before the response held it
    assert "not a diagnosis" in text.lower() and "you have si joint" not in text.lower()
    sms = said(dispatcher.messages[0], domain, "twilio")
    assert "not a diagnosis" in sms.lower() and "\n- " not in sms  # no markdown list over SMS
    assert dispatcher.messages[1]["response"] == "utter_offer_appointment"
    assert slot_events(events)["quiz_result"]["route"] == "si_likely"


def alert_event(level, reasons, response):
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response},
            "data": {"custom": {"type": "triage_alert", "level": level, "reasons": reasons}}}


LONG_CARE = {"one_finger_psis": True, "groin_pain": True, "pain_sitting": True, "tried_physical_therapy": True,
             "conservative_care_months": 12, "duration_months": 24, "age": 50}


async def test_an_urgent_alert_earlier_is_said_again_first_and_the_steps_drop_care_and_fusion(dispatcher, domain):
    events = [alert_event("urgent", ["fever_with_back_pain"], "utter_alert_fever_with_back_pain"),
              {"event": "user", "text": "yes"}]
    tracker = make_tracker(slots={"quiz_answers": LONG_CARE, "triage_level": "urgent",
                                  "triage_reasons": ["fever_with_back_pain"]}, events=events)
    events = await ActionQuizResult().run(dispatcher, tracker, domain)
    alert, result = dispatcher.messages[0], dispatcher.messages[1]
    assert alert["response"] == "utter_alert_fever_with_back_pain"
    assert alert["custom"] == {"type": "triage_alert", "level": "urgent", "reasons": ["fever_with_back_pain"]}
    payload = result["custom"]
    assert payload["route"] == "si_likely"
    steps = " ".join(payload["next_steps"]).lower()
    assert "fusion" not in steps and "simple care" not in steps and "safety message above" in steps
    assert slot_events(events)["quiz_result"]["route"] == "si_likely"


async def test_without_an_alert_the_same_answers_mention_fusion(dispatcher, domain):
    await ActionQuizResult().run(dispatcher, make_tracker(slots={"quiz_answers": LONG_CARE}), domain)
    assert dispatcher.messages[0]["custom"]["type"] == "quiz_result"
    assert any("fusion" in step for step in dispatcher.messages[0]["custom"]["next_steps"])


async def test_after_an_emergency_the_emergency_alert_is_repeated_the_most_serious_first(dispatcher, domain):
    events = [alert_event("emergency", ["saddle_numbness"], "utter_alert_saddle_numbness"),
              alert_event("urgent", ["fever_with_back_pain"], "utter_alert_fever_with_back_pain"),
              {"event": "user", "text": "take the quiz"}]
    tracker = make_tracker(slots={"quiz_answers": {"groin_pain": True}, "triage_level": "emergency"}, events=events)
    await ActionQuizResult().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_alert_saddle_numbness"
    assert dispatcher.messages[1]["custom"]["type"] == "quiz_result"


async def test_an_emergency_said_in_this_turn_gets_no_result_and_no_second_copy(dispatcher, domain):
    events = [{"event": "user", "text": "yes"}, alert_event("emergency", ["fever_with_new_weakness"],
                                                              "utter_alert_fever_with_new_weakness")]
    tracker = make_tracker(slots={"quiz_answers": {"groin_pain": True}, "triage_level": "emergency"}, events=events)
    assert await ActionQuizResult().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages == []


async def test_an_urgent_alert_said_in_this_turn_is_not_said_twice_and_still_shapes_the_result(dispatcher, domain):
    events = [{"event": "user", "text": "yes"},
              alert_event("urgent", ["fever_with_back_pain"], "utter_alert_fever_with_back_pain")]
    tracker = make_tracker(slots={"quiz_answers": LONG_CARE, "triage_level": "urgent",
                                  "triage_reasons": ["fever_with_back_pain"]}, events=events)
    await ActionQuizResult().run(dispatcher, tracker, domain)
    assert [m["custom"]["type"] for m in dispatcher.messages if m.get("custom")] == ["quiz_result"]
    assert not any("fusion" in step for step in dispatcher.messages[0]["custom"]["next_steps"])


async def test_an_alert_known_only_from_the_slots_is_said_by_its_level(dispatcher, domain):
    tracker = make_tracker(slots={"quiz_answers": {}, "triage_level": "urgent", "triage_reasons": ["not_a_flag"]})
    await ActionQuizResult().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_alert_urgent"


async def test_the_result_text_says_which_way_each_answer_went(dispatcher, domain):
    answers = {"one_finger_psis": False, "groin_pain": False, "pain_below_knee": True, "leg_tingling_numbness": True}
    await ActionQuizResult().run(dispatcher, make_tracker(slots={"quiz_answers": answers}), domain)
    text, payload = said(dispatcher.messages[0], domain), dispatcher.messages[0]["custom"]
    assert payload["other_pattern"] == "nerve_root" and payload["pathway"] is None
    assert "a pinched or irritated nerve" in text and "You said no: groin pain." in text
    assert "You said yes: pain below the knee." in text and "rough estimate of" in text


@pytest.mark.parametrize("text, entities, expected", [
    ("PT and a shot", [symptom("tried_physical_therapy"), symptom("tried_injections")],
     ["tried_physical_therapy", "tried_injections"]),
    ("physio and pills but no injections",
     [symptom("tried_physical_therapy"), symptom("tried_medication"), symptom("tried_injections", False)],
     ["tried_physical_therapy", "tried_medication"]),
    ("none yet", [symptom("treatment_history", False)], False),
])
async def test_a_typed_list_answers_the_treatment_question(dispatcher, domain, text, entities, expected):
    tracker = quiz_turn(text, "describe_symptoms", entities=entities,
                        slots={"quiz_pending_item": "treatment_history"})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"]["treatment_history"] == expected
    assert slots["quiz_asked"] == ["treatment_history"] and slots["quiz_pending_item"] != "treatment_history"


async def test_items_named_absent_close_a_checklist_without_guessing_the_rest(dispatcher, domain):
    tracker = quiz_turn("no pins and needles", "describe_symptoms", entities=[symptom("leg_tingling_numbness", False)],
                        slots={"quiz_pending_item": "leg_checklist"})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"] == {"leg_tingling_numbness": False}
    assert slots["quiz_asked"] == ["leg_checklist"]


async def test_a_list_that_looks_like_an_faq_still_answers_the_checklist(dispatcher, domain):
    tracker = quiz_turn("psoriasis and crohns", "faq", entities=[symptom("psoriasis"), symptom("inflammatory_bowel_disease")],
                        slots={"quiz_pending_item": "spa_checklist"})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    assert slots["quiz_answers"]["spa_checklist"] == ["psoriasis", "inflammatory_bowel_disease"]


async def test_the_treatment_question_offers_each_treatment_as_a_button(dispatcher, domain):
    tracker = make_tracker(slots={"quiz_answers": {}, "quiz_asked": [], "quiz_pending_item": "treatment_history"})
    await ActionAskQuizItem().run(dispatcher, tracker, domain)
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["title"] for b in buttons] == ["Physical therapy", "Pain medicine", "Shots (injections)",
                                             "Chiropractor", "Nerve heat treatment (RFA)", "None yet", "Not sure"]
    assert buttons[0]["payload"] == "Physical therapy"  # read as words, never a typed /intent{...}


# One action call per answer (issue 16): the validation asks the next question itself.

def _questions(dispatcher):
    return [m["custom"]["item"] for m in dispatcher.messages if (m.get("custom") or {}).get("type") == "quiz_question"]


async def test_an_answer_is_recorded_and_the_next_question_asked_in_the_same_call(dispatcher, domain):
    tracker = quiz_turn("no", "deny", slots={"quiz_pending_item": "groin_pain"})
    slots = slot_events(await ValidatePainQuizForm().run(dispatcher, tracker, domain))
    following = next_item({"groin_pain": False}, ["groin_pain"])
    assert _questions(dispatcher) == [following] and slots["quiz_pending_item"] == following
    # the question the patient now answers has no ask action, so Rasa asks nothing more
    assert slots["requested_slot"] == "quiz_pending_item" and slots["quiz_item"] is None
    assert "action_ask_quiz_pending_item" not in domain["actions"] and "utter_ask_quiz_pending_item" not in domain["responses"]


async def test_the_question_follows_what_the_description_noted(dispatcher, domain):
    tracker = quiz_turn("it hurts to sit", "describe_symptoms", entities=[symptom("pain_sitting")], kind="activation")
    await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_quiz_noted", "utter_quiz_question"]
    assert _questions(dispatcher) == [next_item({"pain_sitting": True}, [])]


async def test_back_from_an_interruption_the_pending_question_is_asked_again(dispatcher, domain):
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": "what is the SI joint?", "parse_data": {"intent": {"name": "faq"}}},
              {"event": "action", "name": "action_answer_faq"}, {"event": "bot", "text": "It is..."},
              {"event": "action", "name": FORM}]
    tracker = make_tracker(text="what is the SI joint?", intent="faq", events=events, active_loop=FORM,
                           slots={"quiz_pending_item": "groin_pain", "quiz_answers": {}, "quiz_asked": []})
    events = await ValidatePainQuizForm().run(dispatcher, tracker, domain)
    assert _questions(dispatcher) == ["groin_pain"]
    assert slot_events(events) == {"quiz_pending_item": "groin_pain", "requested_slot": "quiz_pending_item"}


async def test_no_quiz_question_while_a_safety_question_is_open_or_after_the_last_answer(dispatcher, domain):
    open_check = quiz_turn("no", "deny", slots={"quiz_pending_item": "groin_pain", "safety_check_answer": None})
    assert "requested_slot" not in slot_events(ValidatePainQuizForm().ask_next(dispatcher, open_check, []))
    answers, asked = {}, []
    while (item_id := next_item(answers, asked)) is not None:  # every question answered "no" (or 50)
        asked.append(item_id)
        answers[item_id] = 50 if load_catalogue().item(item_id).answer_type == "number" else False
    finished = ValidatePainQuizForm._state_events(answers, asked, None)
    assert slot_events(finished)["quiz_item"] == "done"
    assert ValidatePainQuizForm().ask_next(dispatcher, quiz_turn("no", "deny"), finished) == []
    assert _questions(dispatcher) == []


async def test_an_emergency_ends_the_quiz_without_a_next_question(dispatcher, domain):
    ended = [{"event": "active_loop", "name": None}, {"event": "slot", "name": "requested_slot", "value": None}]
    tracker = quiz_turn("yes", "affirm", slots={"quiz_pending_item": "groin_pain"})
    assert ValidatePainQuizForm().ask_next(dispatcher, tracker, ended) == []
    assert _questions(dispatcher) == []


async def test_no_question_in_the_validation_rasa_runs_while_activating_the_form(dispatcher, domain):
    # Rasa validates twice when a form starts: first while activating it (nothing to read yet),
    # then reading the message. Only the second asks, after what the message told.
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": "it hurts to sit", "parse_data": {"intent": {"name": "describe_symptoms"}}},
              {"event": "action", "name": "action_quiz_start"},
              {"event": "active_loop", "name": FORM},
              {"event": "slot", "name": "requested_slot", "value": None},
              {"event": "action", "name": FORM}]
    tracker = make_tracker(text="it hurts to sit", intent="describe_symptoms", entities=[symptom("pain_sitting")],
                           events=events, active_loop=FORM, slots={"quiz_answers": {}, "quiz_asked": []})
    assert await ValidatePainQuizForm().run(dispatcher, tracker, domain) == []
    assert dispatcher.messages == []
