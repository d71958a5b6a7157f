"""The context of one red-flag mention, and what it does to the finding.

Is it negated ("no bladder problems"), unsure ("not sure if..."), hypothetical ("what if I
lose..."), about someone else ("my mom had cancer", "runs in my family"), about a child, old ("a
year ago"), longstanding ("for years"), resolved ("it went away"), brought on by walking or sitting,
or pain that stops someone moving? The cues are in lexicons/<lang>/context_cues.yml; what each
answer does to each kind of finding is in lexicons/triage.yml (context_profiles, finding_kinds).
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Dict, FrozenSet, Optional, Tuple

from clinic_core.language.lexicon import Lexicon
from clinic_core.triage.table import ABSENT, CONTEXT_TESTS, KEEP, Conditions, TriageTable
from clinic_core.triage.window import Finding, Window

PRECEDING_REACH = 6  # tokens a preceding negation reaches back
FOLLOWING_REACH = 3  # tokens a following negation ("..., is fine") reaches back


def holds(conditions: Conditions, test: Callable[[str, Any], bool]) -> bool:
    """Any alternative whose tests all hold (``not_`` tests inverted)."""
    return any(all(test(name, arg) != negated for name, negated, arg in alt) for alt in conditions)


@functools.lru_cache(maxsize=8)
def _uncertain_cues(lexicon: Lexicon) -> FrozenSet[str]:
    """The "not sure"-type negation cues of red_flags, lower-cased: built once per lexicon."""
    return frozenset(c.lower() for c in lexicon.negation("red_flags").uncertain)


class MentionContext:
    """What the text around one finding says; each answer is worked out once, when first asked."""

    def __init__(self, window: Window, finding: Finding, lexicon: Lexicon) -> None:
        self.w, self.f, self.lexicon = window, finding, lexicon
        self.uncertain_cues = _uncertain_cues(lexicon)

    def test(self, name: str, arg: Any = True) -> bool:
        return TESTS[name](self, arg)

    # -- negation --------------------------------------------------------------------------------

    @functools.cached_property
    def negation(self) -> Optional[str]:
        """"neg" when a negation cue governs the finding, "uncertain" for "not sure"-type cues."""
        w, f = self.w, self.f
        start, end, last_start = f.start, f.end, max(a.start for a in f.atoms)
        bound = w.boundary_of[start]
        inside = [(a.start, a.end) for a in f.atoms]
        for s, e in w.preceding:
            if w.boundary_of[s] != bound or s >= last_start or any(a <= s and e <= b for a, b in inside):
                continue
            if e <= start and (start - e > PRECEDING_REACH or not self._list_continues(e, start)):
                continue
            return "uncertain" if w.doc[s:e].text.lower() in self.uncertain_cues else "neg"
        for s, _e in w.following:
            if w.boundary_of[s] == bound and s >= end and s - end <= FOLLOWING_REACH:
                return "neg"
        return None

    def _list_continues(self, cue_end: int, start: int) -> bool:
        """A comma between a negation cue and a finding ends the cue's reach unless the cue was
        negating a list of findings ("no fever, chills or sweats"), not some other word ("it isn't
        there, numb where you sit")."""
        w = self.w
        commas = [t.i for t in w.doc[cue_end:start] if t.text in (",", ";")]
        if not commas:
            return True
        if commas[0] == cue_end:  # "I haven't, numb between my legs": the cue negated something before
            return False
        filler = self.lexicon.words("list_fillers")
        return all(t.lower_ in filler or any(a.start <= t.i < a.end for a in w.atoms) for t in w.doc[cue_end:commas[0]])

    # -- time, person, question ------------------------------------------------------------------

    @functools.cached_property
    def time(self) -> Optional[str]:
        """"past" | "chronic" | "recent" | None: the time marker nearest the finding, looked for in
        its clause first and then in its sentence."""
        return self._nearest(("past", "chronic", "recent"))

    @functools.cached_property
    def known_condition(self) -> bool:
        """The marker nearest the finding is a condition that explains a longstanding sign
        ("leaking since childbirth", "numb feet with my diabetes") rather than a time."""
        return self._nearest(("past", "chronic", "known_condition", "recent")) == "known_condition"

    def _nearest(self, kinds: Tuple[str, ...]) -> Optional[str]:
        found = self._time_in(*self.w.clause_span(self.f.start), kinds)
        return found if found is not None else self._time_in(*self.w.sentence_span(self.f.start), kinds)

    def _time_in(self, s0: int, s1: int, kinds: Tuple[str, ...]) -> Optional[str]:
        text, f = self.w.text[s0:s1], self.f
        best, best_distance = None, None
        for kind in kinds:
            for m in self.lexicon.cue(kind).finditer(text):
                a, b = s0 + m.start(), s0 + m.end()
                distance = 0 if a < f.cend and f.cstart < b else (f.cstart - b if b <= f.cstart else a - f.cend)
                # Prefer the marker nearest the finding; on a tie the later kind (recent) wins.
                if best_distance is None or distance <= best_distance:
                    best, best_distance = kind, distance
        return best

    @functools.cached_property
    def hypothetical(self) -> bool:
        return bool(self.lexicon.cue("hypothetical").search(self.clause_before)) or self.asks_in_general

    @functools.cached_property
    def conditional(self) -> bool:
        """A narrower hypothetical for signs that are emergencies now: "what if", "if", "in case",
        "signs of", a question about a cause. Worry words do not count: "I'm scared, this chest
        pain feels like a heart attack" reports the pain."""
        return bool(self.lexicon.cue("conditional").search(self.clause_before)) or self.asks_in_general

    @functools.cached_property
    def asks_in_general(self) -> bool:
        """The sentence asks about a cause, or asks a general question ("can you ...?")."""
        cue, sentence = self.lexicon.cue, self.sentence.strip()
        return bool(cue("cause_question").search(sentence)) or (
            sentence.endswith("?") and bool(cue("question_start").search(sentence))
            and bool(cue("general_you").search(sentence)))

    @functools.cached_property
    def other_person(self) -> Optional[str]:
        """"child", "generic" ("people") or "adult" when the clause is about someone else."""
        cue, before = self.lexicon.cue, self.clause_before
        after = self.w.text[self.f.cend:self.w.sentence_span(self.f.start)[1]]
        if cue("family_history").search(before + " " + after[:60]):
            return None if cue("own_too").search(after) else "adult"
        for name, kind in (("child_person", "child"), ("generic_person", "generic"), ("other_person", "adult")):
            matches = list(cue(name).finditer(before))
            if matches and not cue("first_person").search(before[matches[-1].end():]):
                return kind
        return None

    @property
    def clause_before(self) -> str:
        return self.w.text[self.w.clause_span(self.f.start)[0]:self.f.cstart]

    @property
    def sentence(self) -> str:
        return self.w.sentence_text(self.f.start)

    def _after(self, arg: Dict[str, Any]) -> bool:
        cend = self.f.cend
        return bool(self.lexicon.cue(arg["cue"]).search(self.w.text[cend:cend + int(arg["chars"])]))


TESTS: Dict[str, Callable[[MentionContext, Any], bool]] = {
    "uncertain": lambda c, _: c.negation == "uncertain",
    "hypothetical": lambda c, _: c.hypothetical,
    # A question that also reports something recent ("could wetting myself yesterday be my back?")
    # is a report, not a hypothetical.
    "hypothetical_not_recent": lambda c, _: c.hypothetical and c.time != "recent",
    "past": lambda c, _: c.time == "past",
    "chronic": lambda c, _: c.time == "chronic",
    "known_condition": lambda c, _: c.known_condition,
    "recent": lambda c, _: c.time == "recent",
    "time": lambda c, arg: c.time == arg,
    "resolved": lambda c, _: bool(c.lexicon.cue("resolved").search(c.w.text[c.f.cend:c.w.sentence_span(c.f.start)[1]])),
    "child": lambda c, _: c.other_person == "child",
    "other_adult": lambda c, _: c.other_person == "adult",
    "generic_person": lambda c, _: c.other_person == "generic",
    "someone_else": lambda c, _: c.other_person is not None,
    "triggered": lambda c, _: bool(c.lexicon.cue("triggered").search(c.sentence)),
    "pain_caused": lambda c, _: bool(c.lexicon.cue("pain_cause").search(c.sentence)),
    "conditional": lambda c, _: c.conditional,
    "sentence": lambda c, arg: bool(c.lexicon.cue(arg).search(c.sentence)),
    "clause": lambda c, arg: bool(c.lexicon.cue(arg).search(c.w.text[slice(*c.w.clause_span(c.f.start))])),
    "atom_text": lambda c, arg: bool(c.lexicon.cue(arg).search(c.f.atoms[0].text)),
    "after": lambda c, arg: c._after(arg),
}
assert set(TESTS) == set(CONTEXT_TESTS), "context tests and table.CONTEXT_TESTS disagree"


def apply_context(window: Window, finding: Finding, table: TriageTable, lexicon: Lexicon) -> None:
    """Set the finding's status, kind and risk factors from what its context says."""
    kind = table.kinds[finding.kind]
    if kind.starts_negated:
        finding.status, finding.negated = ABSENT, True
        return
    context = MentionContext(window, finding, lexicon)
    if context.negation == "neg":
        finding.status, finding.negated = ABSENT, True
        return
    if holds(kind.absent_when, context.test):
        finding.status = ABSENT
        return
    if holds(kind.unsure_when, context.test):
        _become(finding, kind.if_unsure)
    elif context.other_person in ("adult", "child"):
        # A child counts as someone else unless the profile drops mentions about children.
        _become(finding, kind.if_someone_else)
    if finding.status != ABSENT:
        final = table.kinds[finding.kind]
        finding.factors = tuple(factor for factor, when in final.gives if not when or holds(when, context.test))


def _become(finding: Finding, target: str) -> None:
    if target == ABSENT:
        finding.status = ABSENT
    elif target != KEEP:
        finding.kind = target
