"""Red-flag triage: free text (+ risk factors from earlier messages) -> TriageResult.

    >>> assess("since yesterday I can't feel when I wipe").level
    'emergency'
    >>> assess("I have a fever", frozenset({"iv_drug_use"})).reasons
    ('fever_with_back_pain',)
    >>> assess("no bladder problems, I fell a year ago").level is None
    True

Levels (sources: docs/evidence.md section 2; each flag's in lexicons/triage.yml):

- ``emergency``: call the emergency number / go to the emergency department now;
- ``urgent``: same-day care (call the clinic today or go to urgent care);
- ``check``: an unclear mention ("my bum goes numb"): ask ONE yes/no question
  (``check_question_id``) and let ``resolve_check`` decide; never guess;
- ``None``: nothing found.

Three rooms, each a module: reading (``reading.py``, ``window.py``, ``context.py``: the prepared
text -> findings in their context), deciding (``deciding.py``: findings + known risk factors ->
level and reasons) and wording (``wording.py``: which domain response tells the patient). What they know is data: atoms in
lexicons/<lang>/red_flags.yml, how atoms combine in lexicons/<lang>/findings.yml, cues in
lexicons/<lang>/context_cues.yml, and the finding kinds, flags, checks and risk factors in
lexicons/triage.yml. ``Triage`` reads one lexicon folder; the functions below use the default.

Pure Python; never imports Rasa; never logs or stores the text.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, FrozenSet, Iterable, List, Mapping, Optional, Union

from clinic_core.language.lexicon import Lexicon, load_lexicon
from clinic_core.language.reader import reader, windows
from clinic_core.language.rule_pipeline import RulePipeline
from clinic_core.triage import deciding, wording
from clinic_core.triage.deciding import TriageResult
from clinic_core.triage.reading import read_window
from clinic_core.triage.reading_rules import load_rules
from clinic_core.triage.table import TriageTable, load_table
from clinic_core.triage.window import Window

WINDOW = 4000  # characters spaCy reads at once; longer messages are read in windows

__all__ = ["Triage", "TriageResult", "assess", "resolve_check", "answer_check", "alarm_answer", "screen_judged_items", "screen_judgement", "check_responses",
           "alert_responses", "engine", "table", "default_check_question"]


class Triage:
    """Red-flag triage with the lexicons of one folder (``None``: English)."""

    def __init__(self, folder: Optional[Union[str, Path]] = None) -> None:
        self.reader = reader(folder)
        self.lexicon = lexicon = self.reader.lexicon
        self.table: TriageTable = _table_of(lexicon)
        self.rules = load_rules(lexicon, self.table.kinds)
        compiler = self.reader.compiler("red_flags")
        atoms = lexicon.atom_entries()
        patterns: List[dict] = []
        for label in dict.fromkeys(label for label, _, _ in atoms):
            patterns += compiler.compile(label, [(atom_id, p) for lb, atom_id, p in atoms if lb == label])
        self.pipeline = RulePipeline(patterns, lexicon.negation("red_flags"), max_chars=WINDOW)
        self.negex = self.pipeline.nlp.get_pipe("negex")
        self.number_atoms = lexicon.number_atoms()

    def assess(self, text: object, known_factors: Iterable[str] = frozenset()) -> TriageResult:
        """Red flags in one message. ``known_factors``: risk factors from earlier messages."""
        try:
            known = frozenset(str(k) for k in (known_factors or ()) if k)
        except TypeError:
            known = frozenset()
        if not isinstance(text, str) or not text.strip():
            return TriageResult()
        prepared = self.reader.prepare(text)
        found = []
        for offset, piece in windows(prepared.text, WINDOW):
            window = Window(piece, self.pipeline.nlp, self.negex, self.number_atoms)
            found += [(f, offset) for f in read_window(window, self.rules, self.table, self.lexicon)]
        return deciding.decide(found, known, self.table, prepared.span)

    def alert_responses(self, result: TriageResult) -> List[str]:
        return wording.alert_responses(self.table, result)


@functools.lru_cache(maxsize=8)
def _table_of(lexicon: Lexicon) -> TriageTable:
    """The triage table of one lexicon, loaded once for its engine and ``table()`` alike."""
    return load_table(lexicon)


def engine(folder: Optional[Union[str, Path]] = None) -> Triage:
    """Build (once per folder) and return the triage engine; call early to pay the cost up front."""
    return _engine(load_lexicon(folder).folder)  # None and the English folder are one engine


@functools.lru_cache(maxsize=8)
def _engine(folder: Path) -> Triage:
    return Triage(folder)


def table() -> TriageTable:
    """The default triage table, without building the reading pipeline."""
    return _table_of(reader().lexicon)


def default_check_question() -> str:
    return table().default_question


def assess(text: object, known_factors: Iterable[str] = frozenset()) -> TriageResult:
    return engine().assess(text, known_factors)


def resolve_check(question_id: Optional[str], answer: bool, known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """The result of a yes (``True``) or no (``False``) to a safety question."""
    return deciding.resolve_check(table(), question_id, answer, known_factors)


def answer_check(question_id: Optional[str], said: str, known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """The result of an answer ("yes", "no" or "not_sure") to a safety question (deciding.answer_check)."""
    return deciding.answer_check(table(), question_id, said, known_factors)


def alarm_answer(question_id: Optional[str]) -> str:
    """The answer that raises a safety question's flag ("yes", or "no" for "are you safe?")."""
    questions = table().questions
    return questions.get(question_id or "", questions[table().default_question]).alarm_on[0]


def screen_judged_items() -> FrozenSet[str]:
    """The quiz items the safety screen is judged on: its own items, and the age, the pain's
    duration and a fall (``quiz_answer_factors``)."""
    return frozenset(table().screen_items) | {f.item for f in table().answer_factors}


def screen_judgement(answers: Mapping[str, Any], unsure: Iterable[str] = (),
                     known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """The quiz's safety screen, its age and the known risk factors judged together."""
    return deciding.screen_judgement(table(), answers, unsure, known_factors)


def check_responses(question_id: Optional[str]) -> List[str]:
    """Names of the responses that ask a safety question, most specific first."""
    return wording.check_responses(table(), question_id)


def alert_responses(result: TriageResult) -> List[str]:
    """Names of the responses that say a result to the patient, most specific first."""
    return wording.alert_responses(table(), result)
