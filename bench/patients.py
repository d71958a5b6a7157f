"""Scripted patients: whole quiz conversations, their replays for the bare bot, long conversations.

A patient runs over a transport (bench/transports.py) and records each turn's latency. Our
assistant is driven adaptively (each answer depends on the question asked, as a person answers);
the bare `rasa init` bot gets the very messages a patient sent to ours (a replay), so both bots
see the same number of turns with the same text.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

from bench.transports import Reply, TurnError
from tests.support.chat import asked_item, customs

QUIZ_START = "I want to take the pain quiz"
NUMBERS = {"age": "45", "duration_months": "8", "conservative_care_months": "6"}
# Answering profiles that end in different routes (as in tests/server/test_quiz_http.py).
PROFILES: List[Dict[str, object]] = [
    {"yes": {"one_finger_psis", "groin_pain", "pain_sitting", "unilateral_pain", "buttock_pain",
             "pain_rising_from_sitting", "pain_stairs_single_leg", "pain_turning_in_bed"}, "default": "no"},
    {"yes": set(), "default": "not sure"},
    {"yes": {"pain_above_belt", "pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze"}, "default": "no"},
    {"yes": {"morning_stiffness_over_30min", "night_waking", "better_with_exercise", "alternating_buttock_pain",
             "nsaid_response"}, "default": "no"},
]
# Turns that fill a long conversation around the quiz; the probe is the same question at turn 5 and 50.
FILLERS = ["hello", "how long does the relief from an injection last?", "do you take my insurance?", "thanks"]
PROBE = "what are your office hours?"
PROBE_TURNS = (5, 50)  # the turns at which the probe is asked in a long conversation
MAX_QUIZ_TURNS = 60


def answer_for(profile_index: int) -> Callable[[str], str]:
    profile = PROFILES[profile_index % len(PROFILES)]

    def answer(item: str) -> str:
        if item in NUMBERS:
            return NUMBERS[item]
        if item.startswith("screen_"):
            return "no"  # no red flags: every patient reaches a result
        return "yes" if item in profile["yes"] else str(profile["default"])

    return answer


@dataclass
class Turn:
    text: str
    latency: float  # seconds; for an error, until the error
    replies: List[Reply] = field(default_factory=list)
    error: Optional[str] = None


@dataclass
class Conversation:
    sender: str
    turns: List[Turn] = field(default_factory=list)
    result: Optional[Reply] = None  # the quiz_result payload, when the patient reached it
    error: Optional[str] = None  # why it stopped early

    @property
    def texts(self) -> List[str]:
        return [t.text for t in self.turns]


class Patient:
    """Talks over one transport and keeps the record; a failed turn ends the conversation."""

    def __init__(self, transport, sender: str):
        self.transport = transport
        self.record = Conversation(sender)

    async def say(self, text: str) -> List[Reply]:
        start = time.perf_counter()
        try:
            replies = await self.transport.send(text)
        except TurnError as exc:
            self.record.turns.append(Turn(text, time.perf_counter() - start, error=str(exc)))
            raise
        latency = time.perf_counter() - start
        self.record.turns.append(Turn(text, latency, replies))
        if not replies:
            self.record.turns[-1].error = "no reply"
            raise TurnError("no reply")
        return replies

    async def quiz(self, profile_index: int, first: str = QUIZ_START) -> List[Reply]:
        """The pain quiz from ``first`` to its result; returns the replies that carried it."""
        answer = answer_for(profile_index)
        replies = await self.say(first)
        for _ in range(MAX_QUIZ_TURNS):
            results = customs(replies, "quiz_result")
            if results:
                self.record.result = results[-1]
                return replies
            item = asked_item(replies)
            if item is None:  # what was said instead tells why (e.g. an action that did not run)
                said = " / ".join((r.get("text") or "")[:70] for r in replies if r.get("text"))
                raise TurnError(f"neither a quiz question nor a result: {said!r}")
            replies = await self.say(answer(item))
        raise TurnError(f"no result after {MAX_QUIZ_TURNS} answers")

    async def replay(self, texts: Sequence[str]) -> None:
        for text in texts:
            await self.say(text)

    async def long_conversation(self, profile_index: int, turns: int) -> None:
        """Fillers, the probe at turn 5, the quiz, fillers, the probe again at turn ``turns``."""
        for i in range(4):
            await self.say(FILLERS[i % len(FILLERS)])
        await self.say(PROBE)
        await self.quiz(profile_index)
        while len(self.record.turns) < turns - 1:
            await self.say(FILLERS[len(self.record.turns) % len(FILLERS)])
        await self.say(PROBE)


async def run_patient(make_transport, sender: str, script: Callable[[Patient], object]) -> Conversation:
    """Opens a transport, runs ``script(patient)``, closes; errors end up in the record."""
    transport = make_transport()
    patient = Patient(transport, sender)
    try:
        await transport.open(sender)
        await script(patient)
    except TurnError as exc:
        patient.record.error = str(exc)
    finally:
        try:
            await transport.close()
        except Exception:  # noqa: BLE001 - closing a broken connection must not hide the record
            pass
    return patient.record
