"""The one way our rule components put an intent first."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message


def set_intent(message: Message, name: str) -> None:
    """Make ``name`` the intent with confidence 1.0, keeping the rest of the ranking below it."""
    chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)


def intent_name(message: Message):
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
