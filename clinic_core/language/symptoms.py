"""Free text -> quiz item findings.

    >>> f = extract_findings("hurts when I sit and getting out of the car, only the left side, "
    ...                      "never below the knee, for about 8 months")
    >>> f.items["pain_sitting"], f.items["pain_below_knee"], f.items["duration_months"], f.side
    (True, False, 8.0, 'left')

How it works: the shared reader (``reader.py``) prepares the text (normalised, typos mended).
Three rule pipelines then read it: quiz items (SYMPTOM), treatments tried (TREATMENT, negated
only by what comes before them: "PT didn't help" still means PT was tried) and side (SIDE), so
that "left buttock" yields both a side and a buttock mention. Negation is carried along lists
(``clauses.py``); numbers (duration, age, how long morning stiffness lasts) are read by
``numbers.py``. What all of them know is data: lexicons/<lang>/symptoms.yml, context_cues.yml,
numbers.yml. A later mention of an item wins over an earlier one.

Nothing here logs or stores the text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

from clinic_core.language.clauses import Said, carry_negation_through_lists, span_of, spans, words
from clinic_core.language.numbers import Numbers
from clinic_core.language.reader import Prepared, Reader, reader
from clinic_core.language.rule_pipeline import RulePipeline

Value = Union[bool, float]
MORNING_STIFFNESS = "morning_stiffness_over_30min"
SHORT_STIFFNESS = "short_morning_stiffness"  # stiff in the morning, loose within 30 minutes
STIFFNESS_CONCEPTS = ("_mstiff", "_mstiff_long")  # helper concepts of symptoms.yml
CARE_CONCEPT = "_conservative"  # "conservative care" (dates care, is no treatment itself)
SIDES = ("left", "right", "both")
_HAS_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class FindingMention:
    """One piece of evidence: ``item`` (an item id, or "side") with its value and where it was
    said (character offsets into the original text; best effort after typo repair)."""

    item: str
    value: Union[bool, float, str]
    text: str
    start: int
    end: int


@dataclass
class Findings:
    items: Dict[str, Value] = field(default_factory=dict)
    side: Optional[str] = None  # "left" | "right" | "both"
    mentions: List[FindingMention] = field(default_factory=list)  # in text order
    # The mention that decided each item (the last one), and the one that decided the side.
    evidence: Dict[str, FindingMention] = field(default_factory=dict)
    side_mention: Optional[FindingMention] = None

    def present(self) -> List[str]:
        return [k for k, v in self.items.items() if v is True]

    def absent(self) -> List[str]:
        return [k for k, v in self.items.items() if v is False]


class _Engine:
    """The three symptom pipelines of one lexicon folder, built once per process."""

    def __init__(self, shared: Reader) -> None:
        lexicon = shared.lexicon
        compiler = shared.compiler("symptoms")
        self.reader, self.lexicon, self.numbers = shared, lexicon, Numbers(lexicon)
        self.items = RulePipeline(compiler.compile("SYMPTOM", lexicon.symptom_entries("items")),
                                  lexicon.negation("symptoms"))
        self.treatments = RulePipeline(compiler.compile("TREATMENT", lexicon.symptom_entries("treatments")),
                                       lexicon.negation("treatments"))
        self.sides = RulePipeline(compiler.compile("SIDE", lexicon.symptom_entries("sides")),
                                  lexicon.negation("sides"))
        # Item id lists of symptoms.yml, read once here rather than per message.
        self.dated_events = frozenset(lexicon.symptom_list("dated_events"))
        self.sides_belong_to = frozenset(lexicon.symptom_list("sides_belong_to"))
        self.care_without_duration = frozenset(lexicon.symptom_list("care_without_duration"))


@functools.lru_cache(maxsize=None)
def engine() -> _Engine:
    """Build (once) and return the symptom pipelines; call early to pay the cost up front."""
    return _Engine(reader())


def extract_findings(text: Optional[str]) -> Findings:
    """Quiz items a patient's message mentions, true or false, with side, duration and age."""
    try:
        eng = engine()
        prepared = eng.reader.prepare(text)
        if not _HAS_WORD.search(prepared.text):
            return Findings()
        return _Message(eng, prepared).read()
    except Exception:  # pragma: no cover - a broken message must never break the conversation
        return Findings()


class _Message:
    """One prepared message being read for quiz items."""

    def __init__(self, eng: _Engine, prepared: Prepared) -> None:
        self.eng, self.prepared, self.text = eng, prepared, prepared.text
        self.cue, self.lexicon = eng.lexicon.cue, eng.lexicon
        self.clauses = spans(self.text, self.cue("clause_break"))
        self.sentences = spans(self.text, self.cue("sentence_break"))
        self.subclauses = spans(self.text, self.cue("subclause_break"))
        self.raw: List[Tuple[int, int, str, Union[bool, float, str], int]] = []  # start, end, item, value, order

    def add(self, start: int, end: int, item: str, value: Union[bool, float, str], order: int = 0) -> None:
        self.raw.append((start, end, item, value, order))

    def unsure(self, m: Said) -> bool:
        s, e = span_of(m.start, self.subclauses)
        return bool(self.cue("unsure").search(self.text[s:e]))

    def sentence_of(self, pos: int) -> str:
        return self.text[slice(*span_of(pos, self.sentences))]

    def read(self) -> Findings:
        items = self.read_items()
        self.read_morning_stiffness(items)
        events = [m for m in items if m.concept in self.eng.dated_events and not m.negated]
        anchors = self.read_treatments()
        self.read_sides(items)
        self.read_numbers(anchors, events)
        return self.fold()

    # -- quiz items -------------------------------------------------------------------------------

    def read_items(self) -> List[Said]:
        items = [Said.of(m) for m in self.eng.items.mentions(self.text)]
        for m in items:  # elliptical "... but my butt doesn't."
            if not m.negated and self.cue("elliptic_no").match(self.text, m.end):
                m.negated = True
        carry_negation_through_lists(items, self.text, self.lexicon, backward=True)
        risers = [m for m in items if m.concept == "pain_rising_from_sitting"]
        for m in items:
            if m.concept != "_ignore" and not self.unsure(m) and not self._misread(m, risers):
                self._item(m)
        return items

    def _misread(self, m: Said, risers: List[Said]) -> bool:
        if m.concept == "pain_rising_from_sitting" and self.cue("bare_get_up").fullmatch(m.text):
            # "stiff after I get up", "get up in the night": out of bed, not out of a chair
            sentence = self.sentence_of(m.start)
            return bool(self.cue("bed_context").search(sentence)) and not self.cue("seat_context").search(sentence)
        if m.concept == "pain_sitting" and self.cue("after_from_before").search(self.text[max(0, m.start - 30):m.start]):
            clause = span_of(m.start, self.clauses)  # "after sitting" belongs to getting up
            return any(clause[0] <= r.start < clause[1] for r in risers)
        return False

    def _item(self, m: Said) -> None:
        if m.concept in STIFFNESS_CONCEPTS:
            if m.negated:
                self.stiffness(m.start, m.end, None)
                return
            s, e = span_of(m.start, self.sentences)
            verdict = self.eng.numbers.stiffness_over_30_minutes(self.text[max(s, m.start - 70):min(e, m.end + 80)])
            if verdict is None and m.concept == "_mstiff_long":
                verdict = True
            if verdict is not None:
                self.stiffness(m.start, m.end, verdict)
        elif m.concept.startswith("not:"):
            self.add(m.start, m.end, m.concept[4:], m.negated)
        elif m.concept.startswith("neg:"):
            if m.negated:
                self.add(m.start, m.end, m.concept[4:], False)
        else:
            self.add(m.start, m.end, m.concept, not m.negated)

    def stiffness(self, start: int, end: int, over_30_minutes: Optional[bool]) -> None:
        """Morning stiffness: None = none at all (both items "no"); False = it lasts 30 minutes or
        less (short stiffness, a facet sign); True = longer (an inflammatory sign; that it is not
        short follows in scoring)."""
        self.add(start, end, MORNING_STIFFNESS, bool(over_30_minutes))
        if not over_30_minutes:
            self.add(start, end, SHORT_STIFFNESS, over_30_minutes is False)

    def read_morning_stiffness(self, items: List[Said]) -> None:
        """Morning stiffness said in a way the patterns do not cover ("stiff for 2 hours every
        morning"): a stiffness word and a morning word in one sentence."""
        done = {span_of(m.start, self.sentences) for m in items if m.concept in STIFFNESS_CONCEPTS}
        for s, e in self.sentences:
            sentence = self.text[s:e]
            stiff = self.cue("stiff_word").search(sentence)
            if (s, e) in done or not stiff or not self.cue("morning_word").search(sentence):
                continue
            if self.cue("hip_word").search(sentence[max(0, stiff.start() - 12):stiff.end() + 12]):
                continue
            if self.cue("negation_before").search(sentence[:stiff.start()]):
                self.stiffness(s + stiff.start(), s + stiff.end(), None)
                continue
            verdict = self.eng.numbers.stiffness_over_30_minutes(sentence)
            if verdict is not None:
                self.stiffness(s + stiff.start(), s + stiff.end(), verdict)

    # -- treatments -------------------------------------------------------------------------------

    def read_treatments(self) -> List[Said]:
        """Treatments tried; returns the mentions a duration may belong to ("PT for 6 weeks")."""
        treatments = [Said.of(m) for m in self.eng.treatments.mentions(self.text)]
        carry_negation_through_lists(treatments, self.text, self.lexicon, backward=False)
        anchors: List[Said] = []
        for m in treatments:
            if m.concept == "_ignore" or self.unsure(m):
                continue
            s, e = span_of(m.start, self.clauses)
            if not m.negated and (self.cue("not_yet_tried").search(self.text[s:m.start]) or self.text[e:e + 1] == "?"):
                continue  # "thinking about PT", "should I try injections?"
            if m.concept != CARE_CONCEPT:
                self.add(m.start, m.end, m.concept, not m.negated)
            if not m.negated:
                anchors.append(m)
        return anchors

    # -- side, unilateral, alternating ------------------------------------------------------------

    def _side_mentions(self) -> List[Said]:
        said = [Said.of(x) for x in self.eng.sides.mentions(self.text)]
        for s, e in self.clauses:  # "sometimes the left, sometimes the right"
            here = {m.concept for m in said if s <= m.start < e and not m.negated}
            if {"left", "right"} <= here and "alternating" not in here and self.cue("alternation").search(self.text[s:e]):
                first = min(m.start for m in said if s <= m.start < e)
                said.append(Said("alternating", first, first, "", False))
        return sorted(said, key=lambda m: m.start)

    def read_sides(self, items: List[Said]) -> None:
        state: Optional[str] = None
        said_at: Optional[Said] = None
        alternating = False
        for m in self._side_mentions():
            if m.concept == "_ignore" or self.unsure(m) or self._side_of_elsewhere(m, items):
                continue
            if m.concept == "alternating":
                alternating = alternating or not m.negated
                self.add(m.start, m.end, "alternating_buttock_pain", not m.negated)
                continue
            concept = {"one": "both", "both": "one"}.get(m.concept) if m.negated else m.concept
            if concept is None:
                continue  # "not the left" says nothing about the side
            state = self._next_side(state, concept, self.cue("side_correction").search(self.text[max(0, m.start - 30):m.start]))
            said_at = m
        if state and said_at is not None and not alternating:
            self.add(said_at.start, said_at.end, "unilateral_pain", state != "both", 1)
            if state in SIDES:
                self.add(said_at.start, said_at.end, "side", state, 1)

    def _side_of_elsewhere(self, side: Said, items: List[Said]) -> bool:
        """The item said nearest to this side, in its clause, is about another part of the body
        ("psoriasis on my left elbow")."""
        clause = span_of(side.start, self.clauses)
        near = [m for m in items if clause[0] <= m.start < clause[1] and not m.concept.startswith("_")]
        if not near:
            return False
        nearest = min(near, key=lambda m: min(abs(m.start - side.end), abs(side.start - m.end)))
        return nearest.concept.split(":")[-1] in self.eng.sides_belong_to

    @staticmethod
    def _next_side(state: Optional[str], concept: str, correction: object) -> Optional[str]:
        """The side so far after one more mention ("left ... actually the right")."""
        if concept in ("left", "right"):
            if state in (None, "one", concept) or (state in ("both", "left", "right") and correction):
                return concept
            return "both"
        if concept == "both":
            return "both"
        return "one" if state in (None, "both") else state  # concept == "one"

    # -- numbers ------------------------------------------------------------------------------------

    def read_numbers(self, anchors: List[Said], events: List[Said]) -> None:
        for start, end, months in self.eng.numbers.durations(self.text):
            s, e = span_of(start, self.clauses)
            anchor = self._care_anchor(anchors, start, end, s, e)
            if anchor is not None:
                if anchor.concept not in self.eng.care_without_duration:  # "injections every 3 months"
                    self.add(start, end, "conservative_care_months", months, 2)
            elif not self.cue("worse_before").search(self.text[max(s, start - 40):start]) \
                    and not self._dates_an_event(events, start, s, e):
                self.add(start, end, "duration_months", months, 2)
        for start, end, years in self.eng.numbers.ages(self.text):
            self.add(start, end, "age", years, 2)

    def _care_anchor(self, anchors: List[Said], start: int, end: int, s: int, e: int) -> Optional[Said]:
        """The treatment a duration belongs to ("PT for 6 weeks", "6 weeks of PT"), if any."""
        before = [a for a in anchors if s <= a.start and a.end <= start]
        if before:
            gap = self.text[before[-1].end:start]
            if len(words(gap)) <= 5 and not self.cue("pain_words").search(gap):
                return before[-1]
        after = [a for a in anchors if start < a.start < e]
        if after and self.cue("care_gap").match(self.text[end:after[0].start]):
            return after[0]
        return None

    def _dates_an_event(self, events: List[Said], start: int, s: int, e: int) -> bool:
        """"fusion 5 years ago" dates the surgery, not the pain ("... and it has hurt ever since"
        does date the pain)."""
        event = [a for a in events if s <= a.start and a.end <= start]
        if not event:
            return False
        gap = self.text[event[-1].end:start]
        return len(words(gap)) <= 6 and not self.cue("pain_words").search(gap) and not self.cue("ever_since").search(self.text[s:e])

    # -- a later mention wins -----------------------------------------------------------------------

    def fold(self) -> Findings:
        findings = Findings()
        original = self.prepared.original
        for start, end, item, value, _order in sorted(self.raw, key=lambda r: (r[0], r[4])):
            o_start, o_end = self.prepared.span(start, end)
            mention = FindingMention(item, value, original[o_start:o_end] or self.text[start:end], o_start, o_end)
            findings.mentions.append(mention)
            if item == "side":
                findings.side, findings.side_mention = value, mention
            else:
                findings.items[item] = value
                findings.evidence[item] = mention
        return findings


__all__ = ["Findings", "FindingMention", "extract_findings", "engine"]
