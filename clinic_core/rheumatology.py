"""Inflammatory back pain and the rheumatology route: NICE NG65 and the Berlin criteria.

Plain Python, no Rasa import; the numbers live in ``evidence/catalogue.yml`` (model.rheumatology)
and the sources in docs/evidence.md §Q16.

- Entry condition (NG65, also the Berlin entry): back pain for more than 3 months that started
  before 45 (onset age = age - duration_months / 12). Known failure blocks everything; an unknown
  age or duration does not (missing a referral is worse than suggesting one). At 60 or over the
  rule is never applied (team choice: a 70-year-old never gets this route).
- NG65 referral: 4 or more of its 9 criteria; with exactly 3, NG65 asks for an HLA-B27 test: the
  quiz refers when HLA-B27 is known positive, or with uveitis or inflammatory bowel disease, and
  otherwise adds a step to ask the doctor about that test.
- Berlin (>= 2 of 4) marks inflammatory back pain. It is reported, never a route by itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Mapping, Optional

from clinic_core.catalogue import ONSET_BEFORE_35, Catalogue, load_catalogue

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class RheumatologyFinding:
    entry: Optional[bool]  # the entry condition: True, False, or None when not known yet
    ng65_met: List[str]  # criteria present, in rule order (may include "onset_before_35")
    ng65_open: List[str]  # criteria not known yet
    refer: bool  # route "rheumatology"
    hla_test_step: bool  # exactly 3 criteria and no referral: ask the doctor about HLA-B27
    berlin_met: List[str]
    inflammatory_back_pain: bool  # Berlin >= 2 of 4 with the entry condition not failed


def _number(answers: Answers, item_id: str) -> Optional[float]:
    value = answers.get(item_id)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _rule(catalogue: Optional[Catalogue]) -> Mapping[str, Any]:
    return (catalogue or load_catalogue()).model["rheumatology"]


def inflammatory_entry(answers: Answers, catalogue: Optional[Catalogue] = None) -> Optional[bool]:
    """Back pain for more than 3 months that started before 45, in someone under 60."""
    rule = _rule(catalogue)
    age, months = _number(answers, "age"), _number(answers, "duration_months")
    if months is not None and months <= rule["duration_months_over"]:
        return False
    if age is not None and age >= rule["oldest_age"]:
        return False
    if age is not None and months is not None:
        return age - months / 12.0 < rule["onset_age_below"]
    return None


def onset_before_35(answers: Answers, catalogue: Optional[Catalogue] = None) -> Optional[bool]:
    """The NG65 criterion "back pain that started before the age of 35", from age and duration."""
    limit = _rule(catalogue)["onset_before_age"]
    age, months = _number(answers, "age"), _number(answers, "duration_months")
    if age is not None and age < limit:
        return True  # the pain cannot have started after today
    if age is not None and months is not None:
        return age - months / 12.0 < limit
    return None


def _criterion(answers: Answers, criterion: str, catalogue: Optional[Catalogue]) -> Optional[bool]:
    if criterion == ONSET_BEFORE_35:
        return onset_before_35(answers, catalogue)
    return answers.get(criterion)


def ng65_refers(met: int, answers: Answers, catalogue: Optional[Catalogue] = None) -> bool:
    """NG65 with ``met`` criteria present (entry condition checked by the caller)."""
    rule = _rule(catalogue)
    if met >= int(rule["ng65_refer_at"]):
        return True
    extra = any(answers.get(item_id) is True for item_id in rule["ng65_three_and_any_of"])
    return met == int(rule["ng65_refer_at"]) - 1 and extra


def assess(answers: Answers, catalogue: Optional[Catalogue] = None) -> RheumatologyFinding:
    rule = _rule(catalogue)
    entry = inflammatory_entry(answers, catalogue)
    states = {c: _criterion(answers, c, catalogue) for c in rule["ng65_criteria"]}
    met = [c for c, state in states.items() if state is True]
    still_open = [c for c, state in states.items() if state is None]
    berlin = [c for c in rule["berlin_criteria"] if answers.get(c) is True]
    possible = entry is not False
    refer = possible and ng65_refers(len(met), answers, catalogue)
    three = len(met) == int(rule["ng65_refer_at"]) - 1
    return RheumatologyFinding(
        entry=entry,
        ng65_met=met,
        ng65_open=still_open,
        refer=refer,
        hla_test_step=possible and three and not refer,
        berlin_met=berlin,
        inflammatory_back_pain=possible and len(berlin) >= int(rule["berlin_min_met"]),
    )
