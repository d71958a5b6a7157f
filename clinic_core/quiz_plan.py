"""Adaptive question planner for the pain quiz: which catalogue item to ask next.

Plain Python, no Rasa import. Stateless: the answer so far (item id -> value) and the list of items
already asked are enough. An item that has a value, or that was already asked (asked but unknown
means the person skipped it or was not sure), is never asked again.

Order (first eligible item wins):

1. Safety screen (group ``safety_screen``), every item not yet known. Always asked, even past the
   question budget: a "yes" is routed to triage by the quiz adapter.
2. The three items with published likelihood ratios (Tonosu 2018): one_finger_psis, groin_pain,
   pain_sitting. Always asked.
3. Context numbers: age, duration_months (they decide the two conditional branches below).
4. Inflammatory back pain questions, only when something points there: the entry condition is known
   to hold (onset before 45 and pain for more than 3 months), or an inflammatory item is already
   "yes" (for example volunteered in free text) and the entry condition is not known to fail. The
   four Berlin criteria are asked in order until the rule is decided: met (>= 2 yes) or out of reach
   (yes count + open criteria < 2).
5. pregnancy_related, not asked when age > 55: pregnancy or childbirth in the past year is very
   unlikely then, and the question is personal. prior_lumbar_fusion (sets the pre-test probability),
   not asked once the inflammatory rule is met (the route is then fixed).
6. nsaid_response, only once the inflammatory rule is met (recorded for the referral; NICE NG65).
7. Conservative care, only while the current route is si_likely and the person is not pregnant:
   these answers matter only for the fusion rule (>= 6 months of tried care). tried_* items in order
   until one is "yes", then conservative_care_months.
8. The remaining likelihood-ratio items, in order of value (unilateral_pain, pain_below_knee, the
   hip items - only when groin_pain is "yes" - then the rest), under the stopping rule below. Skipped
   once the inflammatory rule is met.

Stopping rule (one-step value of information): an item of step 8 is asked only if one of its two
answers, on its own, would move the estimate into another band (low / moderate / high). If neither
answer can change the band, the item cannot change the result the person sees, so it is skipped.
The planner is stateless, so a skipped item is looked at again after every answer.

Budget: at most ``MAX_QUESTIONS`` (16) questions in total, counting the 5 safety questions. Steps
1-5 need at most 16 (5 + 3 + 2 + 4 + 2), so the budget only trims steps 6-8. A typical run is 12-15
questions.
"""
from __future__ import annotations

from typing import Any, Collection, List, Mapping, Optional

from clinic_core.catalogue import Catalogue, load_catalogue
from clinic_core.scoring import (
    CARE_TRIED_ITEMS,
    band_for,
    care_tried,
    estimate,
    inflammatory_entry,
    inflammatory_pattern,
    normalize_answers,
)

MAX_QUESTIONS = 16
PREGNANCY_MAX_AGE = 55
CORE_ALWAYS = ("one_finger_psis", "groin_pain", "pain_sitting")
CONTEXT = ("age", "duration_months")
HIP_ITEMS = ("hip_stiffness_rotation", "lateral_hip_pain")
OPTIONAL_SCORED = (
    "unilateral_pain",
    "pain_below_knee",
    "hip_stiffness_rotation",
    "lateral_hip_pain",
    "pain_rising_from_sitting",
    "pain_above_belt",
    "leg_tingling_numbness",
    "buttock_pain",
    "worse_cough_sneeze",
    "pain_centralizes",
    "pain_stairs_single_leg",
    "pain_turning_in_bed",
    "fall_on_buttock",
)


def _known(answers: Mapping[str, Any], item_id: str) -> bool:
    return answers.get(item_id) is not None


def _open(answers: Mapping[str, Any], asked: Collection[str], item_id: str) -> bool:
    """Not answered and not asked before (asked-but-unknown = skipped / not sure: do not re-ask)."""
    return not _known(answers, item_id) and item_id not in asked


def _band(answers: Mapping[str, Any], catalogue: Catalogue) -> str:
    return band_for(estimate(answers, catalogue)[0], catalogue)


def could_change_band(answers: Mapping[str, Any], item_id: str, catalogue: Optional[Catalogue] = None) -> bool:
    """True when a "yes" or a "no" to this item alone would move the estimate into another band."""
    catalogue = catalogue or load_catalogue()
    current = _band(answers, catalogue)
    for value in (True, False):
        trial = dict(answers)
        trial[item_id] = value
        if _band(trial, catalogue) != current:
            return True
    return False


def _inflammatory_items(catalogue: Catalogue) -> List[str]:
    return list(catalogue.model["inflammatory_rule"]["criteria"])


def inflammatory_triggered(answers: Mapping[str, Any], catalogue: Optional[Catalogue] = None) -> bool:
    """Something points to inflammatory back pain: the entry condition holds, or an inflammatory
    answer is already "yes" (and the entry condition is not known to fail)."""
    catalogue = catalogue or load_catalogue()
    entry = inflammatory_entry(answers)
    if entry is False:
        return False
    if entry is True:
        return True
    return any(answers.get(it.id) is True for it in catalogue.in_group("inflammatory"))


def _inflammatory_queue(answers, asked, catalogue) -> List[str]:
    if not inflammatory_triggered(answers, catalogue):
        return []
    criteria = _inflammatory_items(catalogue)
    need = int(catalogue.model["inflammatory_rule"]["min_met"])
    met = sum(1 for item_id in criteria if answers.get(item_id) is True)
    still_open = [item_id for item_id in criteria if _open(answers, asked, item_id)]
    if met >= need or met + len(still_open) < need:
        return []  # decided either way
    return still_open


def _care_queue(answers, asked) -> List[str]:
    queue: List[str] = []
    if not care_tried(answers):
        queue += [item_id for item_id in CARE_TRIED_ITEMS if _open(answers, asked, item_id)]
    if _open(answers, asked, "conservative_care_months"):
        # Months of care matter only once some care was tried; while tried_* questions are still
        # open, the months question waits behind them.
        if care_tried(answers) or queue:
            queue.append("conservative_care_months")
    return queue


def remaining_items(answers: Mapping[str, Any], asked: Collection[str]) -> List[str]:
    """Items the planner would ask now, in order (the first one is ``next_item``).

    A snapshot: answering the first may change what follows (branches, stopping rule).
    """
    catalogue = load_catalogue()
    clean = normalize_answers(answers, catalogue)
    asked = set(asked or ())

    queue: List[str] = [it.id for it in catalogue.in_group("safety_screen") if _open(clean, asked, it.id)]
    budget = MAX_QUESTIONS - len(asked & set(catalogue.ids))
    if budget <= 0:
        return queue

    rule_met = inflammatory_pattern(clean)
    rest: List[str] = [i for i in CORE_ALWAYS + CONTEXT if _open(clean, asked, i)]
    rest += _inflammatory_queue(clean, asked, catalogue)
    age = clean.get("age")
    if _open(clean, asked, "pregnancy_related") and not (age is not None and age > PREGNANCY_MAX_AGE):
        rest.append("pregnancy_related")
    if not rule_met and _open(clean, asked, "prior_lumbar_fusion"):
        rest.append("prior_lumbar_fusion")
    if rule_met and _open(clean, asked, "nsaid_response"):
        rest.append("nsaid_response")
    if not rule_met and clean.get("pregnancy_related") is not True and _band(clean, catalogue) == "high":
        rest += _care_queue(clean, asked)
    if not rule_met:
        for item_id in OPTIONAL_SCORED:
            if not _open(clean, asked, item_id):
                continue
            if item_id in HIP_ITEMS and clean.get("groin_pain") is not True:
                continue
            if could_change_band(clean, item_id, catalogue):
                rest.append(item_id)
    return queue + rest[: max(0, budget - len(queue))]


def next_item(answers: Mapping[str, Any], asked: Collection[str]) -> Optional[str]:
    """The next catalogue item to ask, or None when the quiz is done."""
    remaining = remaining_items(answers, asked)
    return remaining[0] if remaining else None
