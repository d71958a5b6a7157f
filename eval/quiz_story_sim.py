"""Core-level simulation of the pain quiz on the held-out stories (no Rasa, no server).

For every story in ``eval/quiz_stories.yml``, two runs:
- story first: the quiz starts prefilled with the facts the opening states (``opening_facts``);
- quiz first: the quiz starts from nothing.
Then the planner asks and a simulated patient answers from the story's ``facts`` ("not sure" for
anything else; "none of these" to the safety checklist: the stories hold no red flags), until the
planner stops; the answers are scored.

Printed: exact route (route, other pattern and pathway all as expected), route alone, under-triage
(a missed rheumatology referral or a missed pregnancy pathway), SI procedure advice where the story
expects another source, and the median / max number of questions, per run kind; then every miss.

    .venv/bin/python -m eval.quiz_story_sim            # table and misses
    .venv/bin/python -m eval.quiz_story_sim --check    # exit 1 when a target is missed
Targets (issue 10): exact route >= 90 %, never under-triaged, median questions <= 8 story first
and <= 14 quiz first.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

import yaml

from clinic_core.catalogue import Catalogue, Item, load_catalogue
from clinic_core.quiz_plan import next_item
from clinic_core.scoring import QuizResult, score

STORIES_FILE = Path(__file__).resolve().parent / "quiz_stories.yml"
SAFETY_CHECKLIST = "screen_checklist"
TARGETS = {"exact_rate": 0.90, "under_triage": 0, "median_story_first": 8, "median_quiz_first": 14}
MAX_TURNS = 60


@dataclass(frozen=True)
class Run:
    story_id: str
    kind: str  # story_first | quiz_first
    expected: Tuple[Any, Any, Any]
    got: Tuple[Any, Any, Any]
    asked: Tuple[str, ...]

    @property
    def exact(self) -> bool:
        return self.expected == self.got

    @property
    def under_triaged(self) -> bool:
        missed_rheumatology = self.expected[0] == "rheumatology" and self.got[0] != "rheumatology"
        missed_pregnancy = self.expected[2] == "pregnancy" and self.got[2] != "pregnancy"
        return missed_rheumatology or missed_pregnancy

    @property
    def procedure_instead_of_other_source(self) -> bool:
        return self.got[0] == "si_likely" and self.expected[1] is not None and self.expected[0] != "si_likely"


def load_stories(path: Path = STORIES_FILE) -> List[Dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _checklist_reply(item: Item, facts: Mapping[str, Any]) -> Any:
    if item.id == SAFETY_CHECKLIST and not any(facts.get(i) is True for i in item.covers):
        return False  # no red flags in these stories
    known = [facts.get(i) for i in item.covers]
    if any(value is True for value in known):
        chosen = [i for i in item.covers if facts.get(i) is True]
        return chosen if all(value is not None for value in known) else True
    return False if all(value is False for value in known) else None


def patient_reply(item_id: str, facts: Mapping[str, Any], catalogue: Catalogue) -> Any:
    """What the simulated patient answers: the fact, a checklist answer built from the facts,
    "no" to a single safety question, or None ("not sure")."""
    if item_id in facts:
        return facts[item_id]
    item = catalogue.item(item_id)
    if item.is_checklist:
        return _checklist_reply(item, facts)
    return False if item.group == "safety_screen" else None


def play(facts: Mapping[str, Any], start: Iterable[str], catalogue: Catalogue) -> Tuple[QuizResult, List[str]]:
    answers = {item_id: facts[item_id] for item_id in start}
    asked: List[str] = []
    for _ in range(MAX_TURNS):
        item_id = next_item(answers, asked)
        if item_id is None:
            return score(answers), asked
        asked.append(item_id)
        value = patient_reply(item_id, facts, catalogue)
        if value is not None:
            answers[item_id] = value
    raise RuntimeError("the quiz never ended")


def run_story(story: Mapping[str, Any], kind: str, catalogue: Catalogue) -> Run:
    start = story.get("opening_facts") or [] if kind == "story_first" else []
    result, asked = play(story["facts"], start, catalogue)
    expect = story["expect"]
    return Run(story["id"], kind, (expect["route"], expect.get("other_pattern"), expect.get("pathway")),
               (result.route, result.other_pattern, result.pathway), tuple(asked))


def run_all(stories: List[Mapping[str, Any]]) -> List[Run]:
    catalogue = load_catalogue()
    return [run_story(story, kind, catalogue) for kind in ("story_first", "quiz_first") for story in stories]


def summarize(runs: List[Run], kind: str) -> Dict[str, Any]:
    mine = [r for r in runs if r.kind == kind]
    counts = [len(r.asked) for r in mine]
    return {
        "runs": len(mine),
        "exact_rate": sum(r.exact for r in mine) / len(mine),
        "route_rate": sum(r.expected[0] == r.got[0] for r in mine) / len(mine),
        "under_triage": sum(r.under_triaged for r in mine),
        "procedure_instead_of_other_source": sum(r.procedure_instead_of_other_source for r in mine),
        "median_questions": statistics.median(counts),
        "max_questions": max(counts),
    }


def report(runs: List[Run]) -> Tuple[str, Dict[str, Dict[str, Any]]]:
    figures = {kind: summarize(runs, kind) for kind in ("story_first", "quiz_first")}
    lines = ["| run | stories | exact route | route only | under-triage | SI procedure instead of other source "
             "| median questions | max questions |", "|---|---|---|---|---|---|---|---|"]
    for kind, f in figures.items():
        lines.append(f"| {kind} | {f['runs']} | {f['exact_rate']:.1%} | {f['route_rate']:.1%} | {f['under_triage']} "
                     f"| {f['procedure_instead_of_other_source']} | {f['median_questions']:g} | {f['max_questions']} |")
    misses = [r for r in runs if not r.exact]
    if misses:
        lines += ["", "Misses (expected -> got, questions asked):"]
        lines += [f"- {r.kind} {r.story_id}: {r.expected} -> {r.got} ({len(r.asked)}: {', '.join(r.asked)})"
                  for r in misses]
    return "\n".join(lines), figures


def targets_met(figures: Mapping[str, Mapping[str, Any]]) -> List[str]:
    failed = []
    for kind in ("story_first", "quiz_first"):
        f = figures[kind]
        if f["exact_rate"] < TARGETS["exact_rate"]:
            failed.append(f"{kind}: exact route {f['exact_rate']:.1%} < 90%")
        if f["under_triage"] > TARGETS["under_triage"]:
            failed.append(f"{kind}: {f['under_triage']} under-triaged")
        if f["median_questions"] > TARGETS[f"median_{kind}"]:
            failed.append(f"{kind}: median questions {f['median_questions']:g} > {TARGETS[f'median_{kind}']}")
    return failed


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    text, figures = report(run_all(load_stories()))
    print(text)
    failed = targets_met(figures)
    for line in failed:
        print(f"TARGET MISSED: {line}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
