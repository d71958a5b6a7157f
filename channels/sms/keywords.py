"""What an incoming text is before the assistant reads it: a keyword, a numbered reply, or text.

The word lists and phrases are data (keywords.yml, with their sources); this module loads and
checks them, and reads messages with them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Pattern, Tuple

import yaml


OPT_OUT, OPT_IN, HELP, MORE = "opt_out", "opt_in", "help", "more"
KINDS = (OPT_OUT, OPT_IN, HELP, MORE)
KEYWORDS_FILE = Path(__file__).with_name("keywords.yml")

_TRAILING_PUNCTUATION = re.compile(r"[\s.!?,;:)\"']+$")
_LEADING_PUNCTUATION = re.compile(r"^[\s\"'(]+")
_COMMAND_PREFIX = re.compile(r"^[\s/]+")


class KeywordsError(ValueError):
    pass


@dataclass(frozen=True)
class Keywords:
    words: Dict[str, str]  # upper-case word -> kind
    phrases: Tuple[Pattern, ...]  # plain-language opt-outs

    def keyword(self, text: str) -> Optional[str]:
        """The kind of a whole-message keyword (``OPT_OUT``, ``OPT_IN``, ``HELP``, ``MORE``), else None."""
        word = _TRAILING_PUNCTUATION.sub("", _LEADING_PUNCTUATION.sub("", text or ""))
        return self.words.get(word.upper())

    def asks_to_stop_texts(self, text: str) -> bool:
        """A plain-language request to stop the texts ("please stop texting me")."""
        lowered = (text or "").lower().replace("\u2019", "'").strip()
        return any(p.search(lowered) for p in self.phrases)


def as_patient_text(text: Optional[str]) -> str:
    """What the patient typed, always read as words: a leading "/" would make Rasa read
    ``/intent{...}`` as a command, so it is dropped; "¡" is how some carriers deliver "@"."""
    return _COMMAND_PREFIX.sub("", (text or "").replace("\u00a1", "@")).strip()


def _load(raw: object) -> Keywords:
    if not isinstance(raw, dict):
        raise KeywordsError("keywords.yml must be a mapping")
    missing = [k for k in (*KINDS, "opt_out_phrases") if not raw.get(k)]
    if missing:
        raise KeywordsError(f"keywords.yml: missing or empty {missing}")
    words: Dict[str, str] = {}
    for kind in KINDS:
        for word in raw[kind]:
            if not isinstance(word, str) or not re.fullmatch(r"[A-Z]+", word):
                raise KeywordsError(f"keywords.yml {kind}: {word!r} is not one upper-case word")
            if word in words:
                raise KeywordsError(f"keywords.yml: {word} is listed twice")
            words[word] = kind
    try:
        phrases = tuple(re.compile(p) for p in raw["opt_out_phrases"])
    except (re.error, TypeError) as error:
        raise KeywordsError(f"keywords.yml opt_out_phrases: {error}") from error
    return Keywords(words=words, phrases=phrases)


@lru_cache(maxsize=1)
def keywords() -> Keywords:
    return _load(yaml.safe_load(KEYWORDS_FILE.read_text(encoding="utf-8")))
