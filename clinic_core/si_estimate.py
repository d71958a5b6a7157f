"""The SI-joint estimate: answers -> post-test probability and band. Plain Python, no Rasa import.

The model (every number lives in ``evidence/catalogue.yml``, derivations there and in
docs/evidence.md "Quiz scoring and patterns"):

1. Pre-test probability 20 % for chronic low back pain (odds 0.25); 35 % after a lumbar fusion.
2. Each answered likelihood-ratio item adds ``ln LR`` to the log-odds; unknown answers are neutral.
   An examiner's finding reported by the patient counts with ``ln LR x examiner_finding_factor``.
3. Inside one ``correlation_group``, answers that point the same way are damped: the largest
   |ln LR| counts fully, every further one with ``correlated_item_factor`` x its ln LR. Answers
   pointing the other way form their own set, so conflicting answers never inflate the estimate.
4. The summed ln LR is clamped to [ln 0.30, ln 3.3], the external validation of the whole Kurosawa
   score (Tonosu 2018): a self-report subset cannot be more informative than the validated score.
5. Probability = odds / (1 + odds); band low < 10 % <= moderate < 35.5 % <= high, and "high"
   also needs one tier-A item answered "yes".
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from clinic_core.catalogue import Catalogue, Item, load_catalogue

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Contribution:
    """How one answer moved the estimate.

    ``lr`` is the likelihood ratio used for the answer (after weakening an examiner finding; for
    ``kind == "pretest"`` it is the ratio of the chosen pre-test odds to the default pre-test odds);
    ``factor`` is the damping applied to its logarithm; ``log_lr`` = factor x ln(lr) is what was
    added to the log-odds.
    """

    item_id: str
    value: Any
    lr: float
    factor: float
    log_lr: float
    kind: str = "lr"  # lr | pretest

    @property
    def effective_lr(self) -> float:
        return math.exp(self.log_lr)


@dataclass(frozen=True)
class Estimate:
    probability: float
    band: str  # low | moderate | high (after the tier-A requirement)
    pretest: float
    contributions: List[Contribution] = field(default_factory=list)
    raw_combined_lr: float = 1.0  # product of the damped item LRs, before the cap
    combined_lr: float = 1.0  # after the cap
    tier_a_positive: bool = False

    @property
    def capped(self) -> bool:
        return abs(math.log(self.raw_combined_lr) - math.log(self.combined_lr)) > 1e-12


def odds(p: float) -> float:
    return p / (1.0 - p)


def pretest_probability(answers: Answers, catalogue: Optional[Catalogue] = None) -> float:
    pretest = (catalogue or load_catalogue()).model["pretest"]
    if answers.get("prior_lumbar_fusion") is True:
        return float(pretest["prior_lumbar_fusion"])
    return float(pretest["default"])


def used_lr(item: Item, value: Any, catalogue: Catalogue) -> float:
    """The LR an answer contributes: the published one, weakened for a self-reported examiner finding."""
    lr = item.lr_for(value)
    if item.examiner_finding:
        lr = lr ** float(catalogue.model["examiner_finding_factor"])
    return lr


def item_contributions(answers: Answers, catalogue: Optional[Catalogue] = None) -> List[Contribution]:
    """Damped ln-LR contributions of the answered likelihood-ratio items, in catalogue order."""
    catalogue = catalogue or load_catalogue()
    factor = float(catalogue.model["correlated_item_factor"])
    raw: List[Tuple[Item, Any, float]] = []
    for item in catalogue.scored_items:
        value = answers.get(item.id)
        if isinstance(value, bool):
            raw.append((item, value, used_lr(item, value, catalogue)))
    # One set per (group, direction): the strongest |ln LR| counts fully, the rest are damped.
    # Ties are broken by catalogue order (sorted() is stable).
    sets: Dict[Tuple[str, bool], List[Tuple[Item, Any, float]]] = {}
    for entry in raw:
        group = entry[0].correlation_group or f"__own__{entry[0].id}"
        sets.setdefault((group, entry[2] >= 1.0), []).append(entry)
    damping: Dict[str, float] = {}
    for members in sets.values():
        ranked = sorted(members, key=lambda e: -abs(math.log(e[2])))
        for rank, (item, _, _) in enumerate(ranked):
            damping[item.id] = 1.0 if rank == 0 else factor
    return [
        Contribution(item.id, value, lr, damping[item.id], damping[item.id] * math.log(lr))
        for item, value, lr in raw
    ]


def band_for(probability: float, catalogue: Optional[Catalogue] = None) -> str:
    bands = (catalogue or load_catalogue()).model["bands"]
    if probability < bands["low_below"]:
        return "low"
    if probability >= bands["high_from"]:
        return "high"
    return "moderate"


def tier_a_positive(answers: Answers, catalogue: Optional[Catalogue] = None) -> bool:
    """At least one item with a published LR (tier A) answered "yes": needed for the high band."""
    return any(answers.get(item_id) is True for item_id in (catalogue or load_catalogue()).tier_a_ids)


def estimate(answers: Answers, catalogue: Optional[Catalogue] = None) -> Estimate:
    """The SI-joint estimate for clean answers (see ``scoring.normalize_answers``)."""
    catalogue = catalogue or load_catalogue()
    pretest = pretest_probability(answers, catalogue)
    contributions = item_contributions(answers, catalogue)
    cap = catalogue.model["combined_lr_cap"]
    log_sum = sum(c.log_lr for c in contributions)
    clamped = min(max(log_sum, math.log(cap["min"])), math.log(cap["max"]))
    post_odds = odds(pretest) * math.exp(clamped)
    probability = post_odds / (1.0 + post_odds)
    default = float(catalogue.model["pretest"]["default"])
    if pretest != default:
        ratio = odds(pretest) / odds(default)
        contributions = [Contribution("prior_lumbar_fusion", True, ratio, 1.0, math.log(ratio), "pretest")] + contributions
    tier_a = tier_a_positive(answers, catalogue)
    band = band_for(probability, catalogue)
    if band == "high" and not tier_a:
        band = "moderate"  # issue 10: si_likely needs at least one positive tier-A item
    return Estimate(probability, band, pretest, contributions, math.exp(log_sum), math.exp(clamped), tier_a)
