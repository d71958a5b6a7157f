"""One window of prepared text, as the red-flag rules see it: its atoms, its clauses and
sentences, and where negation cues are. No decisions here (reading.py, context.py make them).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, List, Sequence, Tuple

import re

Span = Tuple[int, int]


@dataclass
class Atom:
    """A small piece of meaning found in the text (lexicons/<lang>/red_flags.yml)."""

    label: str
    id: str
    start: int  # token offsets
    end: int
    cstart: int  # character offsets in the window
    cend: int
    text: str  # lower case


@dataclass
class Finding:
    """A kind of finding (lexicons/triage.yml finding_kinds) and the atoms it was read from."""

    kind: str
    atoms: List[Atom]
    status: str = "present"  # present | absent
    negated: bool = False
    factors: Tuple[str, ...] = field(default=())  # risk factors it establishes (set by context.py)

    @property
    def start(self) -> int:
        return min(a.start for a in self.atoms)

    @property
    def end(self) -> int:
        return max(a.end for a in self.atoms)

    @property
    def cstart(self) -> int:
        return min(a.cstart for a in self.atoms)

    @property
    def cend(self) -> int:
        return max(a.cend for a in self.atoms)


class Window:
    """Atoms, negation cues, clauses and sentences of one piece of text."""

    def __init__(self, text: str, nlp, negex, number_atoms: Sequence[Tuple[str, str, "re.Pattern[str]"]]) -> None:
        self.text = text
        self.doc = doc = nlp(text)
        self.atoms, protected = self._atoms(number_atoms)
        preceding, following, terminating = negex.process_negations(doc)

        def free(s: int, e: int) -> bool:
            # A cue that is part of an atom ("no control", "haven't peed") is not a negation.
            return not any(ps < e and s < pe for ps, pe in protected)

        self.preceding = _longest([(s, e) for _, s, e in preceding if free(s, e)])
        self.following = _longest([(s, e) for _, s, e in following if free(s, e)])
        self.bounds: List[Span] = negex.termination_boundaries(doc, terminating)
        self.boundary_of = self._index(self.bounds)
        self.sents = list(doc.sents)
        self.sent_of = self._index([(s.start, s.end) for s in self.sents])

    def _atoms(self, number_atoms) -> Tuple[List[Atom], List[Span]]:
        doc, atoms, protected = self.doc, [], []
        for ent in doc.ents:
            protected.append((ent.start, ent.end))
            if ent.label_ != "IGNORE":
                atoms.append(Atom(ent.label_, ent.ent_id_, ent.start, ent.end, ent.start_char, ent.end_char,
                                  ent.text.lower()))
        taken = [(a.cstart, a.cend) for a in atoms]
        for label, atom_id, regex in number_atoms:
            for m in regex.finditer(self.text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None or (label == "FEVER" and any(s < m.end() and m.start() < e for s, e in taken)):
                    continue
                atoms.append(Atom(label, atom_id, span.start, span.end, m.start(), m.end(), m.group(0).lower()))
                protected.append((span.start, span.end))
        atoms.sort(key=lambda a: (a.start, a.end))
        return atoms, protected

    def _index(self, spans: Iterable[Span]) -> List[int]:
        index = [0] * (len(self.doc) + 1)
        for i, (s, e) in enumerate(spans):
            for t in range(s, e):
                index[t] = i
        return index

    # -- structure -----------------------------------------------------------------------------

    def same_clause(self, a: Atom, b: Atom) -> bool:
        return self.boundary_of[a.start] == self.boundary_of[b.start]

    def same_sentence(self, a: Atom, b: Atom) -> bool:
        return self.sent_of[a.start] == self.sent_of[b.start]

    @staticmethod
    def gap(a: Atom, b: Atom) -> int:
        """Tokens strictly between two atoms (0 when adjacent or overlapping)."""
        first, second = (a, b) if a.start <= b.start else (b, a)
        return max(0, second.start - first.end)

    def between(self, a: Atom, b: Atom) -> List[str]:
        first, second = (a, b) if a.start <= b.start else (b, a)
        return [t.lower_ for t in self.doc[first.end:second.start]]

    def tokens_before(self, atom: Atom, n: int) -> List[str]:
        return [t.lower_ for t in self.doc[max(0, atom.start - n):atom.start]]

    def clause_span(self, token: int) -> Span:
        """Character span of the clause holding a token."""
        bound = self.bounds[self.boundary_of[token]] if self.bounds else (0, len(self.doc))
        c0 = self.doc[bound[0]].idx if bound[0] < len(self.doc) else 0
        c1 = self.doc[bound[1] - 1].idx + len(self.doc[bound[1] - 1]) if 0 < bound[1] <= len(self.doc) else len(self.text)
        return c0, c1

    def sentence_span(self, token: int) -> Span:
        sent = self.sents[self.sent_of[token]] if self.sents else self.doc[:]
        return sent.start_char, sent.end_char

    def sentence_text(self, token: int) -> str:
        s0, s1 = self.sentence_span(token)
        return self.text[s0:s1]


def _longest(spans: List[Span]) -> List[Span]:
    """Cue spans without those inside a longer one ("not sure" is one cue, not "not" and "sure")."""
    return [(s, e) for s, e in spans if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans)]
