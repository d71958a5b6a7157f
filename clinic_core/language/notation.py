"""The one pattern notation of the lexicons, compiled into spaCy entity-ruler token patterns.

A pattern is a row of positions separated by spaces, matched on lower-cased tokens:

* ``a|b|c``: alternatives at one position; one alternative may be several words joined with
  ``_`` ("pins_and_needles"); apostrophes and hyphens are split the way spaCy splits them;
* ``@NAME``: the alternatives listed under ``macros: NAME`` in the same file;
* ``x?``: the position is optional;
* ``~`` (``~2``, ...): up to that many optional filler words, taken from the file's ``fillers``
  only, so a filler never swallows a negation or another symptom word;
* ``*`` (``*3``, ...): up to that many optional words of any kind except negations;
* ``/regex/``: one token matched by a regular expression (anchored at both ends).

``expand_phrases`` turns a pattern into the plain phrases it stands for (for cue lists such as
negation phrases); ``PatternCompiler`` turns it into token patterns; ``pattern_words`` gives the
words a pattern uses (the vocabulary that typo repair mends towards).
"""
from __future__ import annotations

import itertools
import re
from typing import Callable, Iterable, List, Mapping, Sequence, Set, Tuple

from clinic_core.language.yaml_lines import LexiconError, fail, where

Tokens = List[dict]
_FILLER = re.compile(r"~\d*")
_ANY_WORD = re.compile(r"\*\d*")
_LETTERS = re.compile(r"[a-z]+")


def split_alternatives(slot: str) -> List[str]:
    """Split "a|b|/x|y/" on the bars outside /regex/ parts ("24/7" is a word, not a regex)."""
    parts, buf, in_regex = [], "", False
    for ch in slot:
        if ch == "/" and (in_regex or not buf):
            in_regex = not in_regex
        if ch == "|" and not in_regex:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return [p for p in parts if p]


def _is_regex(alternative: str) -> bool:
    return len(alternative) > 2 and alternative.startswith("/") and alternative.endswith("/")


def _macro(name: str, macros: Mapping[str, Sequence[str]], pattern: str) -> Sequence[str]:
    if name not in macros:
        fail(pattern, f"unknown macro @{name} in {pattern!r}")
    return macros[name]


def expand_phrases(pattern: str, macros: Mapping[str, Sequence[str]]) -> List[str]:
    """All phrases one pattern stands for ("can't|cannot feel it?" -> 4 phrases)."""
    slots = []
    for raw in pattern.split():
        optional = raw.endswith("?")
        body = raw[:-1] if optional else raw
        alternatives: List[str] = []
        for alt in body.split("|"):
            alternatives.extend(_macro(alt[1:], macros, pattern) if alt.startswith("@") else [alt] if alt else [])
        slots.append([a.replace("_", " ") for a in alternatives] + ([""] if optional else []))
    phrases = []
    for combo in itertools.product(*slots):
        text = " ".join(part for part in combo if part)
        if text:
            phrases.append(text)
    return phrases


def pattern_words(pattern: str, macros: Mapping[str, Sequence[str]]) -> Set[str]:
    """The lower-case words (letters only) a pattern's alternatives use; regex positions and
    filler positions have none. This is the vocabulary typo repair mends towards."""
    words: Set[str] = set()
    for raw in pattern.split():
        body = raw[:-1] if raw.endswith("?") and not raw.endswith("/") else raw
        if _FILLER.fullmatch(body) or _ANY_WORD.fullmatch(body):
            continue
        for alt in split_alternatives(body):
            for text in (_macro(alt[1:], macros, pattern) if alt.startswith("@") else [alt]):
                if not _is_regex(text):
                    words.update(_LETTERS.findall(text.lower()))
    return words


class PatternCompiler:
    """Compiles patterns of one lexicon file (its macros and fillers) into token patterns."""

    def __init__(self, tokenize: Callable[[str], List[str]], macros: Mapping[str, Sequence[str]],
                 fillers: Sequence[str] = (), negators: Iterable[str] = ()) -> None:
        self.tokenize = tokenize
        self.macros = macros
        self.fillers = [str(f) for f in fillers]
        self.negators = sorted({str(n) for n in negators})

    def compile(self, label: str, entries: Iterable[Tuple[str, str]]) -> List[dict]:
        """Entity-ruler patterns (``label``, ``id`` = concept) for (concept, pattern) entries."""
        out, seen = [], set()
        for concept, pattern in entries:
            for tokens in self._expand(pattern):
                key = (concept, repr(tokens))
                if key not in seen:
                    seen.add(key)
                    out.append({"label": label, "id": concept, "pattern": tokens})
        return out

    def _expand(self, pattern: str) -> List[Tokens]:
        slots = [self._slot(raw, pattern) for raw in pattern.split()]
        if not slots:
            fail(pattern, "empty pattern")
        patterns = []
        for combo in itertools.product(*slots):
            tokens = [dict(t) for part in combo for t in part]
            if tokens and any(t.get("OP") != "?" for t in tokens):
                patterns.append(tokens)
        if not patterns:
            fail(pattern, f"pattern {pattern!r} has no required word")
        return patterns

    def _slot(self, raw: str, pattern: str) -> List[Tokens]:
        """The branches (token sequences) one position may take."""
        optional = raw.endswith("?") and not raw.endswith("/")
        body = raw[:-1] if optional else raw
        if _FILLER.fullmatch(body):
            if not self.fillers:
                fail(pattern, f"{raw!r} needs a 'fillers' list in {where(pattern).split(':')[0]}")
            return [[{"LOWER": {"IN": self.fillers}, "OP": "?"} for _ in range(int(body[1:] or 1))]]
        if _ANY_WORD.fullmatch(body):
            any_word = {"IS_ALPHA": True, "LOWER": {"NOT_IN": self.negators}, "OP": "?"}
            return [[dict(any_word) for _ in range(int(body[1:] or 1))]]
        alternatives: List[str] = []
        for alt in split_alternatives(body):
            alternatives.extend(_macro(alt[1:], self.macros, pattern) if alt.startswith("@") else [alt])
        singles, branches = self._branches(alternatives, pattern)
        if singles:
            token = {"LOWER": {"IN": sorted(set(singles))}}
            if optional:
                token["OP"] = "?"
            branches.insert(0, [token])
        if not branches:
            fail(pattern, f"position {raw!r} of {pattern!r} has no word")
        if optional and len(branches) > (1 if singles else 0):
            branches.append([])
        return branches

    def _branches(self, alternatives: Sequence[str], pattern: str) -> Tuple[List[str], List[Tokens]]:
        singles: List[str] = []
        branches: List[Tokens] = []
        for alt in alternatives:
            if _is_regex(alt):
                try:
                    re.compile(alt[1:-1])
                except re.error as error:
                    raise LexiconError(f"{where(pattern)}: bad regular expression {alt} ({error})") from None
                branches.append([{"LOWER": {"REGEX": f"^(?:{alt[1:-1]})$"}}])
                continue
            words = self.tokenize(alt.replace("_", " "))
            if len(words) == 1:
                singles.append(words[0])
            elif words:
                branches.append([{"LOWER": w} for w in words])
        return singles, branches
