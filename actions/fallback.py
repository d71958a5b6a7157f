"""Messages the rules do not answer: short replies read in context, and a two-stage fallback
that counts right.

- ``action_reply_in_context`` answers short replies and typed button picks out of turn
  (actions/replies.py); the rules send it affirm, deny, not_sure, skip, choose and stop when no
  form is running.
- ``action_default_fallback`` is the NLU fallback (``nlu_fallback``) and the core fallback
  (config.yml). It too reads the message in context first; an insurance question or a confident
  FAQ answer is answered, never swallowed. Only then is it a misunderstanding: stage one asks
  "Did you mean ...?" (or to say it another way, offering the last question's buttons again);
  stage two, only when the assistant's turn just before was stage one, gives up honestly with
  the clinic's phone number and keeps the question for staff. The first misunderstanding of a
  conversation is always stage one, any understood turn starts the count again, and red flags
  never get here (their rules come first, and the RedFlagGuard decides their intent last).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import answer_if_sure
from actions.replies import DID_YOU_MEAN, reply_in_context
from actions.turn import AssistantTurn, Turn, assistant_turns, last_question

# What each intent means to a patient, for "Did you mean ...?".
INTENT_MEANINGS = {
    "start_quiz": "take the pain quiz",
    "describe_symptoms": "tell me about your pain",
    "faq": "ask a question about SI joint pain or its treatments",
    "ask_medical_advice": "ask about your medicines",
    "request_appointment": "request an appointment",
    "greet": "say hello",
    "goodbye": "end the chat",
    "help": "see what I can do",
    "bot_challenge": "ask if I'm a bot",
    "stop": "stop what we're doing",
    "restart": "start over",
}
# Below this a "Did you mean ...?" is a wild guess (the VocabularyGuard sets 0 for gibberish).
MIN_GUESS_CONFIDENCE = 0.1
GIVE_UP = "utter_default"


class ActionReplyInContext(Action):
    def name(self) -> str:
        return "action_reply_in_context"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        turns = assistant_turns(tracker)
        replied = reply_in_context(dispatcher, tracker, Turn.of(tracker, turns=turns), turns)
        if replied is None:
            replied = self.answer_otherwise(dispatcher, tracker)
        return replied if replied is not None else misunderstood(dispatcher, tracker, turns)

    def answer_otherwise(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
        """Another way to answer before calling the message a misunderstanding; None if none."""
        return None


class ActionDefaultFallback(ActionReplyInContext):
    def name(self) -> str:
        return "action_default_fallback"

    def answer_otherwise(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[str, Any]]]:
        return answer_if_sure(dispatcher, tracker)  # an FAQ or insurance question is never swallowed


def misunderstood(dispatcher: CollectingDispatcher, tracker: Tracker, turns: List[AssistantTurn]) -> List[Dict[str, Any]]:
    """Stage one, or stage two right after a stage one. The message is taken back
    (UserUtteranceReverted): the conversation goes on as if it had not been said."""
    if turns and turns[0].misunderstood and GIVE_UP not in turns[0].responses:
        dispatcher.utter_message(response=GIVE_UP)
        question = _first_unclear_message(tracker, turns)
        # After the rewind, so that taking the message back does not take the slot back too.
        return [UserUtteranceReverted(), SlotSet("unanswered_question", question[:1000])] if question else [
            UserUtteranceReverted()]
    guess = _guess(tracker)
    if guess is not None:
        dispatcher.utter_message(response=DID_YOU_MEAN, meaning=INTENT_MEANINGS[guess], buttons=[
            {"title": "Yes", "payload": f"/{guess}"},
            {"title": "No, something else", "payload": "/deny"},
        ])
    else:
        context = last_question(turns)
        dispatcher.utter_message(response="utter_ask_rephrase", buttons=context.buttons if context else [])
    return [UserUtteranceReverted()]


def _guess(tracker: Tracker) -> Optional[str]:
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    return next((i["name"] for i in ranking
                 if i.get("name") in INTENT_MEANINGS and float(i.get("confidence") or 0) >= MIN_GUESS_CONFIDENCE),
                None)


def _first_unclear_message(tracker: Tracker, turns: List[AssistantTurn]) -> str:
    """The message that started this run of misunderstandings (not the "no" to "Did you mean"):
    the one answered by the oldest misunderstood turn in a row."""
    first = (tracker.latest_message or {}).get("text") or ""
    for turn in turns:
        if not turn.misunderstood:
            break
        first = turn.answered or first
    return first
