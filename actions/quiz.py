"""The pain quiz: a Rasa form whose questions come from the evidence catalogue.

The form has one required slot, ``quiz_item``: None while a question is pending, "done" when
the planner in ``clinic_core.quiz_plan`` has nothing left worth asking. Every user message in
the quiz may answer the pending question and also fill any other item it mentions. A checklist
(other than the safety screen) is also answered by naming its items: "PT and a shot" to the
treatment question is exactly those two ("physio and pills but no injections" likewise).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinic_core import triage
from clinic_core.catalogue import Item, load_catalogue
from clinic_core.language.answers import NO, SKIP, UNSURE, YES, looks_like_question, partial_yes
from clinic_core.vocabulary import ALERT_LEVELS, LEVEL_ORDER, NUMBER_ITEMS, TRIAGE_ALERT
from clinic_core.quiz_plan import SAFETY_CHECKLIST, next_item  # the screen: words or buttons only
from clinic_core.scoring import score

from actions import safety
from actions.form_base import ClinicFormValidation
from actions.turn import Turn, latest_user_index

DONE = "done"
NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)(?!\d|\.\d)")


def quiz_state(tracker: Tracker) -> tuple:
    return _state_of(tracker.slots)


def _state_of(slots: Dict[str, Any]) -> tuple:
    return dict(slots.get("quiz_answers") or {}), list(slots.get("quiz_asked") or []), slots.get("quiz_pending_item")


def mentioned_items(turn: Turn) -> Dict[str, Any]:
    """Every quiz item the message mentions, from the rule layer's trusted entities."""
    found: Dict[str, Any] = {}
    for entity in turn.entities:
        name, value = entity.get("entity"), entity.get("value")
        if name == "symptom":
            found[value] = entity.get("role") != "absent"
        elif name in NUMBER_ITEMS:
            found[name] = float(value)
    return found


def answer_for_pending(turn: Turn, item_id: str, mentioned: Dict[str, Any]) -> tuple:
    """(answered?, value) for the question that was asked; value None means "not sure"."""
    item = load_catalogue().item(item_id)
    said = turn.yes_no
    if turn.intent == "skip" or said in (UNSURE, SKIP):
        return True, None
    if item.answer_type == "number":
        if item_id in mentioned:
            return True, mentioned[item_id]
        months = mentioned.get("duration_months")
        if months is not None and item_id.endswith("months"):
            return True, months
        match = NUMBER.search(turn.text)
        # "pain for 3 years" while age is asked: the rule layer read that number as a duration.
        other_numbers = any(k in NUMBER_ITEMS for k in mentioned if k != item_id)
        if match and not turn.is_typed_command and not other_numbers:
            return True, float(match.group(1))
        return False, None
    if item_id in mentioned:
        return True, mentioned[item_id]
    if item.is_checklist and item_id != SAFETY_CHECKLIST:
        return checklist_answer(item, said, mentioned)
    if said in (YES, NO):
        return True, said == YES
    return False, None


def checklist_answer(item: Item, said: Optional[str], mentioned: Dict[str, Any]) -> tuple:
    """A checklist answered in words: the covered items named as present are the answer (a list:
    exactly those, the others "no"); all named absent is "none of these"; some named absent and
    nothing present answers the checklist as "not sure" (those items keep their "no")."""
    named = {i: v for i, v in mentioned.items() if i in item.covers}
    present = [i for i in item.covers if named.get(i) is True]
    if present:
        return True, present
    if said in (YES, NO):
        return True, said == YES
    if named:
        return True, (False if len(named) == len(item.covers) else None)
    return False, None


class ValidatePainQuizForm(ClinicFormValidation):
    # Asking for an appointment mid-quiz ends the quiz and starts the booking form.
    interrupting_intents = ClinicFormValidation.interrupting_intents | {"request_appointment"}

    def name(self) -> str:
        return "validate_pain_quiz_form"

    def answers_pending(self, turn: Turn, tracker: Tracker) -> bool:
        # "44" for age or "about a year" for duration can look like anything to the classifier.
        pending = tracker.get_slot("quiz_pending_item")
        if not pending or pending not in load_catalogue().items or looks_like_question(turn.text):
            return False
        item = load_catalogue().item(pending)
        mentioned = mentioned_items(turn)
        if item.is_checklist and any(i in item.covers for i in mentioned):
            return True  # "PT and a shot" may look like an FAQ to the classifier
        if item.answer_type != "number":
            return False
        answered, _ = answer_for_pending(turn, pending, mentioned)
        return answered

    async def validate_turn(
        self, turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        answers, asked, pending = quiz_state(tracker)
        events: List[Dict[str, Any]] = []
        catalogue = load_catalogue()

        # "the last one" may be classified go_back; a typed pick of a button answers (issue 17).
        if turn.kind == "fresh" and turn.intent == "go_back" and asked and turn.chosen is None:
            previous = asked.pop()
            answers.pop(previous, None)
            dispatcher.utter_message(response="utter_quiz_go_back")
            return self._state_events(answers, asked, previous)

        mentioned = {k: v for k, v in mentioned_items(turn).items() if k in catalogue.items}
        if pending and turn.kind == "fresh":
            answered, value = answer_for_pending(turn, pending, mentioned)
            if not answered and not mentioned:
                dispatcher.utter_message(response="utter_quiz_answer_unclear")
                return [SlotSet("quiz_item", None)]
            if answered:
                mentioned.pop(pending, None)
                events += self._record(dispatcher, tracker, turn, answers, asked, pending, value, domain)
                pending = None
                if any(e.get("name") == "active_loop" or e.get("event") == "active_loop" for e in events):
                    return events  # an emergency ended the quiz
        for item_id, value in mentioned.items():
            answers[item_id] = value
        if mentioned and turn.kind == "activation":
            dispatcher.utter_message(response="utter_quiz_noted", noted=_noted_text(mentioned))
        elif mentioned:
            dispatcher.utter_message(response="utter_quiz_notes_updated", noted=_noted_text(mentioned))
        if pending in answers or (pending in asked):
            pending = None
        return events + self._state_events(answers, asked, pending)

    def _record(self, dispatcher, tracker, turn, answers, asked, item_id, value, domain) -> List[Dict[str, Any]]:
        asked.append(item_id)
        if value is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = value
        if item_id not in triage.screen_judged_items():  # the safety screen, the age, a fall...
            return []
        # A safety question is asked once, so "a little" counts as yes, and "not sure" or a typed
        # "skip" is not left unknown: it gets same-day advice. Only the words (or the Not sure
        # button) count as unsure: the classifier's not_sure intent also fires on "I'm not
        # incontinent", which must not raise an alert.
        screen = load_catalogue().item(item_id).group == "safety_screen"
        if screen and partial_yes(turn.text):
            answers[item_id] = True
        unsure = screen and turn.said_in_words in (UNSURE, SKIP) and answers.get(item_id) is None
        events = safety.screen_events(dispatcher, tracker, answers, asked, item_id if unsure else None, domain)
        if any(e.get("event") == "active_loop" for e in events):  # an emergency ends the quiz now
            return self._state_events(answers, asked, None) + events
        return events

    def ask_next(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, events: List[Dict[str, Any]]
    ) -> List[Dict[str, Any]]:
        """The next quiz question, asked here when Rasa would ask it next (the form goes on, no
        safety question is open, no answer is left to record): one action call per answer
        instead of two (docs/benchmark.md). ``requested_slot`` then names quiz_pending_item,
        the question the patient answers, which has no ask action, so Rasa asks nothing more
        (rasa_sdk's documented dynamic requested slot)."""
        if any(e.get("event") == "active_loop" for e in events):
            return []  # an emergency ended the quiz
        slots = {**tracker.slots, **{e["name"]: e["value"] for e in events if e.get("event") == "slot"}}
        if slots.get("safety_check_answer") is None or slots.get("quiz_item") is not None:
            return []
        asked_now = ask_question(dispatcher, *_state_of(slots))
        if asked_now == [SlotSet("quiz_item", DONE)]:
            return asked_now  # nothing left to ask: Rasa ends the form
        return asked_now + [SlotSet("requested_slot", "quiz_pending_item")]

    @staticmethod
    def _state_events(answers: Dict[str, Any], asked: List[str], pending: Optional[str]) -> List[Dict[str, Any]]:
        finished = pending is None and next_item(answers, asked) is None
        return [
            SlotSet("quiz_answers", answers),
            SlotSet("quiz_asked", asked),
            SlotSet("quiz_pending_item", pending),
            SlotSet("quiz_item", DONE if finished else None),
        ]


def _noted_text(items: Dict[str, Any]) -> str:
    """ "Sitting makes it worse: yes; Age: 44." (the response around it says "Thanks ...")."""
    catalogue = load_catalogue()
    parts = []
    for item_id, value in items.items():
        label = catalogue.item(item_id).label
        if isinstance(value, bool):
            parts.append(f"{label}: {'yes' if value else 'no'}")
        else:
            parts.append(f"{label}: {value:g}")
    return "; ".join(parts) + "."


CHECKLIST_BUTTONS = [  # one question listing several signs (clinic_core catalogue answer type "checklist")
    {"title": "None of these", "payload": "/deny"},
    {"title": "Yes, one or more", "payload": "/affirm"},
    {"title": "Not sure", "payload": "/not_sure"},
]
NONE_YET, NOT_SURE = {"title": "None yet", "payload": "/deny"}, {"title": "Not sure", "payload": "/not_sure"}


def _buttons(item: Item) -> List[Dict[str, str]]:
    """Multiple choice: a button per choice; a checklist's three buttons; yes / no / not sure, and
    Skip except on a safety question (a safety question is never skipped)."""
    if item.multiple_choice:
        # Each choice's payload is its own words, read by the symptom lexicon like typed text (a
        # typed /intent{...} could not set an answer), so a tap and a typed list are one path.
        catalogue = load_catalogue()
        choices = [catalogue.item(i).choice for i in item.covers]
        return [{"title": c, "payload": c} for c in choices] + [NONE_YET, NOT_SURE]
    if item.is_checklist:
        return CHECKLIST_BUTTONS
    if item.answer_type != "yes_no":
        return []
    return safety.YES_NO_BUTTONS + ([] if item.group == "safety_screen" else [{"title": "Skip", "payload": "/skip"}])


class ActionAskQuizItem(Action):
    """Rasa's own way to ask quiz_item, for a form run whose validation did not ask it."""

    def name(self) -> str:
        return "action_ask_quiz_item"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        return ask_question(dispatcher, *quiz_state(tracker))


def ask_question(dispatcher: CollectingDispatcher, answers: Dict[str, Any], asked: List[str],
                 pending: Optional[str]) -> List[Dict[str, Any]]:
    """Ask the pending question, or the next one worth asking; "done" when there is none."""
    item_id = pending or next_item(answers, asked)
    if item_id is None:
        return [SlotSet("quiz_item", DONE)]
    item = load_catalogue().item(item_id)
    dispatcher.utter_message(
        response="utter_quiz_question",
        question=item.question,
        buttons=_buttons(item),
        json_message={"type": "quiz_question", "item": item_id},
    )
    return [SlotSet("quiz_pending_item", item_id)]


class ActionQuizStart(Action):
    """Starts, resumes or (after a finished quiz) restarts the quiz."""

    def name(self) -> str:
        return "action_quiz_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        answers, asked, _ = quiz_state(tracker)
        finished = tracker.get_slot("quiz_item") == DONE
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        events: List[Dict[str, Any]] = [SlotSet("quiz_item", None)]
        if finished and intent == "describe_symptoms":
            # A correction after the result ("actually sitting doesn't hurt"): keep the answers,
            # the form applies the change and scores again.
            return events
        if finished or not (answers or asked):
            events += [
                SlotSet("quiz_answers", {}),
                SlotSet("quiz_asked", []),
                SlotSet("quiz_pending_item", None),
                SlotSet("quiz_result", None),
            ]
            if intent != "describe_symptoms":
                dispatcher.utter_message(response="utter_quiz_intro")
            return events
        dispatcher.utter_message(response="utter_quiz_resume")
        return events


def _alerts_said(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The red-flag alerts among these events, in order: each one's custom payload and the name of
    the domain response that said it."""
    alerts = []
    for event in events:
        custom = ((event.get("data") or {}).get("custom") or {}) if event.get("event") == "bot" else {}
        if isinstance(custom, dict) and custom.get("type") == TRIAGE_ALERT and custom.get("level") in ALERT_LEVELS:
            alerts.append({"custom": custom, "response": (event.get("metadata") or {}).get("utter_action")})
    return alerts


def _most_serious(alerts: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The most serious of these alerts (the latest of equals)."""
    found: Optional[Dict[str, Any]] = None
    for alert in alerts:
        if found is None or LEVEL_ORDER[alert["custom"]["level"]] >= LEVEL_ORDER[found["custom"]["level"]]:
            found = alert
    return found


def repeat_alert(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> Optional[str]:
    """Say again the urgent or emergency alert raised earlier (by its domain response, as it was
    said; the wording belongs to the triage rules), before the quiz result. Returns its level."""
    level = tracker.get_slot("triage_level")
    earlier = _most_serious(_alerts_said(tracker.events))
    if earlier is None and level not in ALERT_LEVELS:
        return None
    if earlier is None:  # the alert's event is gone (an older session): the slots still say it
        earlier = {"custom": {"type": TRIAGE_ALERT, "level": level,
                              "reasons": list(tracker.get_slot("triage_reasons") or [])}, "response": None}
    custom = earlier["custom"]
    names = [earlier["response"]] if earlier["response"] else []
    names += triage.alert_responses(triage.TriageResult(level=custom["level"], reasons=tuple(custom["reasons"])))
    safety.utter_first(dispatcher, domain, names, json_message=custom, **safety.clinic_parameters())
    return custom["level"]


def _alert_level_this_turn(tracker: Tracker) -> Optional[str]:
    """The most serious alert said since the patient's latest message, if any."""
    events = list(tracker.events)
    since = latest_user_index(events)
    found = _most_serious(_alerts_said(events[since + 1:] if since < len(events) else events))
    return found["custom"]["level"] if found else None


class ActionQuizResult(Action):
    def name(self) -> str:
        return "action_quiz_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        said_now = _alert_level_this_turn(tracker)
        if said_now == "emergency":
            # The emergency said in this very turn ended the quiz: nothing may stand beside it,
            # no score and no second copy (the answers are kept for a later "take the quiz").
            return []
        # Urgent results lead with the urgent advice (said again unless it was just said), then
        # a result without simple care or fusion (issue 9).
        alert_level = tracker.get_slot("triage_level") if said_now else repeat_alert(dispatcher, tracker, domain)
        answers, _, _ = quiz_state(tracker)
        result = score(answers, alert_level=alert_level)
        payload = result.to_payload()
        dispatcher.utter_message(response="utter_quiz_result", json_message=payload, **result.text_parameters())
        dispatcher.utter_message(response="utter_offer_appointment")
        snapshot = {k: payload[k] for k in ("route", "probability", "band", "drivers", "other_pattern", "pathway")}
        return [SlotSet("quiz_result", snapshot)]
