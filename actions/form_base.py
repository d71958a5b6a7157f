"""The validation base class every form uses (as financial-demo's CustomFormValidationAction).

It owns what all forms share: a pending safety question is answered before anything else,
and messages that belong to another part of the conversation (a red flag, an FAQ, "stop")
are left unvalidated so Rasa rejects the form for this turn and the rules answer them; the
form then resumes with its pending question.
"""
from __future__ import annotations

import abc
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from clinic_core.vocabulary import RED_FLAG_INTENTS

from actions import safety
from actions.turn import Turn

# Intents that rules answer while a form waits (data/rules/triage.yml, faq.yml, general.yml).
INTERRUPTING_INTENTS = {
    *RED_FLAG_INTENTS,
    "faq",
    "ask_medical_advice",
    "stop",
    "bot_challenge",
    "help",
    "out_of_scope",
    "goodbye",
}


class ClinicFormValidation(FormValidationAction, abc.ABC):
    interrupting_intents = frozenset(INTERRUPTING_INTENTS)

    def answers_pending(self, turn: Turn, tracker: Tracker) -> bool:
        """True when the message is a valid answer to the pending question whatever its intent.

        The intent classifier was never trained on names, phone numbers or "Tuesday mornings",
        so it labels them with whatever is nearest (often an FAQ). A message that the pending
        question's own parser accepts is an answer, not an interruption; red flags always win.
        """
        return False

    def is_interruption(self, turn: Turn, tracker: Tracker) -> bool:
        if turn.kind != "fresh" or turn.intent not in self.interrupting_intents:
            return False
        if turn.intent in RED_FLAG_INTENTS:
            return True
        # A typed pick of one of the pending question's buttons ("none of these", "the first
        # one") answers it, whatever the classifier made of the words; unless that button itself
        # leaves the form (typing "Cancel" is pressing Cancel).
        chosen = turn.chosen
        if chosen is not None and not turn.is_typed_command:
            return chosen["payload"].lstrip("/") in self.interrupting_intents
        return not self.answers_pending(turn, tracker)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        turn = Turn.of(tracker, self.form_name())
        if turn.kind == "starting":
            return []  # Rasa validates again at once, reading the message; that call answers
        if turn.kind == "returning":
            events: List[Dict[str, Any]] = []  # nothing new to read: the pending question again
        elif self.is_interruption(turn, tracker):
            return []  # nothing validated: Rasa rejects the form for this turn, the rules answer
        else:
            events = await self._validate(turn, dispatcher, tracker, domain)
        return events + self.ask_next(dispatcher, tracker, events)

    async def _validate(
        self, turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        if tracker.get_slot("requested_slot") == "safety_check_answer" and turn.kind == "fresh":
            events = safety.answer_check(dispatcher, tracker, turn, domain)
            if events is not None:
                return events
            dispatcher.utter_message(response="utter_safety_answer_first")
            return [safety.SlotSet("safety_check_answer", None)]
        return await self.validate_turn(turn, dispatcher, tracker, domain)

    def ask_next(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, events: List[Dict[str, Any]]
    ) -> List[Dict[str, Any]]:
        """Events of asking the form's next question in this same action call, or none: then Rasa
        asks it with the slot's own ask action (a second call to the action server)."""
        return []

    @abc.abstractmethod
    async def validate_turn(
        self, turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        """Events for this form's own slots from the user's message."""
