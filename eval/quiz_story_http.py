"""The held-out quiz stories over HTTP: a simulated patient talks to the running assistant.

The stories of the core simulation (``eval/quiz_story_sim.py``, which plays all 100 in-process),
twice each, but every turn goes through the REST channel of a real Rasa server and action server:
the opening is read by the NLU pipeline and the rule layer, the form asks, the patient types. A
conversation costs about a second a turn, so ``make eval`` plays a fixed sample of 20 stories
(seeded, the same every run); ``--all`` plays the 100.

- story first: the patient's first message is the story's ``opening`` (what it starts depends on
  how it is read: if it starts no quiz, the patient then asks for the quiz);
- quiz first: "I'd like to take the pain quiz", then the questions.

The simulated patient answers every question from the story's ``facts`` as a person would type
it: "yes", "no", a number, "not sure" for anything the story does not say, "no" to the safety
checklist (the stories hold no red flags), and for a checklist whose items are all known, the
words of the ones that apply ("pain below the knee and legs heavy or achy when walking"; for the
treatment question, its button words). What the result payload says (route, other_pattern,
pathway) is compared with the story's ``expect`` exactly as in the core simulation.

    .venv/bin/python -m eval.quiz_story_http            # starts the servers, the sample, the table
    .venv/bin/python -m eval.quiz_story_http --all      # every story (about 10 times longer)
``make eval`` runs it through ``eval/run_all.py`` on the servers it already runs.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from typing import Any, Dict, List, Mapping, Optional, Tuple

from clinic_core.catalogue import Catalogue, Item, load_catalogue
from clinic_core.vocabulary import QUIZ_QUESTION, QUIZ_RESULT, TRIAGE_ALERT
from eval.red_flag_runs import customs
from eval.quiz_story_sim import Run, load_stories, patient_reply, report, targets_met

QUIZ_REQUEST = "I'd like to take the pain quiz"
MAX_TURNS = 40
SAMPLE_SIZE = 20  # stories over HTTP in `make eval`; the core simulation covers all of them
SAMPLE_SEED = 10  # the number: a fixed sample, never re-drawn to look better


def story_sample(stories: List[Dict[str, Any]], size: Optional[int]) -> List[Dict[str, Any]]:
    """A fixed, seeded sample in file order (every story when size is None or too large)."""
    if size is None or size >= len(stories):
        return stories
    chosen = set(random.Random(SAMPLE_SEED).sample(range(len(stories)), size))
    return [story for i, story in enumerate(stories) if i in chosen]


def typed_answer(item: Item, value: Any, catalogue: Catalogue) -> str:
    """What the patient types for one answer (None = "not sure")."""
    if value is None:
        return "not sure"
    if isinstance(value, list):  # a checklist's items that apply, in its own words
        words = [(catalogue.item(i).choice or catalogue.item(i).label).lower() for i in value]
        return " and ".join(words)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}"


class StoryChat:
    """One story, one run kind, one conversation over HTTP (``say(sender, text) -> messages``)."""

    def __init__(self, say, story: Mapping[str, Any], kind: str, catalogue: Catalogue) -> None:
        self.say, self.story, self.kind, self.catalogue = say, story, kind, catalogue
        self.sender = f"eval-story-{uuid.uuid4()}"
        self.asked: List[str] = []
        self.notes: List[str] = []

    def run(self) -> Tuple[Optional[Dict[str, Any]], List[str]]:
        first = self.story["opening"] if self.kind == "story_first" else QUIZ_REQUEST
        replies = self.say(self.sender, first)
        requested = self.kind == "quiz_first"
        for _ in range(MAX_TURNS):
            if customs(replies, TRIAGE_ALERT):
                self.notes.append("alert")
            results = customs(replies, QUIZ_RESULT)
            if results:
                return results[-1], self.notes
            questions = customs(replies, QUIZ_QUESTION)
            if not questions:
                if requested:
                    self.notes.append("stalled")
                    return None, self.notes
                self.notes.append("opening started no quiz")
                requested = True
                replies = self.say(self.sender, QUIZ_REQUEST)
                continue
            item = self.catalogue.item(questions[-1]["item"])
            self.asked.append(item.id)
            value = patient_reply(item.id, self.story["facts"], self.catalogue)
            replies = self.say(self.sender, typed_answer(item, value, self.catalogue))
        self.notes.append("too many turns")
        return None, self.notes


def run_story(say, story: Mapping[str, Any], kind: str, catalogue: Catalogue) -> Tuple[Run, List[str]]:
    chat = StoryChat(say, story, kind, catalogue)
    result, notes = chat.run()
    expect = story["expect"]
    got = (result["route"], result.get("other_pattern"), result.get("pathway")) if result else (None, None, None)
    run = Run(story["id"], kind, (expect["route"], expect.get("other_pattern"), expect.get("pathway")),
              got, tuple(chat.asked))
    return run, notes


def eval_quiz_stories(say, size: Optional[int] = SAMPLE_SIZE) -> Dict[str, Any]:
    """The sample (or every story), story first then quiz first; figures per run kind, misses, notes."""
    catalogue = load_catalogue()
    stories = story_sample(load_stories(), size)
    started = time.monotonic()
    runs, notes = [], {}
    for kind in ("story_first", "quiz_first"):
        for story in stories:
            run, said = run_story(say, story, kind, catalogue)
            runs.append(run)
            if said:
                notes[f"{kind} {story['id']}"] = sorted(set(said))
    table, figures = report(runs)
    return {"figures": figures, "table": table, "stories": len(stories), "notes": notes, "failed_targets": targets_met(figures),
            "seconds": round(time.monotonic() - started, 1),
            "failures": [{"run": r.kind, "story": r.story_id, "expected": list(r.expected), "got": list(r.got),
                          "questions": len(r.asked)} for r in runs if not r.exact]}


def main(argv: Optional[List[str]] = None) -> int:
    from eval.red_flag_runs import Client
    from eval.run_all import TOKEN
    from scripts.servers import running_assistant

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--all", action="store_true", help="every story, not the fixed sample")
    args = parser.parse_args(argv)
    with running_assistant(api_token=TOKEN) as servers:
        outcome = eval_quiz_stories(Client(servers["url"], TOKEN).say, None if args.all else SAMPLE_SIZE)
    print(outcome["table"])
    for run, said in outcome["notes"].items():
        print(f"note: {run}: {', '.join(said)}")
    print(f"{outcome['seconds']:.0f} s")
    for line in outcome["failed_targets"]:
        print(f"TARGET MISSED: {line}")
    return 1 if args.check and outcome["failed_targets"] else 0


if __name__ == "__main__":
    sys.exit(main())
