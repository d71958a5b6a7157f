"""Typo repair for the rule layer, with a map back to the patient's own offsets.

A misspelt word ("stiffnes", "bladdder") is mended before matching when it is one edit
(insertion, deletion, substitution or swap of two neighbours: rapidfuzz's optimal string
alignment distance 1) away from a distinctive lexicon word with the same first letter, or when
``typos.yml`` lists the misspelling. Words the lexicon knows, protected real words ("ladder" is
not "bladder") and short words are left alone. Findings must still point into the patient's
text, so the replaced segments are returned with the repaired text.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

Segment = Tuple[int, int, int, int]  # (new_start, new_end, old_start, old_end)
WORD = re.compile(r"[A-Za-z&']+")
SHORT_TARGET = 6  # targets shorter than this are only reached by swapping two letters
CACHE_SIZE = 50000


class TypoRepair:
    """Mends words towards one reading's lexicon.

    ``corrections``: misspelling -> word (from the data); ``targets``: distinctive words worth
    mending towards; ``known``: words never mended (the lexicon's own words, protected words);
    ``concepts_of``: word -> concepts it is used for, so that several equally near targets are
    accepted when they all mean the same thing ("stiffnes": stiffness / stiffens); ``min_length``:
    shorter words are never mended by distance.
    """

    def __init__(self, corrections: Mapping[str, str], targets: Iterable[str], known: Iterable[str],
                 concepts_of: Mapping[str, Set[str]], min_length: int) -> None:
        self.corrections = dict(corrections)
        self.known = set(known) | set(targets) | set(self.corrections.values())
        self.concepts_of = concepts_of
        self.min_length = min_length
        self.targets_by_first: Dict[str, List[str]] = {}
        for word in sorted(set(targets)):
            self.targets_by_first.setdefault(word[0], []).append(word)
        self._cache: Dict[str, Optional[str]] = {}

    def word(self, word: str) -> Optional[str]:
        """The mended word, or None to keep it."""
        low = word.lower()
        if low in self.corrections:
            return self.corrections[low]
        if len(low) < self.min_length or low in self.known or not low.isalpha():
            return None
        if low not in self._cache:
            fixed = self._nearest(low)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[low] = fixed
        return self._cache[low]

    def _nearest(self, low: str) -> Optional[str]:
        choices = self.targets_by_first.get(low[0], ())
        found = process.extract(low, choices, scorer=OSA.distance, score_cutoff=1, limit=None)
        candidates = sorted(w for w, distance, _ in found
                            if distance == 1 and (len(w) >= SHORT_TARGET or sorted(w) == sorted(low)))
        if len(candidates) == 1:
            return candidates[0]
        if candidates and set.intersection(*(set(self.concepts_of.get(w, ())) for w in candidates)):
            return max(candidates, key=len)
        return None

    def text(self, text: str) -> Tuple[str, List[Segment]]:
        """(text with every mended word replaced, the replaced segments)."""
        return replace_words(text, self.word)


def replace_words(text: str, fix: Callable[[str], Optional[str]], word: "re.Pattern[str]" = WORD) -> Tuple[str, List[Segment]]:
    """(text with every word that ``fix`` repairs replaced, the replaced segments)."""
    out, segments, last, shift = [], [], 0, 0
    for m in word.finditer(text):
        fixed = fix(m.group(0))
        if not fixed:
            continue
        out.append(text[last:m.start()])
        new_start = m.start() + shift
        out.append(fixed)
        segments.append((new_start, new_start + len(fixed), m.start(), m.end()))
        shift += len(fixed) - (m.end() - m.start())
        last = m.end()
    out.append(text[last:])
    return "".join(out), segments


def offset_back(pos: int, segments: Sequence[Segment]) -> int:
    """An offset in the repaired text, as an offset in the original text."""
    shift = 0
    for new_start, new_end, old_start, old_end in segments:
        if pos < new_start:
            break
        if pos < new_end:
            return old_start if pos == new_start else old_end
        shift = old_end - new_end
    return pos + shift
