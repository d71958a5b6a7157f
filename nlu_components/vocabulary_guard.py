"""Sends messages with no word the assistant was trained on to the fallback.

DIET with character n-grams gives confident intents to gibberish ("flurble wurble gronk" came
out as describe_symptoms at 0.75) and to bare numbers or names. This component, placed after
DIET and before the FallbackClassifier, sets the intent confidence to 0 when none of the
message's words occurs in the training data, so the FallbackClassifier answers
``nlu_fallback``. Forms still read such messages as answers (a phone number, "44", a name):
their validation actions parse the text, not the intent. The RedFlagGuard runs after the
fallback and still overrides it for red flags.

Typed commands ("/affirm", button payloads) never reach the pipeline. Never logs message text.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

WORD = re.compile(r"[^\W\d_]{2,}")


def words_of(text: Any) -> List[str]:
    return WORD.findall(text.lower()) if isinstance(text, str) else []


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class VocabularyGuard(GraphComponent):
    """Zero intent confidence for messages made only of words never seen in training."""

    FILE = "vocabulary.json"

    def __init__(self, model_storage: ModelStorage, resource: Resource, vocabulary: Optional[Set[str]] = None):
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or set()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "VocabularyGuard":
        return cls(model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "VocabularyGuard":
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = set(json.loads((directory / cls.FILE).read_text()))
        except (ValueError, FileNotFoundError):
            vocabulary = set()
        return cls(model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary: Set[str] = set()
        for example in training_data.training_examples:
            vocabulary.update(words_of(example.get(TEXT)))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(json.dumps(sorted(vocabulary)))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.vocabulary:
            return messages  # an untrained guard must never hide every intent
        for message in messages:
            intent = message.get(INTENT)
            if not intent or not intent.get("name"):
                continue
            if any(word in self.vocabulary for word in words_of(message.get(TEXT))):
                continue
            intent[PREDICTED_CONFIDENCE_KEY] = 0.0
            ranking = message.get(INTENT_RANKING_KEY) or []
            for entry in ranking:
                entry[PREDICTED_CONFIDENCE_KEY] = 0.0
            logger.debug("VocabularyGuard: no known word, intent confidence set to 0")
        return messages
