"""Quiz answers -> QuizResult: an SI-joint likelihood estimate, a route and next steps.

Plain Python, no Rasa import. The model (all numbers live in ``evidence/catalogue.yml``):

1. Pre-test probability 20 % for chronic low back pain (odds 0.25); 35 % after a lumbar fusion
   (Maigne & Planchon 2005; odds 0.538).
2. Each answered likelihood-ratio item adds ``ln LR`` to the log-odds. Unknown answers (None,
   missing, "not sure") are neutral.
3. Correlated items are damped: inside one ``correlation_group`` the item with the largest |ln LR|
   counts fully, every further one with ``correlated_item_factor`` (0.5) times its ln LR.
4. The summed ln LR is clamped to [ln 0.11, ln 6.6], the LR- / LR+ of the full, examiner-scored
   Kurosawa 2017 score: a self-report subset cannot be more informative than the whole tool.
5. Post-test odds = pre-test odds x combined LR; probability = odds / (1 + odds).
6. Band: low < 10 % <= moderate < 45 % <= high. Route: si_unlikely / si_possible / si_likely, or
   ``rheumatology`` when the Berlin inflammatory back pain rule (>= 2 of 4, onset < 45, > 3 months)
   is met, whatever the SI-joint estimate.

Everything said to the patient is framed as "not a diagnosis"; an exam and a diagnostic (numbing)
injection are named as what actually confirms the joint as the pain source.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from clinic_core.catalogue import Catalogue, Item, load_catalogue

Answers = Mapping[str, Any]

BANDS = ("low", "moderate", "high")
ROUTES = ("si_likely", "si_possible", "si_unlikely", "rheumatology")
ROUTE_FOR_BAND = {"high": "si_likely", "moderate": "si_possible", "low": "si_unlikely"}
CARE_TRIED_ITEMS = ("tried_physical_therapy", "tried_medication", "tried_injections",
                    "tried_chiropractic", "tried_rfa")
MAX_DRIVERS = 4
_EPS = 1e-12

# --------------------------------------------------------------------------- patient-facing text
# Short sentences, everyday words (reading grade 8 or lower; checked in the unit tests).
NOT_A_DIAGNOSIS = "This is not a diagnosis."

STEP_CARE_START = ("Start with simple care. This can be physical therapy, pain medicine that is safe "
                   "for you, and changing what makes the pain worse.")
STEP_CARE_CONTINUE = ("Keep up simple care, like physical therapy, pain medicine and changing the activities "
                      "that make the pain worse. Tell the doctor what you tried and for how long.")
STEP_CONFIRM = ("Book an exam with us. A few movement tests and a numbing shot into the joint "
                "(a diagnostic injection) are what can show if the SI joint is the source.")
STEP_EXAM_POSSIBLE = ("An exam can check the SI joint and other common causes, like the low spine and "
                      "the hip. If the exam points to the SI joint, a numbing shot (a diagnostic "
                      "injection) can confirm it.")
STEP_FUSION = ("Simple care has gone on for 6 months or more. You may ask about a visit to talk about "
               "SI joint fusion surgery. It is only an option if the exam and a numbing shot show the "
               "SI joint is the source.")
STEP_OTHER_CAUSES = ("Your answers point more to other common causes, like a disc, the small joints "
                     "of the spine, a pinched nerve or the hip.")
STEP_GET_CHECKED = "A doctor or physical therapist can check these. Our clinic can help find the source."
STEP_RHEUM_VISIT = ("Ask your doctor about a visit with a rheumatologist. This is a doctor who treats "
                    "joint pain caused by swelling (inflammation).")
STEP_RHEUM_FIRST = "Have this checked first, before any SI joint shot or other procedure."
STEP_RHEUM_ACTIVE = "Stay active. Regular exercise often helps this kind of back pain."
STEP_PREG_COMMON = "Pain in the pelvis and low back is common during and after pregnancy. It often gets better with time."
STEP_PREG_PROVIDER = "Tell your pregnancy care provider, such as your doctor or midwife, about this pain."
STEP_PREG_PT = ("A physical therapist who treats pelvic pain in pregnancy can help. A pelvic support "
                "belt and small changes in how you move may ease the pain.")
STEP_SAFETY = ("Some signs need help right away: numbness between your legs, new bladder or bowel "
               "trouble, new leg weakness, or a fever. If any start, get care at once.")


# --------------------------------------------------------------------------- data classes
@dataclass(frozen=True)
class Contribution:
    """How one answer moved the estimate.

    ``lr`` is the catalogue likelihood ratio for the answer (for ``kind == "pretest"`` it is the
    ratio of the chosen pre-test odds to the default pre-test odds); ``factor`` is the damping
    applied to its logarithm; ``log_lr`` = factor x ln(lr) is what was added to the log-odds.
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


@dataclass
class QuizResult:
    probability: float
    band: str
    route: str
    drivers: List[str]
    next_steps: List[str]
    summary: str
    answers: Dict[str, Any]
    pregnancy: bool
    pretest: float = 0.0
    contributions: List[Contribution] = field(default_factory=list)
    raw_combined_lr: float = 1.0  # product of the damped item LRs, before the cap
    combined_lr: float = 1.0  # after the cap
    capped: bool = False
    inflammatory_criteria_met: List[str] = field(default_factory=list)
    fusion_discussed: bool = False

    def to_payload(self) -> Dict[str, Any]:
        return {
            "type": "quiz_result",
            "route": self.route,
            "probability": round(float(self.probability), 3),
            "band": self.band,
            "answers": dict(self.answers),
            "drivers": list(self.drivers),
            "next_steps": list(self.next_steps),
        }


# --------------------------------------------------------------------------- building blocks
def _coerce(item: Item, value: Any) -> Any:
    """A clean answer value (bool / float) or None for unknown or unusable input."""
    if value is None:
        return None
    if item.answer_type == "yes_no":
        return value if isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0:
        return None
    return number


def normalize_answers(answers: Optional[Answers], catalogue: Optional[Catalogue] = None) -> Dict[str, Any]:
    """Every catalogue item id -> bool / float / None (unknown ids in the input are ignored)."""
    catalogue = catalogue or load_catalogue()
    answers = answers or {}
    return {item_id: _coerce(item, answers.get(item_id)) for item_id, item in catalogue.items.items()}


def _odds(p: float) -> float:
    return p / (1.0 - p)


def pretest_probability(answers: Answers, catalogue: Optional[Catalogue] = None) -> float:
    catalogue = catalogue or load_catalogue()
    pretest = catalogue.model["pretest"]
    if answers.get("prior_lumbar_fusion") is True:
        return float(pretest["prior_lumbar_fusion"])
    return float(pretest["default"])


def item_contributions(answers: Answers, catalogue: Optional[Catalogue] = None) -> List[Contribution]:
    """Damped ln-LR contributions of the answered likelihood-ratio items, in catalogue order."""
    catalogue = catalogue or load_catalogue()
    factor = float(catalogue.model["correlated_item_factor"])
    raw: List[Tuple[Item, Any, float]] = []
    for item in catalogue.items.values():
        value = answers.get(item.id)
        if item.scored and isinstance(value, bool):
            raw.append((item, value, item.lr_for(value)))
    # Within each correlation group: the strongest |ln LR| counts fully, the rest are damped.
    # Ties are broken by catalogue order (sorted() is stable).
    damping: Dict[str, float] = {}
    groups: Dict[str, List[Tuple[Item, Any, float]]] = {}
    for entry in raw:
        groups.setdefault(entry[0].correlation_group or f"__own__{entry[0].id}", []).append(entry)
    for members in groups.values():
        ranked = sorted(members, key=lambda e: -abs(math.log(e[2])))
        for rank, (item, _, _) in enumerate(ranked):
            damping[item.id] = 1.0 if rank == 0 else factor
    return [
        Contribution(item.id, value, lr, damping[item.id], damping[item.id] * math.log(lr))
        for item, value, lr in raw
    ]


def inflammatory_entry(answers: Answers) -> Optional[bool]:
    """Is the entry condition (onset before 45, pain for more than 3 months) met?

    True / False when known; None when age or duration is unknown and nothing rules it out.
    Onset age = age - duration_months / 12.
    """
    rule = load_catalogue().model["inflammatory_rule"]
    age, months = answers.get("age"), answers.get("duration_months")
    if isinstance(months, (int, float)) and not isinstance(months, bool) and months <= rule["duration_months_over"]:
        return False
    if isinstance(age, (int, float)) and not isinstance(age, bool):
        if isinstance(months, (int, float)) and not isinstance(months, bool):
            return (age - months / 12.0) < rule["onset_age_below"]
        if age < rule["onset_age_below"]:
            return None  # onset is before 45 for sure, but the duration is unknown
    return None


def inflammatory_criteria_met(answers: Answers) -> List[str]:
    rule = load_catalogue().model["inflammatory_rule"]
    return [item_id for item_id in rule["criteria"] if answers.get(item_id) is True]


def inflammatory_pattern(answers: Answers) -> bool:
    """Berlin criteria (Rudwaleit 2006): >= 2 of 4 criteria, in back pain with onset before 45 that
    has lasted more than 3 months (NICE NG65 entry condition).

    Unknown age or duration does not block the rule: missing a rheumatology referral is worse than
    suggesting one that turns out not to be needed. A known onset >= 45 or duration <= 3 months does.
    """
    rule = load_catalogue().model["inflammatory_rule"]
    if inflammatory_entry(answers) is False:
        return False
    return len(inflammatory_criteria_met(answers)) >= int(rule["min_met"])


def band_for(probability: float, catalogue: Optional[Catalogue] = None) -> str:
    bands = (catalogue or load_catalogue()).model["bands"]
    if probability < bands["low_below"]:
        return "low"
    if probability >= bands["high_from"]:
        return "high"
    return "moderate"


def estimate(answers: Answers, catalogue: Optional[Catalogue] = None) -> Tuple[float, List[Contribution], float, float, float]:
    """(probability, contributions, pretest, raw combined LR, capped combined LR) for clean answers."""
    catalogue = catalogue or load_catalogue()
    pretest = pretest_probability(answers, catalogue)
    contributions = item_contributions(answers, catalogue)
    cap = catalogue.model["combined_lr_cap"]
    log_sum = sum(c.log_lr for c in contributions)
    clamped = min(max(log_sum, math.log(cap["min"])), math.log(cap["max"]))
    odds = _odds(pretest) * math.exp(clamped)
    probability = odds / (1.0 + odds)
    default = float(catalogue.model["pretest"]["default"])
    if pretest != default:
        ratio = _odds(pretest) / _odds(default)
        contributions = [Contribution("prior_lumbar_fusion", True, ratio, 1.0, math.log(ratio), "pretest")] + contributions
    return probability, contributions, pretest, math.exp(log_sum), math.exp(clamped)


def care_tried(answers: Answers) -> bool:
    return any(answers.get(item_id) is True for item_id in CARE_TRIED_ITEMS)


def fusion_eligible(answers: Answers, route: str, pregnancy: bool) -> bool:
    """Fusion is mentioned only on route si_likely, outside pregnancy, after >= 6 months of
    conservative care that was actually tried (clinic pathway, seed 000; NASS 2015)."""
    months = answers.get("conservative_care_months")
    minimum = load_catalogue().model["fusion_min_care_months"]
    return (
        route == "si_likely"
        and not pregnancy
        and isinstance(months, (int, float)) and not isinstance(months, bool) and months >= minimum
        and care_tried(answers)
    )


def _drivers(route: str, contributions: List[Contribution], criteria_met: List[str]) -> List[str]:
    if route == "rheumatology":
        # The Berlin criteria decided this route; they carry no LR, so they are listed in rule order.
        return criteria_met[:MAX_DRIVERS]
    informative = [(i, c) for i, c in enumerate(contributions) if abs(c.log_lr) > _EPS]
    informative.sort(key=lambda pair: (-abs(pair[1].log_lr), pair[0]))
    return [c.item_id for _, c in informative[:MAX_DRIVERS]]


def _next_steps(route: str, pregnancy: bool, tried: bool, fusion: bool) -> List[str]:
    care = STEP_CARE_CONTINUE if tried else STEP_CARE_START
    if pregnancy:
        # Pelvic girdle pain pathway: no injection or other procedure is suggested.
        steps = [STEP_PREG_COMMON, STEP_PREG_PROVIDER, STEP_PREG_PT]
        if route == "rheumatology":
            steps += [STEP_RHEUM_VISIT]
    elif route == "rheumatology":
        steps = [STEP_RHEUM_VISIT, STEP_RHEUM_FIRST, STEP_RHEUM_ACTIVE]
    elif route == "si_likely":
        steps = [care, STEP_CONFIRM] + ([STEP_FUSION] if fusion else [])
    elif route == "si_possible":
        steps = [care, STEP_EXAM_POSSIBLE]
    else:
        steps = [STEP_OTHER_CAUSES, STEP_GET_CHECKED, care]
    return steps + [STEP_SAFETY]


def _summary(route: str, probability: float, pregnancy: bool) -> str:
    percent = int(round(probability * 100))
    if route == "rheumatology":
        return ("Some of your answers fit a pattern of inflammatory back pain, which a joint doctor "
                f"should check. {NOT_A_DIAGNOSIS}")
    if pregnancy:
        return ("Pain in the pelvis and low back is common during and after pregnancy. "
                f"{NOT_A_DIAGNOSIS} Your care provider can examine you to find the cause.")
    if route == "si_likely":
        return (f"Your answers match several signs often seen when the SI joint causes pain (rough estimate: {percent}%). "
                f"{NOT_A_DIAGNOSIS} An exam and a numbing shot are what can confirm the source.")
    if route == "si_possible":
        return (f"Your answers give a mixed picture: the SI joint may play a part, but other causes are "
                f"just as possible (rough estimate: {percent}%). {NOT_A_DIAGNOSIS}")
    return (f"Your answers do not point much to the SI joint (rough estimate: {percent}%). "
            f"{NOT_A_DIAGNOSIS} Other causes, like the low spine or the hip, are worth checking.")


# --------------------------------------------------------------------------- entry point
def score(answers: Optional[Answers]) -> QuizResult:
    """Score quiz answers (item id -> bool / number / None). Unknown or missing answers are neutral."""
    catalogue = load_catalogue()
    clean = normalize_answers(answers, catalogue)
    probability, contributions, pretest, raw_lr, combined_lr = estimate(clean, catalogue)
    band = band_for(probability, catalogue)
    criteria = inflammatory_criteria_met(clean)
    route = "rheumatology" if inflammatory_pattern(clean) else ROUTE_FOR_BAND[band]
    pregnancy = clean.get("pregnancy_related") is True
    fusion = fusion_eligible(clean, route, pregnancy)
    return QuizResult(
        probability=probability,
        band=band,
        route=route,
        drivers=_drivers(route, contributions, criteria),
        next_steps=_next_steps(route, pregnancy, care_tried(clean), fusion),
        summary=_summary(route, probability, pregnancy),
        answers=clean,
        pregnancy=pregnancy,
        pretest=pretest,
        contributions=contributions,
        raw_combined_lr=raw_lr,
        combined_lr=combined_lr,
        capped=abs(math.log(raw_lr) - math.log(combined_lr)) > _EPS,
        inflammatory_criteria_met=criteria,
        fusion_discussed=fusion,
    )
