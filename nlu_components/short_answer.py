"""Short answers ("yup", "nooo", "not sure tbh", "skp") get their intent from the lexicon.

DIET has seen few of the ways people say yes, no, not sure or skip, and reads "not sure" as
"no". ``clinic_core.language.answers.short_answer`` is the one lexicon for these; when it
recognises the whole message, the intent becomes ``affirm`` / ``deny`` / ``not_sure`` / ``skip``
with confidence 1.0, placed first in the ranking. Runs after the FallbackClassifier (so a
known short answer overrides its fallback) and before the RedFlagGuard (which still has the
last word). Never logs message text.
"""
from __future__ import annotations

from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from clinic_core.language.answers import NO, SKIP, UNSURE, YES, short_answer

from nlu_components.rule_component import RuleIntentComponent

INTENT_FOR = {YES: "affirm", NO: "deny", UNSURE: "not_sure", SKIP: "skip"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ShortAnswerClassifier(RuleIntentComponent):
    def intent_for(self, text: str, message: Message) -> Optional[str]:
        label = short_answer(text)
        return INTENT_FOR[label] if label is not None else None
