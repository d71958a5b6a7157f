"""Clauses and lists in a prepared message, for the quiz-item reading (``symptoms.py``).

Spans of sentences and clauses (cut where ``sentence_break`` / ``clause_break`` cues match), and
negation carried along lists that negspacy's scope cut short ("no numbness, tingling or groin
pain"). The words are data (lexicons/<lang>/context_cues.yml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Sequence, Tuple

from clinic_core.language.lexicon import Lexicon
from clinic_core.language.rule_pipeline import Mention

Span = Tuple[int, int]
_WORD = re.compile(r"[a-z']+|[,/&-]")
LIST_GAP = 8  # words at most between two members of a list


def spans(text: str, pattern: "re.Pattern[str]") -> List[Span]:
    """The pieces of ``text`` between the matches of ``pattern``."""
    out, start = [], 0
    for m in pattern.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def span_of(pos: int, pieces: Sequence[Span]) -> Span:
    for s, e in pieces:
        if s <= pos < e or (pos == e and s == e):
            return s, e
    return pieces[-1]


def words(text: str) -> List[str]:
    return _WORD.findall(text.lower())


@dataclass
class Said:
    """A rule mention whose negation may still change (a mutable copy)."""

    concept: str
    start: int
    end: int
    text: str
    negated: bool

    @classmethod
    def of(cls, m: Mention) -> "Said":
        return cls(m.concept, m.start, m.end, m.text, m.negated)


def carry_negation_through_lists(said: List[Said], text: str, lexicon: Lexicon, *, backward: bool) -> None:
    """Carry negation along lists the negation scope cut short.

    "no numbness, tingling or groin pain": the comma ends negex's scope after "numbness"; the
    list (joined only by commas/and/or) carries it on. "never below the knee, sitting kills me"
    is not a list: a verb follows its last member. With ``backward``, "sitting and standing are
    fine" carries the following "are fine" back to "sitting".
    """
    for chain in _lists([m for m in said if m.concept != "_ignore"], text, lexicon):
        members = [m for m, _ in chain]
        if members[0].negated and not all(m.negated for m in members):
            _negate_forward(chain, text, lexicon)
        elif (backward and members[-1].negated and not members[0].negated
              and all(set(gap) & lexicon.words("conjunctions") for _, gap in chain[1:])):
            for m in members:
                m.negated = True


def _lists(said: List[Said], text: str, lexicon: Lexicon) -> List[List[Tuple[Said, List[str]]]]:
    """Runs of mentions joined only by list words (each with the words before it)."""
    if len(said) < 2:
        return []
    gap_words, verbs, stop = lexicon.words("list_gap"), lexicon.words("clause_verbs"), lexicon.cue("sentence_break")
    chains: List[List[Tuple[Said, List[str]]]] = [[(said[0], [])]]
    for prev, cur in zip(said, said[1:]):
        gap = words(text[prev.end:cur.start])
        joined = (cur.start >= prev.end and len(gap) <= LIST_GAP and all(w in gap_words for w in gap)
                  and not stop.search(text[prev.end:cur.start])
                  and not any(w in verbs for w in words(prev.text) + words(cur.text)))
        if joined:
            chains[-1].append((cur, gap))
        else:
            chains.append([(cur, [])])
    return [c for c in chains if len(c) > 1]


def _negate_forward(chain: List[Tuple[Said, List[str]]], text: str, lexicon: Lexicon) -> None:
    members = [m for m, _ in chain]
    either_or = lexicon.words("either_or")
    last_or = max((i for i, (_, gap) in enumerate(chain) if either_or & set(gap)), default=0)
    for m in members[:last_or + 1]:
        m.negated = True
    tail = members[last_or:]
    if len(tail) > 1:
        clause_end = span_of(tail[-1].end, spans(text, lexicon.cue("subclause_break")))[1]
        if not any(w in lexicon.words("clause_verbs") for w in words(text[tail[-1].end:clause_end])):
            for m in tail:
                m.negated = True
