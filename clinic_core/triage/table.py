"""The triage table (lexicons/triage.yml) and the reading rules (lexicons/<lang>/findings.yml),
loaded into checked, typed objects. A bad entry stops the load with its file and line.

Conditions are written the same way everywhere: a list of alternatives (any may hold), each a test
name ("past") or a mapping of tests that must all hold ({sentence: spinal, not_time: past});
``not_`` before a test negates it. Which tests exist depends on where the condition is used
(``READING_TESTS``, ``CONTEXT_TESTS``); the reading rules of findings.yml are in
reading_rules.py; the table checks names and cue arguments.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Iterable, Optional, Tuple

from clinic_core.language.lexicon import Lexicon
from clinic_core.language.yaml_lines import Map, fail
from clinic_core.vocabulary import ALERT_LEVELS

ABSENT, KEEP = "absent", "keep"
Test = Tuple[str, bool, Any]  # (name, negated, argument)
Alternative = Tuple[Test, ...]
Conditions = Tuple[Alternative, ...]
REQUIREMENT_VERBS = ("not found", "no factor", "found", "factor", "said")
# Tests of a mention's context (context.py): named ones take no argument; the others take a cue
# name (sentence, clause, atom_text), {cue, chars} (after) or past|chronic|known_condition|recent (time).
CONTEXT_TESTS = ("uncertain", "hypothetical", "hypothetical_not_recent", "conditional", "past", "chronic", "known_condition",
                 "recent",
                 "resolved", "child", "someone_else", "other_adult", "generic_person", "triggered", "pain_caused",
                 "sentence", "clause", "atom_text", "after", "time")
# Tests of an atom while reading (reading.py, see findings.yml).
READING_TESTS = ("unattached", "atom", "atom_text", "words_before", "after", "sentence", "sentence_has",
                 "has_partner", "partner", "partner_text", "partner_before", "partner_after_within")
CUE_TESTS = {"sentence", "clause", "atom_text", "partner_text"}  # tests whose argument is always a cue name


def conditions(raw: Any, known_tests: Iterable[str], lexicon: Lexicon) -> Conditions:
    """Parse and check a condition list (see the module docstring)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raw = [raw]
    return tuple(alternative(entry, known_tests, lexicon) for entry in raw)


def alternative(entry: Any, known_tests: Iterable[str], lexicon: Lexicon) -> Alternative:
    known = set(known_tests)
    items = [(entry, True)] if isinstance(entry, str) else list(entry.items()) if isinstance(entry, dict) else None
    if items is None:
        fail(entry, f"a condition must be a test name or a mapping, not {entry!r}")
    tests = []
    for key, arg in items:
        negated = key.startswith("not_")
        name = key[4:] if negated else key
        if name not in known:
            fail(entry, f"unknown test {key!r} (known: {', '.join(sorted(known))})")
        if name in CUE_TESTS:
            cue_name(lexicon, arg, entry)
        if name == "after":
            if not isinstance(arg, dict) or not isinstance(arg.get("chars"), int):
                fail(entry, "after needs {cue: <cue>, chars: <number>}")
            cue_name(lexicon, arg.get("cue"), entry)
        if name == "words_before":
            if not isinstance(arg, dict) or not isinstance(arg.get("within"), int):
                fail(entry, "words_before needs {words: <word set>, within: <number>}")
            lexicon.words(str(arg.get("words")))
        tests.append((name, negated, arg))
    return tuple(tests)


@dataclass(frozen=True)
class Requirement:
    """One requirement of a decision: ``verb`` (found, not found, factor, no factor, said) and names."""

    verb: str
    names: FrozenSet[str]


@dataclass(frozen=True)
class Flag:
    id: str
    level: str
    source: str
    when: Tuple[Tuple[Requirement, ...], ...]
    then_ask: Optional[str] = None  # a check question asked after the alert ("are you safe right now?")


@dataclass(frozen=True)
class Check:
    id: str
    question: str
    when: Tuple[Tuple[Requirement, ...], ...]


ANSWERS = ("yes", "no", "not_sure")


@dataclass(frozen=True)
class CheckQuestion:
    id: str
    raises: str  # the flag the alarm answer raises
    worse_with: Tuple[Tuple[Tuple[Requirement, ...], str], ...]  # (known factors, flag it adds)
    gives: Tuple[str, ...]  # risk factors a "yes" records
    # The answers that raise the flag at its level ("yes"; "no" for "are you safe right now?").
    # "not sure" not listed here still raises it, but as same-day (urgent) advice.
    alarm_on: Tuple[str, ...] = ("yes",)


@dataclass(frozen=True)
class Kind:
    id: str
    absent_when: Conditions
    unsure_when: Conditions
    if_unsure: str  # a kind id, ABSENT or KEEP
    if_someone_else: str
    gives: Tuple[Tuple[str, Conditions], ...]  # (risk factor, only when)
    negated: Optional[str]
    starts_negated: bool


@dataclass(frozen=True)
class ScreenItem:
    gives: str  # the risk factor a "yes" records
    question: Optional[str]  # the check question whose "not sure" gives same-day advice


@dataclass(frozen=True)
class AnswerFactor:
    """A quiz answer that is a risk factor: a yes, or a number over / at least / under a limit."""

    item: str
    gives: str
    over: Optional[float] = None
    at_least: Optional[float] = None
    under: Optional[float] = None

    def holds(self, value: Any) -> bool:
        if isinstance(value, bool) or value is None:
            return value is True and self.over is self.at_least is self.under is None
        if not isinstance(value, (int, float)):
            return False
        return ((self.over is None or value > self.over) and (self.at_least is None or value >= self.at_least)
                and (self.under is None or value < self.under))


@dataclass(frozen=True)
class TriageTable:
    flags: Dict[str, Flag]  # in alert order
    checks: Dict[str, Check]  # in question priority order
    questions: Dict[str, CheckQuestion]
    default_question: str
    screen_items: Dict[str, ScreenItem]
    kinds: Dict[str, Kind]
    risk_factors: Dict[str, str]  # id -> source
    risk_groups: Dict[str, FrozenSet[str]]
    answer_factors: Tuple[AnswerFactor, ...] = ()
    screen_rules: Dict[str, Tuple[Tuple[Requirement, ...], ...]] = field(default_factory=dict)


def cue_name(lexicon: Lexicon, name: Any, where: Any) -> None:
    """Stop the load unless ``name`` is a cue of the lexicon."""
    if not isinstance(name, str) or name not in lexicon.cues:
        fail(where, f"unknown cue {name!r} (cues are in context_cues.yml)")


def _names(text: str, rest: str, groups: Dict[str, Any], known: Iterable[str], what: str) -> FrozenSet[str]:
    """Names joined with |, groups (@name) expanded, each checked."""
    out = set()
    for name in rest.split("|"):
        if name.startswith("@"):
            if name[1:] not in groups:
                fail(text, f"unknown {what} group {name}")
            out |= set(groups[name[1:]])
        else:
            out.add(name)
    unknown = out - set(known)
    if unknown:
        fail(text, f"unknown {what}(s): {', '.join(sorted(unknown))}")
    return frozenset(out)


def requirements(raw: Any, kinds: Dict[str, Any], kind_groups: Dict[str, Any], factors: Iterable[str],
                 risk_groups: Dict[str, Any]) -> Tuple[Tuple[Requirement, ...], ...]:
    """``when`` of a flag or check: alternatives, each a list of requirement strings."""
    if not isinstance(raw, list):
        fail(raw, "when must be a list of alternatives")
    out = []
    for alt in raw:
        if not isinstance(alt, list) or not alt:
            fail(raw, "each alternative of when is a non-empty list of requirements")
        reqs = []
        for text in alt:
            verb = next((v for v in REQUIREMENT_VERBS if str(text).startswith(v + " ")), None)
            if verb is None:
                fail(alt, f"requirement {text!r} must start with one of: {', '.join(REQUIREMENT_VERBS)}")
            rest = text[len(verb) + 1:].strip()
            if "found" in verb:
                reqs.append(Requirement(verb, _names(text, rest, kind_groups, kinds, "finding kind")))
            else:
                reqs.append(Requirement(verb, _names(text, rest, risk_groups, factors, "risk factor")))
        out.append(tuple(reqs))
    return tuple(out)


def _kind(kind_id: str, raw: Any, profiles: Map, lexicon: Lexicon, factors: Iterable[str]) -> Kind:
    allowed = ("profile", "if_unsure", "if_someone_else", "unsure_when", "absent_when", "gives", "negated")
    if not isinstance(raw, dict) or set(raw) - set(allowed):
        fail(raw, f"finding kind {kind_id}: a mapping of {', '.join(allowed)}")
    profile_name = raw.get("profile")
    if profile_name not in profiles:
        fail(raw, f"finding kind {kind_id}: unknown profile {profile_name!r}")
    profile = profiles[profile_name] or {}
    gives = []
    for entry in raw.get("gives") or []:
        factor, when = (entry, None) if isinstance(entry, str) else (entry.get("factor"), entry.get("when"))
        if factor not in factors:
            fail(raw, f"finding kind {kind_id} gives unknown risk factor {factor!r}")
        gives.append((str(factor), conditions(when, CONTEXT_TESTS, lexicon)))
    return Kind(
        id=kind_id,
        absent_when=conditions(list(profile.get("absent_when") or []) + list(raw.get("absent_when") or []),
                               CONTEXT_TESTS, lexicon),
        unsure_when=conditions(list(profile.get("unsure_when") or []) + list(raw.get("unsure_when") or []),
                               CONTEXT_TESTS, lexicon),
        if_unsure=str(raw.get("if_unsure", ABSENT)),
        if_someone_else=str(raw.get("if_someone_else", KEEP)),
        gives=tuple(gives),
        negated=str(raw["negated"]) if raw.get("negated") else None,
        starts_negated=profile_name == "negated",
    )


def _check_kind_targets(raw: Map, kinds: Dict[str, Kind], flags: Iterable[str], factors: Iterable[str]) -> None:
    for kind in kinds.values():
        for target in (kind.if_unsure, kind.if_someone_else):
            if target not in kinds and target not in (ABSENT, KEEP):
                fail(raw[kind.id], f"finding kind {kind.id}: unknown kind {target!r}")
        if kind.negated and kind.negated not in set(flags) | set(factors):
            fail(raw[kind.id], f"finding kind {kind.id}: negated {kind.negated!r} is no flag or factor")


def load_table(lexicon: Lexicon) -> TriageTable:
    """The checked triage table of a lexicon tree (triage.yml next to the language folders)."""
    raw = lexicon.triage
    factors = {str(k): str(v) for k, v in raw["risk_factors"].items()}
    risk_groups = {str(k): frozenset(v) for k, v in raw["risk_groups"].items()}
    for name, members in risk_groups.items():
        if members - set(factors):
            fail(raw["risk_groups"], f"risk group {name} names unknown factors {sorted(members - set(factors))}")
    profiles = raw["context_profiles"]
    kinds = {str(k): _kind(str(k), v, profiles, lexicon, factors) for k, v in raw["finding_kinds"].items()}
    kind_groups = {str(k): frozenset(v) for k, v in raw.get("kind_groups", {}).items()}
    when = lambda spec: requirements(spec, kinds, kind_groups, factors, risk_groups)  # noqa: E731
    flags = {}
    for flag_id, spec in raw["flags"].items():
        if spec.get("level") not in ALERT_LEVELS or not spec.get("source"):
            fail(spec, f"flag {flag_id} needs a level ({' or '.join(ALERT_LEVELS)}) and a source")
        flags[str(flag_id)] = Flag(str(flag_id), str(spec["level"]), str(spec["source"]), when(spec.get("when") or []),
                                   str(spec["then_ask"]) if spec.get("then_ask") else None)
    _check_kind_targets(raw["finding_kinds"], kinds, flags, factors)
    questions = {}
    for q_id, spec in raw["check_questions"].items():
        if spec.get("raises") not in flags:
            fail(spec, f"check question {q_id}: 'raises' must name a flag")
        worse = tuple((when(row["when"] if isinstance(row["when"][0], list) else [row["when"]])[0], str(row["adds"]))
                      for row in spec.get("worse_with") or [])
        for _, adds in worse:
            if adds not in flags:
                fail(spec, f"check question {q_id}: adds unknown flag {adds!r}")
        gives = spec.get("gives")
        alarm_on = tuple(str(a) for a in spec.get("alarm_on") or ["yes"])
        if not alarm_on or set(alarm_on) - set(ANSWERS):
            fail(spec, f"check question {q_id}: alarm_on lists answers of {', '.join(ANSWERS)}")
        questions[str(q_id)] = CheckQuestion(str(q_id), str(spec["raises"]), worse, (str(gives),) if gives else (),
                                             alarm_on)
    for flag in flags.values():
        if flag.then_ask and flag.then_ask not in questions:
            fail(raw["flags"][flag.id], f"flag {flag.id}: then_ask names no check question")
    checks = {}
    for check_id, spec in raw["checks"].items():
        if spec.get("question") not in questions:
            fail(spec, f"check {check_id}: unknown question {spec.get('question')!r}")
        checks[str(check_id)] = Check(str(check_id), str(spec["question"]), when(spec["when"]))
    default = str(raw["default_check_question"])
    if default not in questions:
        fail(raw, f"default_check_question {default!r} is not a check question")
    screen, answer_factors, screen_rules = _screen(raw, flags, questions, factors, when)
    return TriageTable(flags, checks, questions, default, screen, kinds, factors, risk_groups,
                       answer_factors, screen_rules)


def _screen(raw: Map, flags: Dict[str, Flag], questions: Dict[str, CheckQuestion], factors: Dict[str, str],
            when: Any) -> Tuple[Dict[str, ScreenItem], Tuple[AnswerFactor, ...], Dict[str, Any]]:
    """The quiz's safety screen: its items, the quiz answers that count with it, and its rules."""
    screen = {}
    for item, spec in raw["screen_items"].items():
        if spec.get("gives") not in factors or spec.get("question", next(iter(questions))) not in questions:
            fail(spec, f"screen item {item}: unknown question or factor")
        screen[str(item)] = ScreenItem(str(spec["gives"]), spec.get("question"))
    answer_factors = []
    for spec in raw.get("quiz_answer_factors") or []:
        if spec.get("gives") not in factors or set(spec) - {"item", "gives", "over", "at_least", "under"}:
            fail(spec, "quiz answer factor: item, gives (a risk factor) and over / at_least / under")
        answer_factors.append(AnswerFactor(**spec))
    rules = {}
    for flag_id, alternatives in (raw.get("screen_rules") or {}).items():
        if flag_id not in flags:
            fail(raw["screen_rules"], f"screen rule for unknown flag {flag_id!r}")
        parsed = when(alternatives)
        if any(r.verb not in ("factor", "no factor") for alt in parsed for r in alt):
            fail(alternatives, f"screen rule {flag_id}: only factor and no factor requirements")
        rules[str(flag_id)] = parsed
    return screen, tuple(answer_factors), rules
