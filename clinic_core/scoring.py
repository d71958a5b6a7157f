"""Quiz answers -> QuizResult: the route, the pattern that fits, the estimate and the next steps.

Plain Python, no Rasa import. The decision, in order (sources: docs/evidence.md §Q1-§Q18):

1. ``rheumatology`` when NICE NG65 says refer (``rheumatology.py``), whatever else fits.
2. Another pattern fits (``patterns.py``: nerve root, stenosis, hip joint, outer hip, disc, facet):
   route ``si_unlikely`` naming it in ``other_pattern`` - or ``si_possible`` when the SI evidence
   is still "high" or the pain began in pregnancy: a mixed picture.
3. An SI history fits on its own (pregnancy; a fall onto the buttock with a tier-A sign): ``si_likely``.
4. Otherwise the SI estimate's band (``si_estimate.py``): high -> si_likely, moderate -> si_possible,
   low -> si_unlikely.

The pregnancy pathway (``pathway == "pregnancy"``) removes every injection and procedure from the
next steps; fusion is mentioned only on si_likely after 6 months of tried care. After an urgent or
emergency alert earlier in the conversation (``alert_level``), the steps start by pointing back to
that alert and drop simple care and fusion: the alert comes first. Everything said to the patient
is framed as "not a diagnosis" (``result_text.py``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from clinic_core import patterns, result_text, rheumatology
from clinic_core.catalogue import ONSET_BEFORE_35, Catalogue, Item, Pattern, load_catalogue
from clinic_core.si_estimate import Contribution, Estimate, estimate
from clinic_core.vocabulary import ALERT_LEVELS

Answers = Mapping[str, Any]

BANDS = ("low", "moderate", "high")
ROUTES = ("si_likely", "si_possible", "si_unlikely", "rheumatology")
ROUTE_FOR_BAND = {"high": "si_likely", "moderate": "si_possible", "low": "si_unlikely"}
MAX_DRIVERS = 4
NOT_A_DIAGNOSIS = result_text.wording()["not_a_diagnosis"]


@dataclass(frozen=True)
class Decision:
    route: str
    band: str
    other_pattern: Optional[Pattern]
    si_pattern: Optional[str]
    pathway: Optional[str]  # "pregnancy" or None
    fusion: bool
    hla_test_step: bool
    estimate: Estimate
    rheumatology: rheumatology.RheumatologyFinding

    def key(self) -> Tuple[Any, ...]:
        """What the patient is told to do: the planner asks only what can change this."""
        return (self.route, self.other_pattern and self.other_pattern.id, self.pathway, self.fusion,
                self.hla_test_step)


@dataclass
class QuizResult:
    probability: float
    band: str
    route: str
    other_pattern: Optional[str]
    pathway: Optional[str]
    drivers: List[str]
    driver_lines: List[str]
    next_steps: List[str]
    summary: str
    details: str
    answers: Dict[str, Any]
    pregnancy: bool
    pretest: float = 0.0
    contributions: List[Contribution] = field(default_factory=list)
    raw_combined_lr: float = 1.0  # product of the damped item LRs, before the cap
    combined_lr: float = 1.0  # after the cap
    capped: bool = False
    rheumatology: Optional[rheumatology.RheumatologyFinding] = None
    fusion_discussed: bool = False
    alert_level: Optional[str] = None  # an urgent or emergency alert raised before the result

    def to_payload(self) -> Dict[str, Any]:
        return {
            "type": "quiz_result",
            "route": self.route,
            "probability": round(float(self.probability), 3),
            "band": self.band,
            "answers": dict(self.answers),
            "drivers": list(self.drivers),
            "next_steps": list(self.next_steps),
            "other_pattern": self.other_pattern,
            "pathway": self.pathway,
        }

    def text_parameters(self) -> Dict[str, str]:
        """The result's parts for the domain response utter_quiz_result."""
        return result_text.parameters(self.summary, self.details, self.driver_lines, self.next_steps)

    def text(self) -> str:
        """The whole result as the patient reads it, one paragraph per part."""
        return result_text.message(self.summary, self.details, self.driver_lines, self.next_steps)


# --------------------------------------------------------------------------- clean answers
def _coerce(item: Item, value: Any) -> Any:
    """A clean answer value (bool / float / list of covered ids) or None for unusable input."""
    if value is None:
        return None
    if item.answer_type == "yes_no":
        return value if isinstance(value, bool) else None
    if item.is_checklist:
        if isinstance(value, bool):
            return value
        if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
            chosen = [item_id for item_id in item.covers if item_id in value]
            return chosen or (False if not value else None)  # an empty list means "none of these"
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def derive_answers(clean: Dict[str, Any], catalogue: Catalogue) -> Dict[str, Any]:
    """Fill (in place) what an answer implies: a checklist's "none" or list answers its covered
    items (an item's own answer wins); buttock pain that switches sides is buttock pain; morning
    stiffness over 30 minutes is not the short kind."""
    for checklist in catalogue.checklists:
        value = clean[checklist.id]
        if value is False or isinstance(value, list):
            for item_id in checklist.covers:
                if clean[item_id] is None:
                    clean[item_id] = value is not False and item_id in value
    if clean.get("alternating_buttock_pain") is True and clean.get("buttock_pain") is None:
        clean["buttock_pain"] = True
    if clean.get("morning_stiffness_over_30min") is True and clean.get("short_morning_stiffness") is None:
        clean["short_morning_stiffness"] = False
    return clean


def normalize_answers(answers: Optional[Answers], catalogue: Optional[Catalogue] = None) -> Dict[str, Any]:
    """Every catalogue item id -> bool / float / list / None (unknown ids in the input are ignored)."""
    catalogue = catalogue or load_catalogue()
    answers = answers or {}
    clean = {item_id: _coerce(item, answers.get(item_id)) for item_id, item in catalogue.items.items()}
    return derive_answers(clean, catalogue)


def care_tried(answers: Answers, catalogue: Optional[Catalogue] = None) -> bool:
    checklist = (catalogue or load_catalogue()).item("treatment_history")
    said = answers.get(checklist.id)
    return said is True or bool(isinstance(said, list) and said) or any(
        answers.get(item_id) is True for item_id in checklist.covers)


def fusion_eligible(answers: Answers, route: str, pregnancy: bool, catalogue: Optional[Catalogue] = None) -> bool:
    """Fusion is mentioned only on route si_likely, outside pregnancy, after >= 6 months of
    conservative care that was actually tried (§Q17)."""
    catalogue = catalogue or load_catalogue()
    months = answers.get("conservative_care_months")
    return (route == "si_likely" and not pregnancy and isinstance(months, float)
            and months >= catalogue.model["fusion_min_care_months"] and care_tried(answers, catalogue))


# --------------------------------------------------------------------------- the decision
def _route(est: Estimate, rheum, other: Optional[Pattern], si_pat) -> str:
    if rheum.refer:
        return "rheumatology"
    if other is not None:
        # Mixed picture: the SI evidence is still high, or a pathway history (pregnancy) keeps the
        # SI joints in it. A fall alone does not outweigh a pattern that fits.
        mixed = est.band == "high" or (si_pat is not None and si_pat.pathway is not None)
        return "si_possible" if mixed else "si_unlikely"
    if si_pat is not None:
        return "si_likely"
    return ROUTE_FOR_BAND[est.band]


def decide(clean: Answers, catalogue: Optional[Catalogue] = None) -> Decision:
    """The decision for already clean answers (``normalize_answers``)."""
    catalogue = catalogue or load_catalogue()
    est = estimate(clean, catalogue)
    rheum = rheumatology.assess(clean, catalogue)
    other = patterns.fitting_pattern(clean, catalogue)
    si_pat = patterns.si_pattern(clean, est.tier_a_positive, catalogue)
    route = _route(est, rheum, other, si_pat)
    pathway = "pregnancy" if clean.get("pregnancy_related") is True else None
    return Decision(
        route=route,
        band=est.band,
        other_pattern=other if route != "rheumatology" else None,
        si_pattern=si_pat.id if si_pat is not None and route in ("si_likely", "si_possible") else None,
        pathway=pathway,
        fusion=fusion_eligible(clean, route, pathway is not None, catalogue),
        hla_test_step=rheum.hla_test_step and route != "rheumatology",
        estimate=est,
        rheumatology=rheum,
    )


def _drivers(decision: Decision, clean: Answers) -> List[str]:
    if decision.route == "rheumatology":
        # NG65 decided this route; its criteria carry no LR, so they are listed in rule order.
        return [c for c in decision.rheumatology.ng65_met if c != ONSET_BEFORE_35][:MAX_DRIVERS]
    drivers: List[str] = []
    if decision.other_pattern is not None:
        drivers = [f.item for f in patterns.present_features(decision.other_pattern, clean)]
    informative = [(i, c) for i, c in enumerate(decision.estimate.contributions) if abs(c.log_lr) > 1e-12]
    informative.sort(key=lambda pair: (-abs(pair[1].log_lr), pair[0]))
    drivers += [c.item_id for _, c in informative if c.item_id not in drivers]
    return drivers[:MAX_DRIVERS]


# --------------------------------------------------------------------------- entry point
def score(answers: Optional[Answers], alert_level: Optional[str] = None) -> QuizResult:
    """Score quiz answers (item id -> bool / number / list / None). Unknown answers are neutral.

    ``alert_level``: the most serious red-flag alert raised earlier in the conversation, if any;
    "urgent" or "emergency" put that alert first and drop simple care and fusion from the steps.
    """
    catalogue = load_catalogue()
    clean = normalize_answers(answers, catalogue)
    decision = decide(clean, catalogue)
    est = decision.estimate
    drivers = _drivers(decision, clean)
    after_alert = alert_level in ALERT_LEVELS
    return QuizResult(
        probability=est.probability,
        band=decision.band,
        route=decision.route,
        other_pattern=decision.other_pattern.id if decision.other_pattern else None,
        pathway=decision.pathway,
        drivers=drivers,
        driver_lines=result_text.driver_lines(drivers, clean, catalogue),
        next_steps=result_text.next_steps(decision, care_tried(clean, catalogue), after_alert),
        summary=result_text.summary(decision),
        details=result_text.details_line(est.probability),
        answers=clean,
        pregnancy=decision.pathway == "pregnancy",
        pretest=est.pretest,
        contributions=est.contributions,
        raw_combined_lr=est.raw_combined_lr,
        combined_lr=est.combined_lr,
        capped=est.capped,
        rheumatology=decision.rheumatology,
        fusion_discussed=decision.fusion and not after_alert,
        alert_level=alert_level if after_alert else None,
    )
