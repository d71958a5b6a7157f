"""Rasa adapter for red-flag triage (``clinic_core.triage``): the last word on ``red_flag_*`` intents.

Placed after DIETClassifier and FallbackClassifier. For every message:

- the rules (``triage.assess``) find an emergency / urgent / unclear red flag -> the intent becomes
  ``red_flag_emergency`` / ``red_flag_urgent`` / ``red_flag_check`` with confidence 1.0, first in
  ``intent_ranking``; whatever DIET or the fallback said is kept below it. An urgent alert that is
  followed by a question (a crisis: "are you safe right now?") goes as ``red_flag_check``, whose
  rules let the active form ask that question before anything else;
- the rules find nothing but DIET's top intent is a ``red_flag_*`` intent -> the intent is demoted
  to the best other intent in the ranking: red flags are decided by the rules (words, negation,
  person, time), never by the classifier's guess alone (issue 9: a plain back-pain sentence starts
  the quiz, whose safety screen asks the safety questions anyway);
- entities ``red_flag`` (value = flag id, one per reason) and ``risk_factor`` (value = risk factor
  id, one per factor said in this message) are added, extractor ``RedFlagGuard``.

Typed commands ("/affirm", button payloads) are left alone. Never raises on odd input; never logs
message text.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from clinic_core import triage
from clinic_core.language.answers import looks_like_command
from clinic_core.vocabulary import CHECK, LEVEL_INTENT, RED_FLAG_EXTRACTOR, RED_FLAG_INTENTS

from nlu_components.rule_component import RuleComponent, set_intent

logger = logging.getLogger(__name__)

EXTRACTOR = RED_FLAG_EXTRACTOR


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagGuard(RuleComponent):
    """Rule-based red-flag override of the intent (no training)."""

    def warm_up(self) -> None:
        triage.engine()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            try:
                self._process_one(message)
            except Exception as error:  # a bad message must never break the parse
                logger.debug("RedFlagGuard skipped a message (%s)", type(error).__name__)
        return messages

    # ------------------------------------------------------------------------------------------

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str) or not text.strip() or looks_like_command(text):
            return
        text = text[: self.max_chars]
        result = triage.assess(text)
        if result.level in LEVEL_INTENT:
            set_intent(message, LEVEL_INTENT[CHECK if result.follow_up_question else result.level])
            self._add_entities(message, result, len(text))
            logger.debug("RedFlagGuard: level %s, %d reasons", result.level, len(result.reasons))
            return
        if result.factors_found:
            self._add_entities(message, result, len(text))
        if self._model_top_intent(message) in RED_FLAG_INTENTS:
            self._demote(message)
            logger.debug("RedFlagGuard: demoted a red-flag intent the rules did not find")

    @staticmethod
    def _ranking(message: Message) -> List[Dict[Text, Any]]:
        ranking = message.get(INTENT_RANKING_KEY)
        if not isinstance(ranking, list):
            return []
        return [dict(r) for r in ranking if isinstance(r, dict) and r.get(INTENT_NAME_KEY)]

    def _model_top_intent(self, message: Message) -> Optional[str]:
        """DIET's own top intent (looking past the fallback classifier's ``nlu_fallback``)."""
        for entry in self._ranking(message):
            if entry[INTENT_NAME_KEY] != DEFAULT_NLU_FALLBACK_INTENT_NAME:
                return entry[INTENT_NAME_KEY]
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY) if isinstance(intent, dict) else None
        return name if name != DEFAULT_NLU_FALLBACK_INTENT_NAME else None

    def _demote(self, message: Message) -> None:
        ranking = self._ranking(message)
        others = [r for r in ranking if r[INTENT_NAME_KEY] not in RED_FLAG_INTENTS]
        flagged = [dict(r, **{PREDICTED_CONFIDENCE_KEY: 0.0}) for r in ranking if r[INTENT_NAME_KEY] in RED_FLAG_INTENTS]
        if others:
            best = dict(others[0])
        else:
            best = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
            others = [dict(best)]
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, others + flagged, add_to_output=True)

    @staticmethod
    def _add_entities(message: Message, result: "triage.TriageResult", length: int) -> None:
        entities: List[Dict[Text, Any]] = []

        def entity(kind: str, value: str) -> Dict[Text, Any]:
            start, end = result.span(value)
            start = max(0, min(int(start), length))
            end = max(start, min(int(end), length))
            return {"entity": kind, "value": value, "start": start, "end": end,
                    "confidence_entity": 1.0, "extractor": EXTRACTOR}

        for reason in result.reasons:
            entities.append(entity("red_flag", reason))
        for factor in sorted(result.factors_found):
            entities.append(entity("risk_factor", factor))
        if entities:
            existing = [e for e in (message.get(ENTITIES) or []) if e.get("extractor") != EXTRACTOR]
            message.set(ENTITIES, existing + entities, add_to_output=True)
