"""What our rule-layer NLU components share: configuration, creation, and the one way they
put an intent first."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_core.language.answers import looks_like_command


def set_intent(message: Message, name: str) -> None:
    """Make ``name`` the intent with confidence 1.0, keeping the rest of the ranking below it."""
    chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = message.get(INTENT_RANKING_KEY)
    ranking = [dict(r) for r in (ranking if isinstance(ranking, list) else [])
               if isinstance(r, dict) and r.get(INTENT_NAME_KEY) and r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, dict(chosen), add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)


def intent_name(message: Message) -> Optional[str]:
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY)


class RuleComponent(GraphComponent):
    """A non-trainable rule layer that reads at most ``max_chars`` characters of a message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # A flag or a symptom at the end of a long story must still be read; beyond this, cut.
        return {"max_chars": 20000}

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **(config or {})}
        try:
            self.max_chars = max(1, int(self.config.get("max_chars") or 20000))
        except (TypeError, ValueError):
            self.max_chars = 20000
        self.warm_up()

    def warm_up(self) -> None:
        """Build expensive pipelines here, at model load, not on the first message."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RuleComponent":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


class RuleIntentComponent(RuleComponent):
    """May replace the intent of typed text (never of button payloads or /intent commands)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or looks_like_command(text):
                continue  # button payloads and typed /intent commands keep their intent
            name = self.intent_for(text, message)
            if name is not None:
                set_intent(message, name)
        return messages

    def intent_for(self, text: str, message: Message) -> Optional[str]:
        raise NotImplementedError
