"""The evidence catalogue: quiz items with their questions, weights and sources.

The data lives in ``clinic_core/evidence/catalogue.yml``; this module only loads and validates it.
Plain Python: no Rasa import.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

DEFAULT_CATALOGUE_FILE = Path(__file__).resolve().parent / "evidence" / "catalogue.yml"

ANSWER_TYPES = ("yes_no", "number")
GROUPS = ("safety_screen", "core", "context", "hip", "inflammatory", "history", "care")
WEIGHTS = ("lr", "pretest", "rule", "none")
MAX_QUESTION_CHARS = 160  # one SMS segment

REQUIRED_IDS: Tuple[str, ...] = (
    # scored and context items
    "one_finger_psis", "groin_pain", "pain_sitting", "pain_rising_from_sitting", "unilateral_pain",
    "buttock_pain", "pain_above_belt", "pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze",
    "pain_centralizes", "pain_stairs_single_leg", "pain_turning_in_bed", "fall_on_buttock",
    "pregnancy_related", "prior_lumbar_fusion", "hip_stiffness_rotation", "lateral_hip_pain",
    "morning_stiffness_over_30min", "night_waking", "better_with_exercise", "nsaid_response",
    "alternating_buttock_pain", "duration_months", "age",
    # conservative care
    "tried_physical_therapy", "tried_medication", "tried_injections", "tried_chiropractic", "tried_rfa",
    "conservative_care_months",
    # safety screen
    "screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness", "screen_fever",
    "screen_cancer_history",
)
REQUIRED_ITEM_FIELDS = ("id", "question", "answer_type", "group", "label", "weight", "source")
REQUIRED_MODEL_FIELDS = ("pretest", "correlated_item_factor", "combined_lr_cap", "bands",
                         "inflammatory_rule", "fusion_min_care_months")


class CatalogueError(ValueError):
    """The catalogue file is malformed."""


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    answer_type: str  # yes_no | number
    group: str
    label: str
    weight: str  # lr | pretest | rule | none
    source: str
    lr_positive: Optional[float] = None
    lr_negative: Optional[float] = None
    evidence_tier: Optional[str] = None
    correlation_group: Optional[str] = None
    derivation: Optional[str] = None

    @property
    def scored(self) -> bool:
        """True when the answer multiplies the odds (a likelihood-ratio item)."""
        return self.weight == "lr"

    def lr_for(self, value: Any) -> float:
        """The likelihood ratio for an answer; 1.0 (neutral) for unknown answers or unscored items."""
        if not self.scored or value is None or not isinstance(value, bool):
            return 1.0
        return float(self.lr_positive if value else self.lr_negative)


@dataclass(frozen=True)
class Catalogue:
    items: Dict[str, Item]  # ordered: id -> Item, in file order
    model: Mapping[str, Any] = field(default_factory=dict)
    path: Optional[Path] = None

    @property
    def ids(self) -> List[str]:
        return list(self.items)

    def item(self, item_id: str) -> Item:
        try:
            return self.items[item_id]
        except KeyError:
            raise KeyError(f"unknown quiz item: {item_id!r}") from None

    def in_group(self, group: str) -> List[Item]:
        return [it for it in self.items.values() if it.group == group]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items


def _positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _build_item(raw: Mapping[str, Any], index: int) -> Item:
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"item #{index} is not a mapping")
    missing = [f for f in REQUIRED_ITEM_FIELDS if raw.get(f) in (None, "")]
    if missing:
        raise CatalogueError(f"item #{index} ({raw.get('id')!r}) lacks required field(s): {', '.join(missing)}")
    known = set(Item.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise CatalogueError(f"item {raw['id']!r} has unknown field(s): {', '.join(sorted(unknown))}")
    item = Item(**{k: raw[k] for k in raw})
    if item.answer_type not in ANSWER_TYPES:
        raise CatalogueError(f"item {item.id!r}: answer_type must be one of {ANSWER_TYPES}")
    if item.group not in GROUPS:
        raise CatalogueError(f"item {item.id!r}: group must be one of {GROUPS}")
    if item.weight not in WEIGHTS:
        raise CatalogueError(f"item {item.id!r}: weight must be one of {WEIGHTS}")
    if len(item.question) > MAX_QUESTION_CHARS:
        raise CatalogueError(f"item {item.id!r}: question longer than {MAX_QUESTION_CHARS} characters")
    if item.weight == "lr":
        if item.answer_type != "yes_no":
            raise CatalogueError(f"item {item.id!r}: likelihood-ratio items must be yes_no")
        if not (_positive_number(item.lr_positive) and _positive_number(item.lr_negative)):
            raise CatalogueError(f"item {item.id!r}: weight lr needs positive lr_positive and lr_negative")
        if not item.derivation:
            raise CatalogueError(f"item {item.id!r}: weight lr needs a derivation (arithmetic or rationale)")
    elif item.lr_positive is not None or item.lr_negative is not None:
        raise CatalogueError(f"item {item.id!r}: only weight lr items may carry likelihood ratios")
    if item.weight == "none" and item.group != "safety_screen":
        raise CatalogueError(f"item {item.id!r}: only safety_screen items may be unscored (weight none)")
    if item.group == "safety_screen" and (item.weight != "none" or item.answer_type != "yes_no"):
        raise CatalogueError(f"item {item.id!r}: safety_screen items are yes_no and weight none")
    return item


def _validate_model(model: Any, items: Mapping[str, Item]) -> None:
    if not isinstance(model, Mapping):
        raise CatalogueError("the catalogue needs a 'model' mapping")
    missing = [f for f in REQUIRED_MODEL_FIELDS if f not in model]
    if missing:
        raise CatalogueError(f"model lacks: {', '.join(missing)}")
    pretest = model["pretest"]
    for key in ("default", "prior_lumbar_fusion"):
        if not (_positive_number(pretest.get(key)) and pretest[key] < 1):
            raise CatalogueError(f"model.pretest.{key} must be a probability in (0, 1)")
    cap = model["combined_lr_cap"]
    if not (_positive_number(cap.get("min")) and _positive_number(cap.get("max")) and cap["min"] < 1 < cap["max"]):
        raise CatalogueError("model.combined_lr_cap needs 0 < min < 1 < max")
    bands = model["bands"]
    if not (_positive_number(bands.get("low_below")) and _positive_number(bands.get("high_from"))
            and bands["low_below"] < bands["high_from"] < 1):
        raise CatalogueError("model.bands needs 0 < low_below < high_from < 1")
    factor = model["correlated_item_factor"]
    if not (_positive_number(factor) and factor <= 1):
        raise CatalogueError("model.correlated_item_factor must be in (0, 1]")
    rule = model["inflammatory_rule"]
    for item_id in rule.get("criteria", []):
        if item_id not in items or items[item_id].group != "inflammatory":
            raise CatalogueError(f"inflammatory_rule criterion {item_id!r} is not an inflammatory item")
    if not (1 <= int(rule.get("min_met", 0)) <= len(rule.get("criteria", []))):
        raise CatalogueError("inflammatory_rule.min_met out of range")


def parse_catalogue(raw: Any, path: Optional[Path] = None) -> Catalogue:
    """Build and validate a catalogue from already-parsed YAML data."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("items"), list):
        raise CatalogueError("the catalogue needs a top-level 'items' list")
    items: Dict[str, Item] = {}
    for index, raw_item in enumerate(raw["items"]):
        item = _build_item(raw_item, index)
        if item.id in items:
            raise CatalogueError(f"duplicate item id: {item.id!r}")
        items[item.id] = item
    absent = [i for i in REQUIRED_IDS if i not in items]
    if absent:
        raise CatalogueError(f"required item id(s) missing: {', '.join(absent)}")
    _validate_model(raw.get("model"), items)
    return Catalogue(items=items, model=raw["model"], path=path)


@lru_cache(maxsize=8)
def _load(path: Path) -> Catalogue:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parse_catalogue(raw, path)


def load_catalogue(path: Optional[Any] = None) -> Catalogue:
    """Load (once, cached per file) and validate the catalogue."""
    return _load(Path(path or DEFAULT_CATALOGUE_FILE).resolve())
