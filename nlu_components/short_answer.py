"""Short answers ("yup", "nooo", "not sure tbh", "skp") get their intent from the lexicon.

DIET has seen few of the ways people say yes, no, not sure or skip, and reads "not sure" as
"no". ``clinic_core.language.answers.short_answer`` is the one lexicon for these; when it
recognises the whole message, the intent becomes ``affirm`` / ``deny`` / ``not_sure`` / ``skip``
with confidence 1.0, placed first in the ranking. Runs after the VocabularyGuard (so a known
short answer is never sent to the fallback) and before the RedFlagGuard (which still has the
last word). Never logs message text.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic_core.language.answers import NO, SKIP, UNSURE, YES, short_answer

from nlu_components.intents import set_intent

INTENT_FOR = {YES: "affirm", NO: "deny", UNSURE: "not_sure", SKIP: "skip"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ShortAnswerClassifier(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ShortAnswerClassifier":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or text.lstrip().startswith("/"):
                continue
            label = short_answer(text)
            if label is not None:
                set_intent(message, INTENT_FOR[label])
        return messages
