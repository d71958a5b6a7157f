"""The names every part of the assistant shares, each spelled in one place.

Triage levels and their order, the intents that carry them, the names of the rule-layer
extractors that actions trust, the custom payload types, and the quiz item ids (read from the
evidence catalogue, their one source). Plain Python, no Rasa import.
"""
from __future__ import annotations

import functools
from typing import Dict, FrozenSet, Optional, Tuple

# ------------------------------------------------------------------------------- triage levels
EMERGENCY, URGENT, CHECK = "emergency", "urgent", "check"
NO_LEVEL = "none"  # how the evaluation sets and reports spell "no red flag"
ALERT_LEVELS = (EMERGENCY, URGENT)  # levels that send an alert (``check`` asks a question)
LEVEL_ORDER: Dict[Optional[str], int] = {None: 0, NO_LEVEL: 0, CHECK: 1, URGENT: 2, EMERGENCY: 3}


def higher_level(first: Optional[str], second: Optional[str]) -> Optional[str]:
    """The more serious of two levels (the first on a tie)."""
    return first if LEVEL_ORDER.get(first, 0) >= LEVEL_ORDER.get(second, 0) else second


# ------------------------------------------------------------------------------- intents
LEVEL_INTENT: Dict[str, str] = {EMERGENCY: "red_flag_emergency", URGENT: "red_flag_urgent", CHECK: "red_flag_check"}
INTENT_LEVEL: Dict[str, str] = {intent: level for level, intent in LEVEL_INTENT.items()}
RED_FLAG_INTENTS: FrozenSet[str] = frozenset(LEVEL_INTENT.values())

# ------------------------------------------------------------------------------- extractors
# Entities from any other extractor (a typed ``/intent{...}``) are never trusted by the actions.
SYMPTOM_EXTRACTOR = "SymptomExtractor"  # nlu_components/symptom_extractor.py (its class name)
RED_FLAG_EXTRACTOR = "RedFlagGuard"  # nlu_components/red_flag_guard.py (its class name)
TRUSTED_EXTRACTORS: FrozenSet[str] = frozenset({SYMPTOM_EXTRACTOR, RED_FLAG_EXTRACTOR})

# ------------------------------------------------------------------------------- custom payloads
QUIZ_QUESTION, QUIZ_RESULT, TRIAGE_ALERT, BOOKING_CONFIRMATION = (
    "quiz_question", "quiz_result", "triage_alert", "booking_confirmation")


# ------------------------------------------------------------------------------- quiz items
@functools.lru_cache(maxsize=1)
def _catalogue_ids() -> Tuple[Tuple[str, ...], Tuple[str, ...], Tuple[str, ...]]:
    from clinic_core.catalogue import load_catalogue

    items = list(load_catalogue().items.values())
    return (tuple(i.id for i in items),
            tuple(i.id for i in items if i.group != "safety_screen"),
            tuple(i.id for i in items if i.answer_type == "number"))


def quiz_item_ids() -> Tuple[str, ...]:
    """Every quiz item id, in catalogue order."""
    return _catalogue_ids()[0]


def symptom_item_ids() -> Tuple[str, ...]:
    """The items a patient's own words can answer (all but the safety screen, which triage reads)."""
    return _catalogue_ids()[1]


def number_item_ids() -> Tuple[str, ...]:
    """Items answered with a number (age, months...)."""
    return _catalogue_ids()[2]


NUMBER_ITEMS: Tuple[str, ...] = number_item_ids()
