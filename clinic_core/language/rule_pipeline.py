"""The one spaCy rule layer shared by symptom understanding and red-flag triage.

No pretrained spaCy model can be downloaded on the machines this runs on, so this builds
``spacy.blank("en")`` with an entity ruler (phrase and token patterns), a sentencizer and
negspacy's Negex for negation scope. Symptom and red-flag patterns each get their own
pipeline instance so that overlapping spans ("numb" as a symptom and as a red flag) never
compete for the same tokens.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Mapping, Optional, Sequence

import spacy
from negspacy.negation import Negex  # noqa: F401  (registers the "negex" factory)
from negspacy.termsets import termset

from clinic_core.language.lexicon import NegationTerms
from clinic_core.language.reader import windows


@dataclass(frozen=True)
class Mention:
    """A concept found in text. ``concept`` is the pattern id (an item id or a flag id)."""

    label: str
    concept: str
    text: str
    start: int
    end: int
    negated: bool


class RulePipeline:
    """Entity ruler + negation over a blank English pipeline.

    ``patterns`` are spaCy entity-ruler patterns, each with ``label`` and ``id``; string patterns
    match on lower-cased text. ``negation`` adds cue phrases to negspacy's clinical termset and
    removes some (``not_negations`` from every list: for red flags, "can't" in "can't feel when I
    wipe" is part of the symptom; ``not_following`` from the following list only: for symptoms,
    "never" must still negate what follows it but not what came before it: "left side only,
    never below the knee").
    """

    def __init__(self, patterns: Sequence[Mapping], negation: NegationTerms = NegationTerms(),
                 *, max_chars: int = 5000) -> None:
        self.max_chars = max_chars
        labels = sorted({p["label"] for p in patterns})
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns([dict(p) for p in patterns])
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("negex", config={"neg_termset": negation_termset(negation), "ent_types": labels})
        self.nlp = nlp

    def mentions(self, text: Optional[str]) -> List[Mention]:
        """Every concept mention in ``text`` (already prepared by ``reader.Reader.prepare``).

        Long messages are read whole, in windows: a finding at the end of a long story must not
        be lost to a length limit.
        """
        if not (text or "").strip():
            return []
        found: List[Mention] = []
        for offset, window in windows(text, self.max_chars):
            doc = self.nlp(window)
            found.extend(
                Mention(
                    label=ent.label_,
                    concept=ent.ent_id_ or ent.label_,
                    text=ent.text,
                    start=offset + ent.start_char,
                    end=offset + ent.end_char,
                    negated=bool(ent._.negex),
                )
                for ent in doc.ents
            )
        return found


def negation_termset(negation: NegationTerms) -> dict:
    """negspacy's clinical termset with one reading's own cues added and removed."""
    base = termset("en_clinical").get_patterns()
    removed = {t.lower() for t in negation.not_negations}
    every_following = {t.lower() for t in [*base["following_negations"], *negation.following]}
    not_after = every_following if negation.not_following == "all" else {t.lower() for t in negation.not_following}

    def merged(key: str, extra: Sequence[str]) -> List[str]:
        terms = list(dict.fromkeys([*base[key], *extra]))
        drop = removed | not_after if key == "following_negations" else removed
        return [t for t in terms if t.lower() not in drop]

    return {
        "pseudo_negations": merged("pseudo_negations", negation.pseudo),
        "preceding_negations": merged("preceding_negations", negation.preceding),
        "following_negations": merged("following_negations", negation.following),
        "termination": merged("termination", negation.termination),
    }


def phrases(label: str, concept: str, *texts: str) -> List[dict]:
    """Phrase patterns for one concept: ``phrases("SYMPTOM", "groin_pain", "groin pain", ...)``."""
    return [{"label": label, "id": concept, "pattern": t} for t in texts]
