"""Adaptive question planner for the pain quiz: which catalogue item to ask next.

Plain Python, no Rasa import. Stateless: the answers so far (item id -> value) and the items
already asked are enough. An item that has a value (said, or implied by a checklist answer), or
that was already asked (asked but unknown = skipped or "not sure"), is never asked again.

The principle: ask only what can change what the patient is told to do - the route, the pattern
named, the pregnancy pathway, the fusion step or the HLA-B27 step (``scoring.Decision.key``).
An item is asked when one answer to it changes that (one step), or when it is a still-open
feature of a rule (a pattern, NICE NG65, the three Tonosu items together, the weak SI signs the
estimate leans toward) whose best case would change it.

Order (each stage lists what matters now; the first item wins):

1. Safety: one checklist of the five signs ("None of these" answers all five); after "yes" or
   "not sure", the five one by one. Never cut by the budget.
2. Age, then pregnancy (not above age 55: pregnancy in the past year is then very unlikely).
3. The three items with published likelihood ratios (Tonosu 2018), when all "yes" or all "no"
   would change the result (not, for example, once pregnancy or another pattern decides it).
4. Rheumatology, only while the NG65 entry condition can hold and NG65 can still be met: the
   inflammatory-back-pain checklist; then, only if something inflammatory was said, months of
   pain (the entry condition) and the NG65 items that can still change the route (the conditions
   checklist, NSAID response, HLA-B27 only when it alone decides).
5. Other patterns in priority order: the features each open pattern requires first (grouped into
   the leg, hip and back checklists when two or more of a checklist's items are wanted), then the
   supports of a pattern whose required features are present. A pattern is looked at only if its
   best case would change the result, so once one fits, only those before it are.
6. Prior lumbar fusion and the likelihood-ratio items whose one answer changes the result; then,
   when the estimate is moderate and leans toward the SI joint, the weak signs that together could
   reach "several signs point to the SI joint" (strongest first).
7. Months of pain, treatment history as one checklist, then months of treatment: only on route
   si_likely outside pregnancy, where they decide the fusion step (skipped when the pain is
   younger than 6 months or nothing was tried).

"Not sure" to a checklist other than the safety screen closes its items: they are not asked one
by one. Budget: at most ``MAX_QUESTIONS`` questions besides the safety screen.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Collection, Dict, List, Mapping, Optional, Tuple

from clinic_core import patterns
from clinic_core.catalogue import Catalogue, Item, load_catalogue
from clinic_core.rheumatology import inflammatory_entry
from clinic_core.scoring import care_tried, decide, derive_answers, normalize_answers
from clinic_core.si_estimate import estimate, used_lr

MAX_QUESTIONS = 13  # besides the safety screen
PREGNANCY_MAX_AGE = 55
CORE_ITEMS = ("one_finger_psis", "groin_pain", "pain_sitting")
SAFETY_CHECKLIST = "screen_checklist"
CARE_CHECKLIST = "treatment_history"
HLA_B27 = "hla_b27_positive"  # patients rarely know it: asked only when it alone decides


@dataclass
class _State:
    """One planning step: clean answers, what was asked, and the current decision's key."""

    clean: Dict[str, Any]
    asked: frozenset
    catalogue: Catalogue
    key: Tuple[Any, ...]

    def open(self, item_id: str) -> bool:
        """Not known and not asked before (asked-but-unknown = skipped / not sure: never re-asked).
        "Not sure" to a checklist also closes its items: the person has just thought about each of
        them (the safety checklist is the exception: see ``_safety``)."""
        if self.clean.get(item_id) is not None or item_id in self.asked:
            return False
        checklist = self.catalogue.checklist_covering(item_id)
        return not (checklist is not None and checklist.id != SAFETY_CHECKLIST
                    and checklist.id in self.asked and self.clean.get(checklist.id) is None)

    def changes(self, trial: Mapping[str, Any]) -> bool:
        """Would these answers (clean ones, with trial values) change the result?"""
        clean = derive_answers(dict(trial), self.catalogue)
        return decide(clean, self.catalogue).key() != self.key


def _one_step(state: _State, item_id: str) -> bool:
    """A "yes" or a "no" (for a checklist: "none of these") to this item alone changes the result."""
    for value in (True, False):
        if state.changes({**state.clean, item_id: value}):
            return True
    return False


def _ng65_reach(state: _State) -> bool:
    """NG65 with every open criterion "yes" would change the result (entry not failed)."""
    rule = state.catalogue.model["rheumatology"]
    trial = dict(state.clean)
    for item_id in rule["ng65_criteria"] + rule["ng65_three_and_any_of"]:
        if item_id != HLA_B27 and item_id in trial and trial[item_id] is None:
            trial[item_id] = True
    return state.changes(trial)


def _grouped(state: _State, wanted: List[str]) -> List[str]:
    """Wanted items, each replaced by its checklist when the checklist is open, none of its items is
    known "yes", and two or more of its items are wanted."""
    result: List[str] = []
    for item_id in wanted:
        checklist = state.catalogue.checklist_covering(item_id)
        use = (checklist is not None and state.open(checklist.id)
               and not any(state.clean.get(i) is True for i in checklist.covers)
               and sum(1 for i in wanted if i in checklist.covers) >= 2)
        choice = checklist.id if use else item_id
        if choice not in result:
            result.append(choice)
    return result


def _safety(state: _State) -> List[str]:
    """The safety questions still to ask: the checklist, then (after "yes" or "not sure") the five
    one by one, each followed by its follow-up when it was answered "yes"."""
    checklist = state.catalogue.item(SAFETY_CHECKLIST)
    follow_ups = [i for i in state.catalogue.in_group("safety_screen") if i.ask_if_yes]
    queue: List[str] = []
    for item_id in checklist.covers:
        if state.open(item_id):
            queue.append(item_id)
        queue += [f.id for f in follow_ups if f.ask_if_yes == item_id
                  and state.clean.get(item_id) is True and state.open(f.id)]
    still_open = [i for i in checklist.covers if state.open(i)]
    if still_open and state.open(checklist.id) and not any(state.clean.get(i) is True for i in checklist.covers):
        return [checklist.id]
    return queue


def safety_screen_open(answers: Mapping[str, Any], asked: Collection[str],
                       catalogue: Optional[Catalogue] = None) -> bool:
    """True while a safety-screen question is still to be asked."""
    catalogue = catalogue or load_catalogue()
    state = _State(normalize_answers(answers, catalogue), frozenset(asked or ()), catalogue, ())
    return bool(_safety(state))


def _core_reach(state: _State) -> bool:
    """The three Tonosu items, all answered "yes" or all "no", would change the result."""
    for value in (True, False):
        trial = {**state.clean, **{i: value for i in CORE_ITEMS if state.open(i)}}
        if state.changes(trial):
            return True
    return False


def _core_and_context(state: _State) -> List[str]:
    queue = ["age"] if state.open("age") else []
    age = state.clean.get("age")
    if state.open("pregnancy_related") and not (age is not None and age > PREGNANCY_MAX_AGE):
        queue.append("pregnancy_related")
    if _core_reach(state):
        queue += [i for i in CORE_ITEMS if state.open(i)]
    return queue


def _inflammatory_said(state: _State) -> bool:
    """Something inflammatory is known: a checklist "yes" or one of its items (buttock pain alone
    is too common in every back pain to count)."""
    checklists = [state.catalogue.item("ibp_checklist"), state.catalogue.item("spa_checklist")]
    features = [c.id for c in checklists] + [i for c in checklists for i in c.covers]
    features += [i for i in state.catalogue.model["rheumatology"]["ng65_criteria"] if i in state.catalogue.items]
    return any(state.clean.get(i) is True for i in features if i != "buttock_pain")


def _rheumatology(state: _State) -> List[str]:
    if inflammatory_entry(state.clean, state.catalogue) is False:
        return []
    wanted: List[str] = []
    if _ng65_reach(state):
        if not _inflammatory_said(state):
            return ["ibp_checklist"] if state.open("ibp_checklist") else []
        rule = state.catalogue.model["rheumatology"]
        wanted = ["duration_months"] if state.open("duration_months") else []  # the entry condition
        wanted += [i for i in rule["ng65_criteria"] + rule["ng65_three_and_any_of"]
                   if i in state.catalogue.items and i != HLA_B27 and state.open(i)]
        if state.open("alternating_buttock_pain") and "buttock_pain" in wanted:
            wanted.append("alternating_buttock_pain")
    if not wanted and state.open(HLA_B27) and _one_step(state, HLA_B27):
        return [HLA_B27]  # exactly 3 NG65 criteria and nothing else left: the blood test decides
    return _grouped(state, wanted)


def _other_patterns(state: _State) -> List[str]:
    required: List[str] = []
    supports: List[str] = []
    for pattern in state.catalogue.patterns:
        if patterns.pattern_status(pattern, state.clean) is not None:
            continue
        if not state.changes(patterns.best_case(pattern, state.clean)):
            continue
        required += [f.item for f in pattern.requires if state.open(f.item)]
        if all(patterns.feature_state(f, state.clean) for f in pattern.requires):
            supports += [f.item for f in pattern.supports if state.open(f.item)]
    return _grouped(state, list(dict.fromkeys(required + supports)))


def _strength(item: Item, catalogue: Catalogue) -> float:
    return max(abs(math.log(used_lr(item, value, catalogue))) for value in (True, False))


def _leaning(state: _State) -> List[Item]:
    """With a moderate estimate at or above the pre-test: the open weak items that, all answered
    toward the SI joint, would together reach "several signs point to the SI joint". Many weak
    signs add up where one answer alone rarely does, and this is the step toward SI-specific care."""
    est = estimate(state.clean, state.catalogue)
    if est.band != "moderate" or est.probability < est.pretest:
        return []
    trial, chosen = dict(state.clean), []
    triggers = {p.item for p in state.catalogue.si_patterns}  # these decide alone: one-step items
    for item in state.catalogue.items.values():
        if item.scored and item.id not in CORE_ITEMS + tuple(triggers) and state.open(item.id):
            value = item.lr_positive > item.lr_negative
            if used_lr(item, value, state.catalogue) > 1.0:
                trial[item.id] = value
                chosen.append(item)
    return chosen if state.changes(trial) else []


def _likelihood_items(state: _State) -> List[str]:
    """Prior fusion; the likelihood-ratio items whose one answer changes the result; then the weak
    signs the estimate leans toward (``_leaning``). Strongest first within each."""
    queue = ["prior_lumbar_fusion"] if state.open("prior_lumbar_fusion") and _one_step(state, "prior_lumbar_fusion") else []
    by_strength = sorted((it for it in state.catalogue.items.values()
                          if it.scored and it.id not in CORE_ITEMS and state.open(it.id)),
                         key=lambda it: -_strength(it, state.catalogue))
    queue += [it.id for it in by_strength if _one_step(state, it.id)]
    leaning = {it.id for it in _leaning(state)}
    return queue + [it.id for it in by_strength if it.id in leaning and it.id not in queue]


def _care(state: _State) -> List[str]:
    route, _, pathway, fusion, _ = state.key
    months = state.clean.get("duration_months")
    minimum = state.catalogue.model["fusion_min_care_months"]
    if route != "si_likely" or pathway is not None or fusion or (months is not None and months < minimum):
        return []
    if state.open("duration_months"):
        return ["duration_months"]  # care cannot have lasted longer than the pain
    if care_tried(state.clean, state.catalogue):
        return ["conservative_care_months"] if state.open("conservative_care_months") else []
    checklist = state.catalogue.item(CARE_CHECKLIST)
    nothing_tried = state.clean.get(checklist.id) is False or all(
        state.clean.get(i) is False for i in checklist.covers)
    return [checklist.id] if state.open(checklist.id) and not nothing_tried else []


def remaining_items(answers: Mapping[str, Any], asked: Collection[str]) -> List[str]:
    """Items the planner would ask now, in order (the first one is ``next_item``).

    A snapshot: answering the first may change what follows (branches, stopping rule).
    """
    catalogue = load_catalogue()
    clean = normalize_answers(answers, catalogue)
    state = _State(clean, frozenset(asked or ()), catalogue, decide(clean, catalogue).key())
    safety = _safety(state)
    screen_ids = {i.id for i in catalogue.in_group("safety_screen")}
    budget = MAX_QUESTIONS - len((state.asked - screen_ids) & set(catalogue.ids))
    rest: List[str] = []
    for stage in (_core_and_context, _rheumatology, _other_patterns, _likelihood_items, _care):
        rest += [i for i in stage(state) if i not in rest and state.open(i)]
    return safety + rest[: max(0, budget)]


def next_item(answers: Mapping[str, Any], asked: Collection[str]) -> Optional[str]:
    """The next catalogue item to ask, or None when the quiz is done."""
    remaining = remaining_items(answers, asked)
    return remaining[0] if remaining else None
