"""Rasa adapter for the symptom rule layer (``clinic_core.language.symptoms``).

Appends, for every quiz item a message mentions:
- ``symptom``: value = item id, role = ``present`` | ``absent``;
- ``duration_months`` / ``age`` / ``conservative_care_months``: numeric value;
- ``side``: ``left`` | ``right`` | ``both``.
The extractor name is this class's name, ``SymptomExtractor``; actions trust only entities
with that extractor. A later mention of an item in the message wins (one entity per item).

Placed after the FallbackClassifier: when the rules find quiz items in a statement (not a
question) that got the fallback or a small-talk intent, the intent becomes
``describe_symptoms`` ("never seen a chiropractor or had physio" is a description even when
DIET is unsure). Red-flag intents are never changed here (the RedFlagGuard decides those).

Never raises on odd input and never logs message text.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic_core.language.answers import looks_like_command, looks_like_question
from clinic_core.language.symptoms import Findings, engine, extract_findings
from clinic_core.vocabulary import NUMBER_ITEMS

from nlu_components.rule_component import RuleComponent, intent_name, set_intent

logger = logging.getLogger(__name__)

# Intents that a statement naming quiz items cannot really be: the fallback, small talk, and
# describe_symptoms itself. FAQ and medicine questions are left alone: "SI joint pain in
# pregnancy" names a quiz item and is still a question about the clinic's topics.
PROMOTABLE_INTENTS = frozenset({
    "nlu_fallback", "describe_symptoms", "greet", "goodbye", "thank", "help", "bot_challenge",
    "out_of_scope", "go_back",
})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class SymptomExtractor(RuleComponent, EntityExtractorMixin):
    """Quiz items, side, duration and age from free text (rule layer, no training)."""

    def warm_up(self) -> None:
        engine()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            try:
                found = self.entities_for(message.get(TEXT))
                if found:
                    existing = list(message.get(ENTITIES) or [])
                    message.set(ENTITIES, existing + found, add_to_output=True)
                    if self._describes_symptoms(message, found):
                        set_intent(message, "describe_symptoms")
            except Exception as error:  # a bad message must never break the parse
                logger.debug("SymptomExtractor skipped a message (%s)", type(error).__name__)
        return messages

    @staticmethod
    def _describes_symptoms(message: Message, found: List[Dict[Text, Any]]) -> bool:
        intent = intent_name(message)
        if intent is not None and intent not in PROMOTABLE_INTENTS:
            return False
        if looks_like_question(message.get(TEXT) or ""):
            return False
        return any(e["entity"] != "side" for e in found)

    def entities_for(self, text: Any) -> List[Dict[Text, Any]]:
        """The entities for one text (empty for non-text and typed ``/intent`` commands)."""
        if not isinstance(text, str) or not text.strip() or looks_like_command(text):
            return []
        findings = extract_findings(text[: self.max_chars])
        entities = self.add_extractor_name(self._to_entities(findings, len(text)))
        logger.debug("SymptomExtractor found %d entities", len(entities))
        return entities

    @staticmethod
    def _to_entities(findings: Findings, length: int) -> List[Dict[Text, Any]]:
        entities: List[Dict[Text, Any]] = []
        for item, value in findings.items.items():
            mention = findings.evidence.get(item)
            start = max(0, min(mention.start if mention else 0, length))
            end = max(start, min(mention.end if mention else 0, length))
            if item in NUMBER_ITEMS:
                entity: Dict[Text, Any] = {"entity": item, "value": float(value)}
            else:
                entity = {"entity": "symptom", "value": item, "role": "present" if value else "absent"}
            entity.update(start=start, end=end, confidence_entity=1.0)
            entities.append(entity)
        if findings.side:
            mention = findings.side_mention
            start = max(0, min(mention.start if mention else 0, length))
            end = max(start, min(mention.end if mention else 0, length))
            entities.append({"entity": "side", "value": findings.side, "start": start, "end": end,
                             "confidence_entity": 1.0})
        entities.sort(key=lambda e: (e["start"], e["end"]))
        return entities
