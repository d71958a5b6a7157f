"""Pain patterns: which other source fits better, and the SI histories that decide on their own.

Plain Python, no Rasa import. The patterns are data (``evidence/catalogue.yml``: ``patterns`` and
``si_patterns``), their sources in docs/evidence.md §Q7-§Q15.

A pattern fits when all its ``requires`` features and at least ``min_supports`` of its ``supports``
are present. Patterns are checked in catalogue order and the first that fits is named: the order
ranks how specific the history signs are (stenosis, nerve root, hip joint, outer hip, disc, facet).
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from clinic_core.catalogue import Catalogue, Feature, Pattern, SiPattern, load_catalogue

Answers = Mapping[str, Any]


def feature_state(feature: Feature, answers: Answers) -> Optional[bool]:
    """True when the answer matches, False when it is known otherwise, None when unknown."""
    value = answers.get(feature.item)
    return None if value is None else value == feature.value


def pattern_status(pattern: Pattern, answers: Answers) -> Optional[bool]:
    """True = fits; False = can no longer fit; None = still open."""
    required = [feature_state(f, answers) for f in pattern.requires]
    if any(state is False for state in required):
        return False
    supports = [feature_state(f, answers) for f in pattern.supports]
    present, unknown = supports.count(True), supports.count(None)
    if all(required) and present >= pattern.min_supports:
        return True
    if present + unknown < pattern.min_supports:
        return False
    return None


def present_features(pattern: Pattern, answers: Answers) -> List[Feature]:
    return [f for f in pattern.features if feature_state(f, answers) is True]


def fitting_pattern(answers: Answers, catalogue: Optional[Catalogue] = None) -> Optional[Pattern]:
    """The first pattern (catalogue order) that fits, or None."""
    return next((p for p in (catalogue or load_catalogue()).patterns if pattern_status(p, answers)), None)


def best_case(pattern: Pattern, answers: Answers) -> Dict[str, Any]:
    """The answers with every still-unknown feature of the pattern answered its way."""
    trial = dict(answers)
    for feature in pattern.features:
        if trial.get(feature.item) is None:
            trial[feature.item] = feature.value
    return trial


def si_pattern(answers: Answers, tier_a_positive: bool, catalogue: Optional[Catalogue] = None) -> Optional[SiPattern]:
    """The first SI history (pregnancy, a fall onto the buttock) answered "yes" whose condition holds."""
    for pattern in (catalogue or load_catalogue()).si_patterns:
        if answers.get(pattern.item) is True and (tier_a_positive or not pattern.needs_tier_a):
            return pattern
    return None
