"""The lexicons: what the language layer knows about words, as checked YAML data.

Layout (a new language is a new folder, not new code)::

    clinic_core/lexicons/triage.yml          red flags, levels, check questions, risk factors
                                             (the same in every language)
    clinic_core/lexicons/<lang>/symptoms.yml      how patients say each quiz item, treatment, side
    clinic_core/lexicons/<lang>/red_flags.yml     the small pieces ("atoms") red flags are read from
    clinic_core/lexicons/<lang>/findings.yml      how red-flag atoms combine into findings
    clinic_core/lexicons/<lang>/context_cues.yml  negation, person, time and other context cues
    clinic_core/lexicons/<lang>/numbers.yml       number words, durations, ages, temperatures
    clinic_core/lexicons/<lang>/answers.yml       short typed answers, medicine questions
    clinic_core/lexicons/<lang>/typos.yml         typo corrections, words worth mending, protected words

What the patient reads is not here: it is in the Rasa domain's responses (domain/*.yml).

``load_lexicon`` reads and checks every file once per folder: a bad entry stops the load with its
file and line, as ``catalogue.py`` does for the evidence catalogue. The pattern notation is in
``notation.py``. Plain Python, no Rasa import.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple, Union

from clinic_core.language.notation import expand_phrases
from clinic_core.language.yaml_lines import LexiconError, Map, Seq, Text, fail, read_yaml, where

LEXICON_ROOT = Path(__file__).resolve().parents[1] / "lexicons"
DEFAULT_LANGUAGE = "en"
LANGUAGE_FILES = ("symptoms", "red_flags", "findings", "context_cues", "numbers", "answers", "typos")
CUE_FILES = ("context_cues", "numbers", "answers")  # files whose `cues` and `parts` share one namespace
_PART = re.compile(r"\{\{(\w+)\}\}")
NEGATION_KEYS = ("preceding", "following", "termination", "pseudo", "not_negations", "not_following", "uncertain")
SYMPTOM_SECTIONS = {"items": "SYMPTOM", "treatments": "TREATMENT", "sides": "SIDE"}
SIDE_CONCEPTS = ("left", "right", "both", "one", "alternating")
# Sub-keys of one symptom concept -> the concept id its patterns report.
CONCEPT_FORMS = {"says": "{}", "says_not": "not:{}", "says_not_when_negated": "neg:{}", "decoys": "_ignore"}

__all__ = ["LexiconError", "Lexicon", "NegationTerms", "TypoTable", "load_lexicon", "LEXICON_ROOT"]


@dataclass(frozen=True)
class NegationTerms:
    """Negation cue phrases for one reading (added to negspacy's clinical termset)."""

    preceding: Tuple[str, ...] = ()
    following: Tuple[str, ...] = ()
    termination: Tuple[str, ...] = ()
    pseudo: Tuple[str, ...] = ()
    not_negations: Tuple[str, ...] = ()  # cues removed from every list ("can't" is part of a symptom)
    not_following: Union[Tuple[str, ...], str] = ()  # removed from the following list; "all" = none follow
    uncertain: Tuple[str, ...] = ()  # preceding cues that make a mention unsure, not negated


@dataclass(frozen=True)
class TypoTable:
    corrections: Mapping[str, str]
    fuzzy_targets: Tuple[str, ...]
    protected: FrozenSet[str]
    min_length: int


def _words(value: Any, what: str) -> Tuple[str, ...]:
    """A list of non-empty strings (YAML's bare ``no``/``on`` become booleans: quote them)."""
    if not isinstance(value, list):
        fail(value, f"{what} must be a list")
    for word in value:
        if not isinstance(word, str) or not word.strip():
            fail(value, f"{what}: {word!r} is not a word or phrase (quote YAML words like 'no', 'on')")
    return tuple(value)


def _mapping(value: Any, what: str, allowed: Sequence[str] = ()) -> Map:
    if not isinstance(value, dict):
        fail(value, f"{what} must be a mapping")
    unknown = [k for k in value if allowed and k not in allowed]
    if unknown:
        fail(value, f"{what}: unknown key(s) {', '.join(map(str, unknown))}")
    return value


def _with_parts(source: str, parts: Mapping[str, str], where_: Any, depth: int = 0) -> str:
    """``{{name}}`` -> the named part (numbers.yml ``parts``), parts within parts included."""
    def part(m: "re.Match[str]") -> str:
        if m.group(1) not in parts or depth > 5:
            fail(where_, f"unknown or circular part {{{{{m.group(1)}}}}}")
        return _with_parts(parts[m.group(1)], parts, where_, depth + 1)

    return _PART.sub(part, source)


def compile_cue(spec: Any, name: str, parts: Mapping[str, str] = {}) -> "re.Pattern[str]":
    """A context cue: ``any_of`` (words or phrases, word-bounded), ``one_of`` (alternatives) or
    ``pattern`` (one regular expression); ``ignore_case`` defaults to true; ``{{part}}``
    stands for a named part of numbers.yml."""
    spec = _mapping(spec, f"cue {name}", ("any_of", "one_of", "pattern", "ignore_case"))
    forms = [k for k in ("any_of", "one_of", "pattern") if k in spec]
    if len(forms) != 1:
        fail(spec, f"cue {name} needs exactly one of any_of, one_of, pattern")
    form = forms[0]
    if form == "pattern":
        source = str(spec["pattern"])
    else:
        joined = "|".join(_words(spec[form], f"cue {name}"))
        source = rf"\b(?:{joined})\b" if form == "any_of" else joined
    source = _with_parts(source, parts, spec)
    flags = re.IGNORECASE if spec.get("ignore_case", True) else 0
    try:
        return re.compile(source, flags)
    except re.error as error:
        raise LexiconError(f"{where(spec)}: cue {name} is not a valid regular expression ({error})") from None


class Lexicon:
    """All lexicon files of one language folder, checked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.language = folder.name
        missing = [f"{name}.yml" for name in LANGUAGE_FILES if not (folder / f"{name}.yml").is_file()]
        if missing:
            raise LexiconError(f"{folder}: missing lexicon file(s): {', '.join(missing)}")
        self.files: Dict[str, Map] = {
            name: _mapping(read_yaml(folder / f"{name}.yml"), f"{name}.yml") for name in LANGUAGE_FILES
        }
        self.triage: Map = _mapping(read_yaml(folder.parent / "triage.yml"), "triage.yml")
        self.parts = {str(k): str(v) for file in CUE_FILES
                      for k, v in _mapping(self._section(file, "parts", Map()), f"{file}.yml parts").items()}
        self.cues: Dict[str, "re.Pattern[str]"] = {}
        for file in CUE_FILES:
            for name, spec in _mapping(self._section(file, "cues"), f"{file}.yml cues").items():
                if name in self.cues:
                    fail(spec, f"cue {name} is defined twice (cue names are shared by every file)")
                self.cues[str(name)] = compile_cue(spec, name, self.parts)
        self._check()

    # -- reading sections ------------------------------------------------------------------------

    def _section(self, file: str, key: str, default: Any = None) -> Any:
        data = self.files[file]
        if key not in data:
            if default is not None:
                return default
            raise LexiconError(f"{file}.yml: missing section {key!r}")
        return data[key]

    def macros(self, file: str) -> Dict[str, Tuple[str, ...]]:
        raw = _mapping(self._section(file, "macros", Map()), f"{file}.yml macros")
        return {str(name): _words(words, f"macro {name}") for name, words in raw.items()}

    def fillers(self) -> Tuple[str, ...]:
        return _words(self._section("symptoms", "fillers"), "fillers")

    def symptom_entries(self, section: str) -> List[Tuple[str, Text]]:
        """(concept id, pattern) for one section of symptoms.yml (items, treatments or sides)."""
        entries: List[Tuple[str, Text]] = []
        for name, forms in _mapping(self._section("symptoms", section), section).items():
            _mapping(forms, f"{section}.{name}", tuple(CONCEPT_FORMS))
            for form, template in CONCEPT_FORMS.items():
                for pattern in _words(forms.get(form, Seq()), f"{section}.{name}.{form}"):
                    entries.append((template.format(name), pattern))
        return entries

    def symptom_list(self, key: str) -> Tuple[str, ...]:
        """A list of quiz item ids in symptoms.yml (dated_events, care_without_duration)."""
        return tuple(str(w) for w in _words(self._section("symptoms", key), f"symptoms.yml {key}"))

    def atom_entries(self) -> List[Tuple[str, str, Text]]:
        """(label, atom id, pattern) for every atom of red_flags.yml, in file order."""
        out = []
        for label, by_id in _mapping(self._section("red_flags", "atoms"), "atoms").items():
            for atom_id, patterns in _mapping(by_id, f"atoms.{label}").items():
                out.extend((str(label), str(atom_id), p) for p in _words(patterns, f"atoms.{label}.{atom_id}"))
        return out

    def number_atoms(self) -> List[Tuple[str, str, "re.Pattern[str]"]]:
        """(label, atom id, regex) for red-flag atoms read by regular expressions (numbers.yml atoms)."""
        out = []
        for spec in self._section("numbers", "atoms"):
            spec = _mapping(spec, "numbers.yml atoms entry")
            cue = {k: v for k, v in spec.items() if k not in ("label", "id")}
            out.append((str(spec["label"]), str(spec["id"]), compile_cue(cue, f"{spec['label']}.{spec['id']}", self.parts)))
        return out

    def age_patterns(self) -> List["re.Pattern[str]"]:
        return [compile_cue(spec, "ages", self.parts) for spec in self._section("numbers", "ages")]

    def number_values(self) -> Map:
        """numbers.yml ``values``: number words, vague amounts, months per unit, "more than" words
        (and whatever else a reading adds there, such as ordinals)."""
        values = _mapping(self._section("numbers", "values"), "values")
        for key in ("words", "vague", "unit_months", "more_than"):
            if key not in values:
                fail(values, f"numbers.yml values needs {key!r}")
        return values

    def cue(self, name: str) -> "re.Pattern[str]":
        try:
            return self.cues[name]
        except KeyError:
            raise LexiconError(f"context_cues.yml: missing cue {name!r}") from None

    @functools.lru_cache(maxsize=None)  # noqa: B019 - lexicons live as long as the process
    def words(self, name: str) -> FrozenSet[str]:
        """A named word set (``word_sets`` of context_cues.yml, numbers.yml or answers.yml)."""
        for file in CUE_FILES:
            sets = _mapping(self._section(file, "word_sets", Map()), f"{file}.yml word_sets")
            if name in sets:
                return frozenset(str(w) for w in _words(sets[name], f"word_sets.{name}"))
        raise LexiconError(f"{self.language}: no word set {name!r} in {', '.join(CUE_FILES)}")

    @functools.lru_cache(maxsize=None)  # noqa: B019 - lexicons live as long as the process
    def negation(self, reading: str) -> NegationTerms:
        """The negation terms of one reading, after the terms every reading shares."""
        negation = _mapping(self._section("context_cues", "negation"), "negation")
        if reading not in negation:
            raise LexiconError(f"context_cues.yml: no negation terms for {reading!r}")
        shared = _mapping(negation.get("every_reading", Map()), "negation.every_reading", NEGATION_KEYS)
        own = _mapping(negation[reading], f"negation.{reading}", NEGATION_KEYS)
        terms: Dict[str, Any] = {}
        for key in NEGATION_KEYS:
            if key == "not_following" and own.get(key) == "all":
                terms[key] = "all"
                continue
            merged = [*self._phrases(shared.get(key, Seq()), key), *self._phrases(own.get(key, Seq()), key)]
            terms[key] = tuple(dict.fromkeys(str(t) for t in merged))
        return NegationTerms(**terms)

    def _phrases(self, entries: Any, what: str) -> List[str]:
        """Plain phrases, and ``{expand: <pattern>}`` entries that stand for many phrases."""
        if not isinstance(entries, list):
            fail(entries, f"{what} must be a list")
        out: List[str] = []
        for entry in entries:
            if isinstance(entry, dict):
                out.extend(expand_phrases(_mapping(entry, what, ("expand",))["expand"], {}))
            else:
                out.extend(_words([entry], what) if not isinstance(entry, list) else _words(entry, what))
        return out

    def typos(self) -> TypoTable:
        raw = _mapping(self.files["typos"], "typos.yml", ("min_length", "corrections", "fuzzy_targets", "protected"))
        corrections = _mapping(raw.get("corrections", Map()), "typos.yml corrections")
        for wrong, right in corrections.items():
            if not isinstance(right, str):
                fail(corrections, f"typo {wrong!r} must map to a word, not {right!r}")
            if right.lower() == str(wrong).lower():
                fail(right, f"typo {wrong!r} maps to itself: list it under protected")
        min_length = raw.get("min_length")
        if not isinstance(min_length, int) or isinstance(min_length, bool) or min_length < 3:
            fail(raw, "typos.yml min_length must be a whole number of at least 3")
        return TypoTable(
            corrections={str(k).lower(): str(v) for k, v in corrections.items()},
            fuzzy_targets=tuple(str(w) for w in _words(raw.get("fuzzy_targets", Seq()), "fuzzy_targets")),
            protected=frozenset(str(w) for w in _words(raw.get("protected", Seq()), "protected")),
            min_length=min_length,
        )

    # -- checks ----------------------------------------------------------------------------------

    def _check_item_names(self) -> None:
        """Item and treatment concepts are quiz item ids (a typo would silently never report)."""
        from clinic_core.vocabulary import symptom_item_ids

        known = set(symptom_item_ids())
        for key in ("dated_events", "care_without_duration"):
            for name in self.symptom_list(key):
                if name not in known:
                    fail(name, f"{key}: {name!r} is not a quiz item id of the evidence catalogue")
        for section in ("items", "treatments"):
            for name, forms in self._section("symptoms", section).items():
                if not name.startswith("_") and name not in known:
                    fail(forms, f"{section}: {name!r} is not a quiz item id of the evidence catalogue")

    def _check(self) -> None:
        """Everything that can be checked without building a pipeline, checked now."""
        for file in ("symptoms", "red_flags"):
            macros = self.macros(file)
            for name, words in macros.items():
                for word in words:
                    if word.startswith("@"):
                        fail(words, f"macro {name} refers to another macro ({word}); list the words")
        self.fillers()
        for section in SYMPTOM_SECTIONS:
            self.symptom_entries(section)
        self._check_item_names()
        for concept, pattern in self.symptom_entries("sides"):
            bare = concept.split(":", 1)[-1]
            if bare not in SIDE_CONCEPTS and bare != "_ignore":
                fail(pattern, f"sides: unknown side {bare!r} (known: {', '.join(SIDE_CONCEPTS)})")
        self.atom_entries()
        self.number_atoms()
        self.age_patterns()
        self.number_values()
        for reading in _mapping(self._section("context_cues", "negation"), "negation"):
            if reading != "every_reading":
                self.negation(reading)
        self.typos()


@functools.lru_cache(maxsize=8)
def _load(folder: Path) -> Lexicon:
    return Lexicon(folder)


def load_lexicon(folder: Optional[Union[str, Path]] = None) -> Lexicon:
    """The checked lexicon of one language folder (default: English), loaded once per folder."""
    return _load(Path(folder or LEXICON_ROOT / DEFAULT_LANGUAGE).resolve())
