"""Short answers and replies get their intent from the lexicon, and so does picking an option.

DIET has seen few of the ways people say yes, no, not sure or skip, and reads "not sure" as
"no". ``clinic_core.language.answers`` is the one lexicon for these; when it recognises the
whole message, the intent becomes ``affirm`` / ``deny`` / ``not_sure`` / ``skip`` with
confidence 1.0, placed first in the ranking. Replies that answer no question get the intent
the dialogue rules send to the in-context reply: "not now" / "maybe later" -> ``deny``,
"thanks" -> ``thank``, "got it" -> ``affirm`` (the forms never read these as an answer, see
actions/turn.py). An option's number or ordinal ("2", "the first one", "option 3") becomes
``choose``: only the question it answers says what it means (actions/turn.py).

Runs after the FallbackClassifier (so a known short answer overrides its fallback) and before
the RedFlagGuard (which still has the last word). Never logs message text.
"""
from __future__ import annotations

from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from clinic_core.language.answers import ACKNOWLEDGE, DECLINE, NO, SKIP, THANKS, UNSURE, YES, reply_kind
from clinic_core.language.choices import option_number
from nlu_components.rule_component import RuleIntentComponent

INTENT_FOR = {YES: "affirm", NO: "deny", UNSURE: "not_sure", SKIP: "skip",
              DECLINE: "deny", THANKS: "thank", ACKNOWLEDGE: "affirm"}
CHOOSE = "choose"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ShortAnswerClassifier(RuleIntentComponent):
    def intent_for(self, text: str, message: Message) -> Optional[str]:
        if option_number(text) is not None:
            return CHOOSE
        label = reply_kind(text)
        return INTENT_FOR[label] if label is not None else None
