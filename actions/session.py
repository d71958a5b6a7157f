"""Session start: put the clinic's facts into slots so every response can template them."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic_core.clinic import clinic


def clinic_slot_events() -> List[Dict[str, Any]]:
    return [SlotSet(name, value) for name, value in clinic().as_slots().items()]


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        return [SessionStarted(), *clinic_slot_events(), ActionExecuted("action_listen")]
