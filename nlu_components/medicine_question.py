"""Medicine questions always become ``ask_medical_advice`` (a deferral to the clinician).

Thin adapter over ``clinic_core.language.medicines``. Placed after the FallbackClassifier and
before the RedFlagGuard, which keeps the last word. Never logs message text.
"""
from __future__ import annotations

from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from clinic_core.language.medicines import is_medicine_question

from nlu_components.rule_component import RuleIntentComponent, intent_name


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MedicineQuestionGuard(RuleIntentComponent):
    def intent_for(self, text: str, message: Message) -> Optional[str]:
        if (intent_name(message) or "").startswith("red_flag_"):
            return None
        return "ask_medical_advice" if is_medicine_question(text) else None
