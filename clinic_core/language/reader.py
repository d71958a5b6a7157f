"""The one reading engine: how a patient's text becomes the text the rules read.

Every reading (quiz items in ``symptoms.py``, red flags in ``clinic_core/triage``) goes through
``Reader.prepare``: the text is cut to ``MAX_CHARS``, normalised (``normalise``), its typos mended
(``typos.TypoRepair``, against the words of every lexicon pattern), and an offset map points
each position back into what the patient typed. ``windows`` cuts long texts for spaCy. One
``Reader`` per lexicon folder (``reader()``), built once; it also owns the tokenizer and the
pattern compilers the readings build their pipelines with.

Nothing here logs or stores the text.
"""
from __future__ import annotations

import difflib
import functools
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from clinic_core.language.lexicon import Lexicon, load_lexicon
from clinic_core.language.notation import PatternCompiler, pattern_words
from clinic_core.language.typos import Segment, TypoRepair, offset_back

MAX_CHARS = 20000  # read per message: a flag at the end of a long story is still read
OFFSET_DIFF_LIMIT = 6000  # longer texts map offsets approximately (difflib is quadratic)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_REPEATS = re.compile(r"([a-z])\1{2,}", re.IGNORECASE)


def normalise(text: str) -> str:
    """Fold what patients type into something patterns can match.

    Curly quotes become straight ones, emoji, control characters and markup tags become spaces,
    runs of spaces shrink to one ("wet   myself" is one phrase) and runs of repeated letters
    ("soooo") to two, so one pattern covers many spellings.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = "".join(ch if (ch.isprintable() and ord(ch) < 0x2000) or ch in "\n\t" else " " for ch in text)
    text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    text = _SPACE_RUN.sub(" ", text)
    return _REPEATS.sub(r"\1\1", text)


class OffsetMap:
    """Offsets in the prepared text -> offsets in the caller's text (best effort)."""

    def __init__(self, original: str, clean: str, segments: Sequence[Segment]) -> None:
        self.original, self.segments = original, segments
        self.opcodes: Optional[list] = None
        if clean != original and len(clean) != len(original) and len(original) <= OFFSET_DIFF_LIMIT:
            self.opcodes = difflib.SequenceMatcher(None, clean, original, autojunk=False).get_opcodes()

    def __call__(self, pos: int, end: bool = False) -> int:
        """The original offset of a start position (or, with ``end``, of an end position: at the
        edge of a removed tag a start belongs after it, an end before it)."""
        pos = offset_back(pos, self.segments)
        if self.opcodes:
            for _tag, i1, i2, j1, j2 in self.opcodes:
                if (i1 < pos <= i2) if end else (i1 <= pos < i2):
                    return j1 + min(pos - i1, j2 - j1)
            return len(self.original)
        return max(0, min(pos, len(self.original)))


@dataclass(frozen=True)
class Prepared:
    """A message ready for the rules: ``text`` (normalised, typos mended) and the way back."""

    original: str  # what the patient typed, cut to MAX_CHARS
    text: str
    to_original: OffsetMap

    def span(self, start: int, end: int) -> Tuple[int, int]:
        """Where the prepared text's [start, end) was typed."""
        return self.to_original(start), self.to_original(end, end=True)


def windows(text: str, size: int) -> Iterator[Tuple[int, str]]:
    """(offset, piece) cuts of a long text, at a sentence end or line break when one is in the
    second half of the window, else at a space."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(". ", start, end), text.rfind("\n", start, end))
            if cut <= start + size // 2:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


class Reader:
    """Preparation, typo repair, tokenizer and pattern compilers for one lexicon folder."""

    CACHE = 64  # prepared messages kept: the symptom and red-flag readings share one preparation

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        typos = lexicon.typos()
        concepts_of = self._concepts_of_words()
        self.repair = TypoRepair(typos.corrections, typos.fuzzy_targets, set(concepts_of) | typos.protected,
                                 concepts_of, typos.min_length)
        self._prepared: "OrderedDict[str, Prepared]" = OrderedDict()
        self._lock = threading.Lock()

    def _concepts_of_words(self) -> Dict[str, Set[str]]:
        """word -> the concepts whose patterns use it, over every pattern of the lexicon."""
        out: Dict[str, Set[str]] = {}
        entries = [("symptoms", concept, p) for section in ("items", "treatments", "sides")
                   for concept, p in self.lexicon.symptom_entries(section)]
        entries += [("red_flags", f"{label}.{atom}", p) for label, atom, p in self.lexicon.atom_entries()]
        macros = {file: self.lexicon.macros(file) for file in ("symptoms", "red_flags")}
        for file, concept, pattern in entries:
            for word in pattern_words(pattern, macros[file]):
                out.setdefault(word, set()).add(concept)
        return out

    @functools.cached_property
    def tokenize(self) -> Callable[[str], List[str]]:
        import spacy

        tokenizer = spacy.blank(self.lexicon.language).tokenizer
        return lambda text: [t.lower_ for t in tokenizer(text) if not t.is_space]

    def compiler(self, file: str) -> PatternCompiler:
        """A pattern compiler with one lexicon file's macros (and fillers, for symptoms)."""
        fillers = self.lexicon.fillers() if file == "symptoms" else ()
        return PatternCompiler(self.tokenize, self.lexicon.macros(file), fillers, self.lexicon.words("negators"))

    def prepare(self, text: object) -> Prepared:
        """The message as the rules read it (non-text becomes empty text)."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        original = text[:MAX_CHARS]
        with self._lock:
            cached = self._prepared.get(original)
            if cached is not None:
                self._prepared.move_to_end(original)
                return cached
        clean = normalise(original)
        fixed, segments = self.repair.text(clean)
        prepared = Prepared(original, fixed, OffsetMap(original, clean, segments))
        with self._lock:
            self._prepared[original] = prepared
            if len(self._prepared) > self.CACHE:
                self._prepared.popitem(last=False)
        return prepared


@functools.lru_cache(maxsize=8)
def _reader(folder: Path) -> Reader:
    return Reader(load_lexicon(folder))


def reader(folder: Optional[Union[str, Path]] = None) -> Reader:
    """The reader of one lexicon folder (default: English), built once."""
    return _reader(load_lexicon(folder).folder)
