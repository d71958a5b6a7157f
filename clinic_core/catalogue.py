"""The evidence catalogue: quiz items, patterns and model constants, with their sources.

The data lives in ``clinic_core/evidence/catalogue.yml``; this module only loads and validates it.
Plain Python: no Rasa import.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

DEFAULT_CATALOGUE_FILE = Path(__file__).resolve().parent / "evidence" / "catalogue.yml"

ANSWER_TYPES = ("yes_no", "number", "checklist")
GROUPS = ("safety_screen", "core", "context", "hip", "patterns", "inflammatory", "history", "care")
WEIGHTS = ("lr", "pretest", "rule", "none")
REGIONS = ("spine", "hip")
MAX_QUESTION_CHARS = 160  # one SMS segment
ONSET_BEFORE_35 = "onset_before_35"  # the one derived NG65 criterion (from age and duration)

REQUIRED_IDS: Tuple[str, ...] = (
    # scored and context items
    "one_finger_psis", "groin_pain", "pain_sitting", "pain_rising_from_sitting", "unilateral_pain",
    "buttock_pain", "pain_above_belt", "pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze",
    "pain_centralizes", "pain_stairs_single_leg", "pain_turning_in_bed", "fall_on_buttock",
    "pregnancy_related", "prior_lumbar_fusion", "hip_stiffness_rotation", "lateral_hip_pain",
    "duration_months", "age",
    # other patterns
    "leg_pain_worse_than_back", "legs_heavy_walking", "eased_sitting_bending", "pain_central",
    "worse_bending_forward", "worse_arching_twisting", "pain_both_sides", "short_morning_stiffness",
    "pain_lying_on_side", "leg_checklist", "hip_checklist", "back_checklist",
    # rheumatology
    "ibp_checklist", "morning_stiffness_over_30min", "night_waking", "better_with_exercise",
    "alternating_buttock_pain", "nsaid_response", "spa_checklist", "psoriasis", "uveitis",
    "inflammatory_bowel_disease", "past_arthritis", "past_enthesitis", "family_spondyloarthritis",
    "hla_b27_positive",
    # conservative care
    "treatment_history", "tried_physical_therapy", "tried_medication", "tried_injections",
    "tried_chiropractic", "tried_rfa", "conservative_care_months",
    # safety screen
    "screen_checklist", "screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness",
    "screen_fever", "screen_cancer_history",
)
REQUIRED_ITEM_FIELDS = ("id", "question", "answer_type", "group", "label", "weight", "source")
REQUIRED_MODEL_FIELDS = ("pretest", "correlated_item_factor", "examiner_finding_factor", "combined_lr_cap",
                         "bands", "rheumatology", "fusion_min_care_months")


class CatalogueError(ValueError):
    """The catalogue file is malformed."""


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    answer_type: str  # yes_no | number | checklist
    group: str
    label: str
    weight: str  # lr | pretest | rule | none
    source: str
    lr_positive: Optional[float] = None
    lr_negative: Optional[float] = None
    evidence_tier: Optional[str] = None
    correlation_group: Optional[str] = None
    derivation: Optional[str] = None
    examiner_finding: bool = False
    covers: Tuple[str, ...] = ()
    follow_up: bool = False
    # Safety screen only: asked right after this item was answered "yes" (a follow-up question).
    ask_if_yes: Optional[str] = None
    multiple_choice: bool = False  # a checklist whose covered items are offered as buttons
    choice: Optional[str] = None  # this item's button title in a multiple-choice checklist

    @property
    def scored(self) -> bool:
        """True when the answer multiplies the odds (a likelihood-ratio item)."""
        return self.weight == "lr"

    @property
    def is_checklist(self) -> bool:
        return self.answer_type == "checklist"

    def lr_for(self, value: Any) -> float:
        """The published likelihood ratio for an answer; 1.0 for unknown answers or unscored items."""
        if not self.scored or value is None or not isinstance(value, bool):
            return 1.0
        return float(self.lr_positive if value else self.lr_negative)


@dataclass(frozen=True)
class Feature:
    """One sign of a pattern: ``item`` answered ``value``."""

    item: str
    value: bool = True


@dataclass(frozen=True)
class Pattern:
    """A pain pattern that points away from the SI joint (see catalogue.yml ``patterns``)."""

    id: str
    region: str  # spine | hip: which exam is the next step
    says: str  # patient words, never a diagnosis
    requires: Tuple[Feature, ...]
    supports: Tuple[Feature, ...]
    min_supports: int
    source: str

    @property
    def features(self) -> Tuple[Feature, ...]:
        return self.requires + self.supports


@dataclass(frozen=True)
class SiPattern:
    """A history that makes the SI joint the likely source on its own (pregnancy, a fall)."""

    id: str
    item: str
    pathway: Optional[str]
    needs_tier_a: bool
    source: str


@dataclass(frozen=True)
class Catalogue:
    items: Dict[str, Item]  # ordered: id -> Item, in file order
    model: Mapping[str, Any] = field(default_factory=dict)
    patterns: Tuple[Pattern, ...] = ()
    si_patterns: Tuple[SiPattern, ...] = ()
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

    @property
    def checklists(self) -> List[Item]:
        return [it for it in self.items.values() if it.is_checklist]

    def checklist_covering(self, item_id: str) -> Optional[Item]:
        return next((c for c in self.checklists if item_id in c.covers), None)

    @property
    def tier_a_ids(self) -> List[str]:
        return [it.id for it in self.items.values() if it.evidence_tier == "A"]

    @cached_property
    def scored_items(self) -> List[Item]:
        """The likelihood-ratio items, in catalogue order (computed once: the planner asks often)."""
        return [it for it in self.items.values() if it.scored]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items


def _positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _fail(item: Item, message: str) -> None:
    raise CatalogueError(f"item {item.id!r}: {message}")


def _check_weight(item: Item) -> None:
    if item.weight == "lr":
        if item.answer_type != "yes_no":
            _fail(item, "likelihood-ratio items must be yes_no")
        if not (_positive_number(item.lr_positive) and _positive_number(item.lr_negative)):
            _fail(item, "weight lr needs positive lr_positive and lr_negative")
        if not item.derivation:
            _fail(item, "weight lr needs a derivation (arithmetic or rationale)")
    elif item.lr_positive is not None or item.lr_negative is not None:
        _fail(item, "only weight lr items may carry likelihood ratios")
    if item.examiner_finding and item.weight != "lr":
        _fail(item, "examiner_finding only weakens likelihood-ratio items")
    if item.weight == "none" and item.group != "safety_screen":
        _fail(item, "only safety_screen items may be unscored (weight none)")
    if item.group == "safety_screen" and item.weight != "none":
        _fail(item, "safety_screen items are weight none")


def _build_item(raw: Mapping[str, Any], index: int) -> Item:
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"item #{index} is not a mapping")
    missing = [f for f in REQUIRED_ITEM_FIELDS if raw.get(f) in (None, "")]
    if missing:
        raise CatalogueError(f"item #{index} ({raw.get('id')!r}) lacks required field(s): {', '.join(missing)}")
    unknown = set(raw) - set(Item.__dataclass_fields__)
    if unknown:
        raise CatalogueError(f"item {raw['id']!r} has unknown field(s): {', '.join(sorted(unknown))}")
    item = Item(**{**raw, "covers": tuple(raw.get("covers") or ())})
    if item.answer_type not in ANSWER_TYPES:
        _fail(item, f"answer_type must be one of {ANSWER_TYPES}")
    if item.group not in GROUPS:
        _fail(item, f"group must be one of {GROUPS}")
    if item.weight not in WEIGHTS:
        _fail(item, f"weight must be one of {WEIGHTS}")
    if len(item.question) > MAX_QUESTION_CHARS:
        _fail(item, f"question longer than {MAX_QUESTION_CHARS} characters")
    if item.is_checklist != bool(item.covers):
        _fail(item, "a checklist (and only a checklist) lists the items it covers")
    _check_weight(item)
    return item


def _check_follow_ups(items: Mapping[str, Item]) -> None:
    for item in items.values():
        if item.ask_if_yes is None:
            continue
        parent = items.get(item.ask_if_yes)
        if item.group != "safety_screen" or parent is None or parent.group != "safety_screen" \
                or parent.answer_type != "yes_no" or item.answer_type != "yes_no":
            _fail(item, "ask_if_yes joins a yes/no safety-screen question to a yes/no safety-screen item")


def _check_checklists(items: Mapping[str, Item]) -> None:
    covered: Dict[str, str] = {}
    for checklist in (it for it in items.values() if it.is_checklist):
        for item_id in checklist.covers:
            if item_id not in items or items[item_id].answer_type != "yes_no":
                _fail(checklist, f"covers {item_id!r}, which is not a yes/no item")
            if item_id in covered:
                _fail(checklist, f"{item_id!r} is already covered by {covered[item_id]!r}")
            covered[item_id] = checklist.id
            if checklist.multiple_choice and not items[item_id].choice:
                _fail(checklist, f"is multiple choice, so {item_id!r} needs a choice (its button title)")
    for item in items.values():
        if item.choice and not (item.id in covered and items[covered[item.id]].multiple_choice):
            _fail(item, "only items of a multiple-choice checklist have a choice")


def _feature(raw: Any, items: Mapping[str, Item], owner: str) -> Feature:
    feature = Feature(raw) if isinstance(raw, str) else Feature(raw.get("item"), raw.get("value", True))
    if feature.item not in items or items[feature.item].answer_type != "yes_no" or not isinstance(feature.value, bool):
        raise CatalogueError(f"pattern {owner!r}: feature {raw!r} must be a yes/no item with a true/false value")
    return feature


def _build_patterns(raw: Any, items: Mapping[str, Item]) -> Tuple[Pattern, ...]:
    patterns = []
    for entry in raw or []:
        pid = entry.get("id")
        requires = tuple(_feature(f, items, pid) for f in entry.get("requires") or [])
        supports = tuple(_feature(f, items, pid) for f in entry.get("supports") or [])
        pattern = Pattern(pid, entry.get("region"), entry.get("says"), requires, supports,
                          int(entry.get("min_supports", 0)), entry.get("source"))
        if not (pid and pattern.says and pattern.source and requires) or pattern.region not in REGIONS:
            raise CatalogueError(f"pattern {pid!r} needs id, says, source, requires and a region in {REGIONS}")
        if not 0 <= pattern.min_supports <= len(supports):
            raise CatalogueError(f"pattern {pid!r}: min_supports out of range")
        patterns.append(pattern)
    if len({p.id for p in patterns}) != len(patterns):
        raise CatalogueError("duplicate pattern id")
    return tuple(patterns)


def _build_si_patterns(raw: Any, items: Mapping[str, Item]) -> Tuple[SiPattern, ...]:
    result = []
    for entry in raw or []:
        pattern = SiPattern(entry.get("id"), entry.get("item"), entry.get("pathway"),
                            bool(entry.get("needs_tier_a")), entry.get("source"))
        if not (pattern.id and pattern.source) or pattern.item not in items:
            raise CatalogueError(f"si pattern {pattern.id!r} needs id, source and a known item")
        result.append(pattern)
    return tuple(result)


def _check_rheumatology(rule: Mapping[str, Any], items: Mapping[str, Item]) -> None:
    named = list(rule.get("ng65_criteria", [])) + list(rule.get("ng65_three_and_any_of", []))
    named += list(rule.get("berlin_criteria", []))
    for item_id in named:
        if item_id != ONSET_BEFORE_35 and item_id not in items:
            raise CatalogueError(f"rheumatology rule names an unknown item {item_id!r}")
    if not 1 <= int(rule.get("ng65_refer_at", 0)) <= len(rule.get("ng65_criteria", [])):
        raise CatalogueError("rheumatology.ng65_refer_at out of range")
    if not 1 <= int(rule.get("berlin_min_met", 0)) <= len(rule.get("berlin_criteria", [])):
        raise CatalogueError("rheumatology.berlin_min_met out of range")
    for key in ("onset_age_below", "duration_months_over", "oldest_age", "onset_before_age"):
        if not _positive_number(rule.get(key)):
            raise CatalogueError(f"rheumatology.{key} must be a positive number")


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
    for key in ("correlated_item_factor", "examiner_finding_factor"):
        if not (_positive_number(model[key]) and model[key] <= 1):
            raise CatalogueError(f"model.{key} must be in (0, 1]")
    _check_rheumatology(model["rheumatology"], items)


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
    _check_checklists(items)
    _check_follow_ups(items)
    _validate_model(raw.get("model"), items)
    return Catalogue(items=items, model=raw["model"], patterns=_build_patterns(raw.get("patterns"), items),
                     si_patterns=_build_si_patterns(raw.get("si_patterns"), items), path=path)


@lru_cache(maxsize=8)
def _load(path: Path) -> Catalogue:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parse_catalogue(raw, path)


def load_catalogue(path: Optional[Any] = None) -> Catalogue:
    """Load (once, cached per file) and validate the catalogue."""
    return _load(Path(path or DEFAULT_CATALOGUE_FILE).resolve())
