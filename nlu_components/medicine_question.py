"""Medicine questions always become ``ask_medical_advice`` (a deferral to the clinician), and
only they do.

Thin adapter over ``clinic_core.language.medicines`` and ``.payment``:
- a question about taking, stopping or dosing a named medicine -> ``ask_medical_advice``;
- ``ask_medical_advice`` from DIET for a message that names no medicine and no dose ("do you
  take Medicare?") -> ``faq`` when it asks about insurance or payment or the FAQ selector is
  sure of an answer, else ``nlu_fallback`` (the fallback asks what was meant);
- an insurance or payment question DIET could not place (fallback, small talk) -> ``faq``
  (actions/faq.py answers it from clinic.yml).
Placed after the FallbackClassifier and before the RedFlagGuard, which keeps the last word.
Never logs message text.
"""
from __future__ import annotations

from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from clinic_core.clinic import clinic
from clinic_core.language.medicines import is_medicine_question, names_medicine_or_dose
from clinic_core.language.payment import payment_topic
from nlu_components.rule_component import RuleIntentComponent, intent_name

MEDICINE = "ask_medical_advice"
# Intents an insurance or payment question is mistaken for; any other (describe_symptoms,
# request_appointment, a red flag) is left alone.
PAYMENT_MISTAKEN_FOR = frozenset({
    MEDICINE, DEFAULT_NLU_FALLBACK_INTENT_NAME, "out_of_scope", "bot_challenge", "help", "greet",
    "goodbye", "thank", "start_quiz",
})
SURE_FAQ = 0.8  # the FAQ selector's confidence that makes a demoted medicine question an FAQ


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MedicineQuestionGuard(RuleIntentComponent):
    def intent_for(self, text: str, message: Message) -> Optional[str]:
        intent = intent_name(message) or ""
        if intent.startswith("red_flag_"):
            return None
        if is_medicine_question(text):
            return MEDICINE
        about_payment = payment_topic(text, clinic().payment) is not None
        if about_payment and intent in PAYMENT_MISTAKEN_FOR:
            return "faq"
        if intent == MEDICINE and not names_medicine_or_dose(text):
            return "faq" if _faq_confidence(message) >= SURE_FAQ else DEFAULT_NLU_FALLBACK_INTENT_NAME
        return None


def _faq_confidence(message: Message) -> float:
    response = ((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    return float(response.get("confidence") or 0.0)
