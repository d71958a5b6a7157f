"""Red-flag handling at any point in the conversation (rules send every red_flag_* intent here)."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinic_core import triage
from clinic_core.vocabulary import CHECK, EMERGENCY, INTENT_LEVEL, LEVEL_INTENT, LEVEL_ORDER

from actions import safety
from actions.form_base import ClinicFormValidation
from actions.turn import Turn


class ActionTriage(Action):
    def name(self) -> str:
        return "action_triage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        turn = Turn.of(tracker)
        assessed = triage.assess(turn.text, safety.known_factors(tracker))
        events = safety.factor_events(tracker, assessed.factors_found)
        # The NLU guard already decided the level; re-assessing with earlier risk factors can
        # only raise it (fever after "I inject drugs"), never lower it.
        level = INTENT_LEVEL.get(turn.intent or "", CHECK)
        if LEVEL_ORDER[assessed.level] >= LEVEL_ORDER[level]:
            result = assessed
        else:
            reasons = tuple(turn.entity_values("red_flag")) or ("reported_by_patient",)
            result = triage.TriageResult(level=level, reasons=reasons)
        if result.level == CHECK:
            question_id = assessed.check_question_id or triage.default_check_question()
            return events + safety.pending_check(question_id)
        # An emergency that only earlier risk factors reveal ("my leg gives way" after "I had
        # cancer") arrives under an urgent or unclear intent, whose rules resume the form; so
        # this action ends the form itself. For red_flag_emergency the rules end it.
        in_form = bool((tracker.active_loop or {}).get("name")) and turn.intent != LEVEL_INTENT[EMERGENCY]
        events += safety.alert(dispatcher, tracker, result, in_form=in_form, domain=domain)
        # "Are you safe right now?" after a crisis alert: the NLU guard sent it as red_flag_check,
        # whose rules let the form (or safety_check_form) ask it next, before any quiz or booking
        # question.
        if result.follow_up_question and turn.intent == LEVEL_INTENT[CHECK]:
            events += safety.pending_check(result.follow_up_question)
        return events


class ValidateSafetyCheckForm(ClinicFormValidation):
    def name(self) -> str:
        return "validate_safety_check_form"

    async def validate_turn(
        self, turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        return []


class ActionAskSafetyCheckAnswer(Action):
    def name(self) -> str:
        return "action_ask_safety_check_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        question_id = tracker.get_slot("safety_check_question") or triage.default_check_question()
        safety.utter_first(dispatcher, domain, triage.check_responses(question_id))
        return []
