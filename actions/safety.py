"""Red-flag alerts and the yes/no safety question, shared by every action that can meet one.

The decisions live in ``clinic_core.triage``; this module only turns them into messages and
tracker events. Staff filter conversations on the ``triage_level`` / ``triage_reasons`` slot
events written here.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic_core import triage
from clinic_core.clinic import clinic
from clinic_core.quiz_plan import safety_screen_open
from clinic_core.vocabulary import EMERGENCY, LEVEL_ORDER, TRIAGE_ALERT, higher_level

from clinic_core.language.answers import NO, UNSURE, YES, partial_yes

from actions.turn import Turn

# Buttons of the quiz's yes/no questions (actions/quiz.py); the safety questions carry theirs in the
# domain responses (utter_check_*).
YES_NO_BUTTONS = [
    {"title": "Yes", "payload": "/affirm"},
    {"title": "No", "payload": "/deny"},
    {"title": "Not sure", "payload": "/not_sure"},
]


def now() -> datetime:
    """The moment that decides whether the clinic is open (tests replace it with a fixed clock)."""
    return datetime.now(timezone.utc)


def clinic_parameters() -> Dict[str, str]:
    """Values the alert responses template (also slots, set at session start; passed here so an
    alert never depends on the session having started). ``same_day_care`` knows the clinic's
    hours: out of hours it names urgent care or the emergency room, not "call us"."""
    facts = clinic()
    return {"emergency_number": facts.emergency_number or "911", "clinic_phone": facts.phone or "the clinic",
            "crisis_line": facts.crisis_line, "poison_help": facts.poison_help,
            "same_day_care": facts.same_day_advice(now())}


def utter_first(dispatcher: CollectingDispatcher, domain: Optional[Dict[str, Any]], names: Iterable[str],
                **kwargs: Any) -> None:
    """Send the first of ``names`` (most specific first) that the domain has as a response.

    Without the domain, the most specific: tests/unit/test_triage_wording.py checks that the
    domain has a response for every flag and check question of the triage table."""
    names = list(names)
    responses = (domain or {}).get("responses")
    chosen = next((n for n in names if n in responses), names[-1]) if responses else names[0]
    dispatcher.utter_message(response=chosen, **kwargs)


def known_factors(tracker: Tracker) -> frozenset:
    return frozenset(tracker.get_slot("risk_factors") or [])


def factor_events(tracker: Tracker, found: Iterable[str]) -> List[Dict[str, Any]]:
    merged = sorted(known_factors(tracker) | set(found))
    if merged == sorted(known_factors(tracker)):
        return []
    return [SlotSet("risk_factors", merged)]


def alert(
    dispatcher: CollectingDispatcher, tracker: Tracker, result: "triage.TriageResult", in_form: bool = False,
    domain: Optional[Dict[str, Any]] = None,
) -> List[Dict[str, Any]]:
    """Say the alert at once (the domain response named by ``triage.alert_responses``, with the
    ``triage_alert`` payload) and mark the conversation.

    From inside a form's validation (``in_form``) an emergency also ends that form. Outside a
    form, action_triage leaves that to the rules (action_deactivate_loop): Rasa's RulePolicy
    rejects an ordinary action that sets the active loop in some rules and not in others.
    """
    utter_first(dispatcher, domain, triage.alert_responses(result),
                json_message={"type": TRIAGE_ALERT, "level": result.level, "reasons": list(result.reasons)},
                **clinic_parameters())
    previous = tracker.get_slot("triage_level")
    level = higher_level(result.level, previous)
    reasons = sorted(set(tracker.get_slot("triage_reasons") or []) | set(result.reasons))
    events: List[Dict[str, Any]] = [SlotSet("triage_level", level), SlotSet("triage_reasons", reasons)]
    if in_form and result.level == EMERGENCY:
        events += [ActiveLoop(None), SlotSet("requested_slot", None)]
    return events


def pending_check(question_id: str) -> List[Dict[str, Any]]:
    """Leave a yes/no safety question for the active form (or safety_check_form) to ask next."""
    return [SlotSet("safety_check_question", question_id), SlotSet("safety_check_answer", None)]


ANSWER_NAMES = {YES: "yes", NO: "no", UNSURE: "not_sure"}  # turn answers -> triage answer names


def answer_check(
    dispatcher: CollectingDispatcher, tracker: Tracker, turn: Turn, domain: Dict[str, Any]
) -> Optional[List[Dict[str, Any]]]:
    """Resolve a pending yes/no safety question; None when the message is not an answer.

    What each answer means is the triage table's (a "no" to "are you safe right now?" is the
    alarm); "a little" is the question's alarm answer."""
    question_id = tracker.get_slot("safety_check_question")
    said = ANSWER_NAMES.get(turn.yes_no)
    if partial_yes(turn.text):
        said = triage.alarm_answer(question_id)
    if said is None:
        return None
    result = triage.answer_check(question_id, said, known_factors(tracker))
    events: List[Dict[str, Any]] = [SlotSet("safety_check_answer", said), SlotSet("safety_check_question", None)]
    if not result.is_alert:
        utter_first(dispatcher, domain, [f"utter_check_answered_{question_id}", "utter_check_answered"],
                    **clinic_parameters())
        return events
    return events + alert(dispatcher, tracker, result, in_form=True, domain=domain)


def screen_events(dispatcher: CollectingDispatcher, tracker: Tracker, answers: Dict[str, Any], asked: List[str],
                  unsure_item: Optional[str], domain: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    """The quiz's safety screen judged as a whole after an answer (``triage.screen_judgement``).

    Every "yes" is kept as a risk factor; an emergency is said at once (the quiz ends); same-day
    advice waits until the screen is complete, so that weakness and then a fever give one
    emergency alert rather than an urgent one first; an alert already given is not repeated."""
    unsure = [i for i in (tracker.get_slot("safety_screen_unsure") or []) if i in asked]
    if unsure_item and unsure_item not in unsure:
        unsure.append(unsure_item)
    result = triage.screen_judgement(answers, unsure, known_factors(tracker))
    events = factor_events(tracker, result.factors_found)
    if unsure_item:
        events.append(SlotSet("safety_screen_unsure", unsure))
    said_before = set(tracker.get_slot("triage_reasons") or [])
    new = LEVEL_ORDER[result.level] > LEVEL_ORDER[tracker.get_slot("triage_level")] or set(result.reasons) - said_before
    if not result.is_alert or not new:
        return events
    if result.level != EMERGENCY and safety_screen_open(answers, asked):
        return events
    return events + alert(dispatcher, tracker, result, in_form=True, domain=domain)
