"""FAQ answers from the ResponseSelector, with an honest "I don't know" when it is unsure."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

# Below this the selected answer is more likely wrong than right; saying "I don't know" and
# recording the question for staff is better than a confident wrong answer.
MIN_ANSWER_CONFIDENCE = 0.5


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        message = tracker.latest_message or {}
        selector = (message.get("response_selector") or {}).get("faq") or {}
        response = selector.get("response") or {}
        key = response.get("utter_action")
        confidence = float(response.get("confidence") or 0.0)
        if key and confidence >= MIN_ANSWER_CONFIDENCE:
            dispatcher.utter_message(response=key)
            return []
        dispatcher.utter_message(response="utter_faq_unknown")
        return [SlotSet("unanswered_question", (message.get("text") or "")[:1000])]
