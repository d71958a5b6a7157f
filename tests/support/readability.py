"""Reading grade of patient text, for the wording tests: the brief's limit, textstat's
Flesch-Kincaid grade (the `grade` fixture in tests/conftest.py) and a dependency-free heuristic."""
import re

import pytest

MAX_GRADE = 8.0


def textstat_grade(patch: pytest.MonkeyPatch):
    """textstat's Flesch-Kincaid grade, with pyphen syllables when the CMU dictionary is absent
    (no download here); `patch` undoes that when the caller's scope ends."""
    import textstat

    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except (ImportError, LookupError):
        try:
            import textstat.backend.counts._count_syllables as count_syllables

            patch.setattr(count_syllables, "get_cmudict", lambda lang: None)
        except ImportError:  # older textstat: pyphen only, nothing to patch
            pass
    return textstat.flesch_kincaid_grade


def syllables(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def fk_grade(text: str) -> float:
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return 0.39 * len(words) / sentences + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59
