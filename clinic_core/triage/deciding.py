"""Deciding: findings (and risk factors known from earlier messages) -> a level and reasons.

Every rule is a row of lexicons/triage.yml: a flag is raised when one of its `when` alternatives
holds; with no flag, an unclear mention gets the one yes/no question of the first check that
holds. An answer to that question (``answer_check``) and the quiz's safety screen judged as a
whole (``screen_judgement``) are decided from the same table.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from clinic_core.triage.table import Requirement, TriageTable
from clinic_core.triage.window import Finding
from clinic_core.vocabulary import ALERT_LEVELS, CHECK, EMERGENCY, LEVEL_ORDER, URGENT, higher_level

NOT_SURE = "not_sure"
Placed = Tuple[Finding, int]  # a finding and the offset of its window in the prepared text


@dataclass(frozen=True)
class TriageResult:
    level: Optional[str] = None  # emergency | urgent | check | None
    reasons: Tuple[str, ...] = ()  # flag ids (or check ids for level check), most serious first
    factors_found: FrozenSet[str] = frozenset()  # risk factors said in this message
    check_question_id: Optional[str] = None
    # Red-flag ideas the text mentions but negates ("no bladder problems"): for the NLU guard.
    negated: Tuple[str, ...] = ()
    # (flag, check or factor id, start, end): where in the caller's text each was said (best effort).
    evidence: Tuple[Tuple[str, int, int], ...] = ()
    # A yes/no question to ask right after an urgent alert ("are you safe right now?" after a
    # crisis message); None after an emergency alert, whose words already say what to do now.
    follow_up_question: Optional[str] = None

    @property
    def is_alert(self) -> bool:
        return self.level in ALERT_LEVELS

    def span(self, concept: str) -> Tuple[int, int]:
        for name, start, end in self.evidence:
            if name == concept:
                return start, end
        return 0, 0


class _Facts:
    """What one message established: present findings by kind, factors said, factors known."""

    def __init__(self, found: Iterable[Placed], known: FrozenSet[str]) -> None:
        self.present: Dict[str, List[Placed]] = {}
        self.said: Dict[str, List[Placed]] = {}
        self.negated: List[Finding] = []
        for item in found:
            finding = item[0]
            if finding.status == "absent":
                if finding.negated:
                    self.negated.append(finding)
                continue
            self.present.setdefault(finding.kind, []).append(item)
            for factor in finding.factors:
                self.said.setdefault(factor, []).append(item)
        self.factors = set(self.said) | set(known)

    def holds(self, requirement: Requirement) -> bool:
        verb, names = requirement.verb, requirement.names
        if verb == "found":
            return any(k in self.present for k in names)
        if verb == "not found":
            return not any(k in self.present for k in names)
        if verb == "factor":
            return bool(names & self.factors)
        if verb == "no factor":
            return not names & self.factors
        return bool(names & set(self.said))  # said

    def evidence(self, alternative: Sequence[Requirement]) -> Optional[Placed]:
        """Where the alternative was said: the earliest finding it needed."""
        items = [i for r in alternative if r.verb == "found" for k in sorted(r.names) for i in self.present.get(k, ())]
        items = items or [i for r in alternative if r.verb == "said" for k in sorted(r.names) for i in self.said.get(k, ())]
        return min(items, key=_position) if items else None

    def first_that_holds(self, alternatives) -> Tuple[bool, Optional[Placed]]:
        for alternative in alternatives:
            if all(self.holds(r) for r in alternative):
                return True, self.evidence(alternative)
        return False, None


def decide(found: Iterable[Placed], known: FrozenSet[str], table: TriageTable, span) -> TriageResult:
    """The result for one message. ``span(start, end)`` maps prepared-text offsets to the caller's."""
    facts = _Facts(found, known)
    reasons: Dict[str, Optional[Placed]] = {}
    for flag in table.flags.values():
        raised, where = facts.first_that_holds(flag.when)
        if raised:
            reasons[flag.id] = where
    checks: Dict[str, Optional[Placed]] = {}
    for check in table.checks.values():
        asked, where = facts.first_that_holds(check.when)
        if asked:
            checks[check.id] = where
    evidence = [(name, *span(offset + f.cstart, offset + f.cend))
                for name, item in [*reasons.items(), *_earliest(facts.said).items(), *checks.items()]
                if item for f, offset in [item]]
    negated = tuple(dict.fromkeys(n for n in (table.kinds[f.kind].negated for f in facts.negated) if n))
    level, ordered, question = None, (), None
    if reasons:
        level = _highest(table.flags[r].level for r in reasons)
        ordered = _most_serious_first({r: table.flags[r].level for r in reasons}, table)
    elif checks:
        level, ordered = CHECK, tuple(checks)
        question = table.checks[ordered[0]].question
    follow_up = None
    if level == URGENT:
        follow_up = next((table.flags[r].then_ask for r in ordered if table.flags[r].then_ask), None)
    return TriageResult(level, ordered, frozenset(facts.said), question, negated, tuple(evidence), follow_up)


def _position(item: Placed) -> Tuple[int, int]:
    finding, offset = item
    return offset + finding.cstart, offset + finding.cend


def _highest(levels: Iterable[Optional[str]]) -> Optional[str]:
    """The most serious of some levels (the first on a tie)."""
    return functools.reduce(higher_level, levels)


def _most_serious_first(levels: Mapping[str, str], table: TriageTable) -> Tuple[str, ...]:
    """Flag ids by their level here, most serious first, then in the table's flag order."""
    order = list(table.flags)
    return tuple(sorted(levels, key=lambda r: (-LEVEL_ORDER[levels[r]], order.index(r))))


def _earliest(said: Dict[str, List[Placed]]) -> Dict[str, Placed]:
    return {factor: min(items, key=_position) for factor, items in said.items()}


def resolve_check(table: TriageTable, question_id: Optional[str], answer: bool,
                  known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """The result of a yes (``True``) or no (``False``) to a safety question."""
    if not answer:
        return TriageResult()
    question = table.questions.get(question_id or "", table.questions[table.default_question])
    facts = _Facts((), frozenset(known_factors or ()))
    reasons = [question.raises]
    for alternative, adds in question.worse_with:
        if all(facts.holds(r) for r in alternative):
            reasons = [adds, question.raises]
            break
    level = _highest(table.flags[r].level for r in reasons)
    return TriageResult(level=level, reasons=tuple(reasons), factors_found=frozenset(question.gives))


def answer_check(table: TriageTable, question_id: Optional[str], said: str,
                 known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """The result of an answer ("yes", "no" or "not_sure") to a safety question: its alarm answer
    raises the question's flag; "not sure" that is not an alarm answer gets same-day advice (an
    unsure answer about an emergency sign is never silence); any other answer raises nothing."""
    question = table.questions.get(question_id or "", table.questions[table.default_question])
    if said not in question.alarm_on and said != NOT_SURE:
        return TriageResult()
    result = resolve_check(table, question.id, True, known_factors)
    if said in question.alarm_on or result.level != EMERGENCY:
        return result
    return TriageResult(level=URGENT, reasons=result.reasons, factors_found=result.factors_found)


def screen_judgement(table: TriageTable, answers: Mapping[str, Any], unsure: Iterable[str] = (),
                     known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """All the quiz's safety-screen answers, its age and the risk factors known so far, judged
    together (``screen_rules``): weakness and a fever are one emergency, not two urgent alerts.
    Every "yes" is a risk factor (``factors_found``) whatever it raised; a screen question answered
    ``unsure`` ("not sure", a typed "skip") gets same-day advice for its sign."""
    said = {spec.gives for item, spec in table.screen_items.items() if answers.get(item) is True}
    said |= {f.gives for f in table.answer_factors if f.holds(answers.get(f.item))}
    facts = _Facts((), frozenset(known_factors) | said)
    levels: Dict[str, str] = {flag: table.flags[flag].level for flag, alternatives in table.screen_rules.items()
                              if any(all(facts.holds(r) for r in alt) for alt in alternatives)}
    for item in unsure:
        spec = table.screen_items.get(item)
        if spec and spec.question and answers.get(item) is None:
            advice = answer_check(table, spec.question, NOT_SURE, facts.factors)
            for reason in advice.reasons:
                levels[reason] = higher_level(levels.get(reason), advice.level)
    if not levels:
        return TriageResult(factors_found=frozenset(said))
    reasons = _most_serious_first(levels, table)
    return TriageResult(level=levels[reasons[0]], reasons=reasons, factors_found=frozenset(said))
