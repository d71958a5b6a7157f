"""The triage table (lexicons/triage.yml) and the reading rules (lexicons/<lang>/findings.yml),
loaded into checked, typed objects. A bad entry stops the load with its file and line.

Conditions are written the same way everywhere: a list of alternatives (any may hold), each a test
name ("past") or a mapping of tests that must all hold ({sentence: spinal, not_time: past});
``not_`` before a test negates it. Which tests exist depends on where the condition is used
(``reading.READING_TESTS``, ``context.CONTEXT_TESTS``); the table checks names and cue arguments.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Tuple

from clinic_core.language.lexicon import Lexicon
from clinic_core.language.yaml_lines import Map, fail
from clinic_core.vocabulary import ALERT_LEVELS

ABSENT, KEEP = "absent", "keep"
Test = Tuple[str, bool, Any]  # (name, negated, argument)
Alternative = Tuple[Test, ...]
Conditions = Tuple[Alternative, ...]
REQUIREMENT_VERBS = ("not found", "no factor", "found", "factor", "said")
# Tests of a mention's context (context.py): named ones take no argument; the others take a cue
# name (sentence, atom_text), {cue, chars} (after) or past|chronic|recent (time).
CONTEXT_TESTS = ("uncertain", "hypothetical", "hypothetical_not_recent", "past", "chronic", "recent", "resolved",
                 "child", "someone_else", "other_adult", "generic_person", "triggered", "pain_caused",
                 "sentence", "atom_text", "after", "time")
# Tests of an atom while reading (reading.py, see findings.yml).
READING_TESTS = ("unattached", "atom", "atom_text", "words_before", "after", "sentence", "sentence_has",
                 "has_partner", "partner", "partner_text", "partner_before", "partner_after_within")
CUE_TESTS = {"sentence", "atom_text", "partner_text"}  # tests whose argument is always a cue name


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
            _cue(lexicon, arg, entry)
        if name == "after":
            if not isinstance(arg, dict) or not isinstance(arg.get("chars"), int):
                fail(entry, "after needs {cue: <cue>, chars: <number>}")
            _cue(lexicon, arg.get("cue"), entry)
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


@dataclass(frozen=True)
class Check:
    id: str
    question: str
    when: Tuple[Tuple[Requirement, ...], ...]


@dataclass(frozen=True)
class CheckQuestion:
    id: str
    raises: str  # the flag a "yes" raises
    worse_with: Tuple[Tuple[Tuple[Requirement, ...], str], ...]  # (known factors, flag it adds)
    gives: Tuple[str, ...]  # risk factors a "yes" records


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
class TriageTable:
    flags: Dict[str, Flag]  # in alert order
    checks: Dict[str, Check]  # in question priority order
    questions: Dict[str, CheckQuestion]
    default_question: str
    screen_items: Dict[str, Map]
    kinds: Dict[str, Kind]
    risk_factors: Dict[str, str]  # id -> source
    risk_groups: Dict[str, FrozenSet[str]]


def _cue(lexicon: Lexicon, name: Any, where: Any) -> None:
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
        flags[str(flag_id)] = Flag(str(flag_id), str(spec["level"]), str(spec["source"]), when(spec.get("when") or []))
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
        questions[str(q_id)] = CheckQuestion(str(q_id), str(spec["raises"]), worse, (str(gives),) if gives else ())
    checks = {}
    for check_id, spec in raw["checks"].items():
        if spec.get("question") not in questions:
            fail(spec, f"check {check_id}: unknown question {spec.get('question')!r}")
        checks[str(check_id)] = Check(str(check_id), str(spec["question"]), when(spec["when"]))
    default = str(raw["default_check_question"])
    if default not in questions:
        fail(raw, f"default_check_question {default!r} is not a check question")
    for item, spec in raw["screen_items"].items():
        if spec.get("question", default) not in questions or spec.get("gives", "fever") not in factors:
            fail(spec, f"screen item {item}: unknown question or factor")
    return TriageTable(flags, checks, questions, default, dict(raw["screen_items"]), kinds, factors, risk_groups)


# ----------------------------------------------------------------------------- reading rules


@dataclass(frozen=True)
class Selector:
    """Atoms named LABEL or LABEL.id, joined with |."""

    items: FrozenSet[Tuple[str, Optional[str]]]

    def matches(self, label: str, atom_id: str) -> bool:
        return (label, None) in self.items or (label, atom_id) in self.items


@dataclass(frozen=True)
class Partner:
    atoms: Selector
    scope: str  # clause | sentence
    within: Optional[int]  # tokens strictly between; None = anywhere in the scope
    pick: str  # nearest | first
    side: str  # any | after
    optional: bool
    text: Optional[str] = None  # a cue the partner's own words must match


@dataclass(frozen=True)
class Rule:
    anchor: Selector
    where: Alternative  # conditions of the row itself
    partner: Optional[Partner]
    unless_near: Optional[Partner]
    choices: Tuple[Tuple[Alternative, Optional[str]], ...]  # (conditions, kind or None), first that holds


@dataclass(frozen=True)
class BodyRow:
    said: Selector
    body_cue: Optional[str]
    kind: str


@dataclass(frozen=True)
class Upgrade:
    kinds: FrozenSet[str]
    sentence_cue: Optional[str]
    sentence_has: Optional[Selector]
    becomes: str


@dataclass(frozen=True)
class ReadingRules:
    bodies: Selector
    said_of: Selector
    body_kinds: Dict[str, Tuple[BodyRow, ...]]
    upgrades: Tuple[Upgrade, ...]
    rules: Tuple[Rule, ...]


class _RuleParser:
    """Parses findings.yml against the atoms of red_flags.yml and the kinds of triage.yml."""

    ROW_KEYS = {"atom", "with", "unless_near", "kind", "kind_by"}

    def __init__(self, lexicon: Lexicon, kinds: Iterable[str]) -> None:
        self.lexicon, self.kinds = lexicon, set(kinds)
        self.atom_ids: Dict[str, set] = {}
        for label, atom_id, _ in lexicon.atom_entries():
            self.atom_ids.setdefault(label, set()).add(atom_id)
        for label, atom_id, _ in lexicon.number_atoms():
            self.atom_ids.setdefault(label, set()).add(atom_id)

    def selector(self, text: Any) -> Selector:
        items = set()
        for part in str(text).split("|"):
            label, _, atom_id = part.partition(".")
            if label not in self.atom_ids or (atom_id and atom_id not in self.atom_ids[label]):
                fail(text, f"unknown atom {part!r} (atoms are in red_flags.yml)")
            items.add((label, atom_id or None))
        return Selector(frozenset(items))

    def kind(self, name: Any, anchor: Selector, where: Any) -> Optional[str]:
        if name in (None, "none"):
            return None
        ids = {i for label, atom_id in anchor.items for i in ([atom_id] if atom_id else self.atom_ids[label])}
        for kind in ({str(name).format(id=i) for i in ids} if "{id}" in str(name) else {str(name)}):
            if kind not in self.kinds:
                fail(where, f"unknown finding kind {kind!r} (declare it in triage.yml finding_kinds)")
        return str(name)

    def partner(self, raw: Any) -> Optional[Partner]:
        if raw is None:
            return None
        if not isinstance(raw, dict) or raw.get("scope") not in ("clause", "sentence"):
            fail(raw, "a partner needs atoms and a scope (clause or sentence)")
        if raw.get("text"):
            _cue(self.lexicon, raw["text"], raw)
        return Partner(self.selector(raw["atoms"]), str(raw["scope"]), raw.get("within"),
                       str(raw.get("pick", "nearest")), str(raw.get("side", "any")), bool(raw.get("optional")),
                       raw.get("text"))

    def conditions(self, raw: Dict[str, Any]) -> Alternative:
        parsed = alternative(raw, READING_TESTS, self.lexicon) if raw else ()
        return tuple((name, negated, self.selector(arg) if name in ("atom", "partner", "sentence_has") else arg)
                     for name, negated, arg in parsed)

    def rule(self, raw: Any) -> Rule:
        if not isinstance(raw, dict) or "atom" not in raw or ("kind" in raw) == ("kind_by" in raw):
            fail(raw, "a rule needs atom and either kind or kind_by")
        anchor = self.selector(raw["atom"])
        where = self.conditions({k: v for k, v in raw.items() if k not in self.ROW_KEYS})
        if "kind" in raw:
            choices = (((), self.kind(raw["kind"], anchor, raw)),)
        else:
            choices = tuple((self.conditions(c.get("when") or {}), self.kind(c.get("kind"), anchor, c))
                            for c in raw["kind_by"])
        return Rule(anchor, where, self.partner(raw.get("with")), self.partner(raw.get("unless_near")), choices)

    def body_kinds(self, raw: Any) -> Dict[str, Tuple[BodyRow, ...]]:
        out = {}
        for body_id, rows in raw.items():
            if body_id not in self.atom_ids.get("BODY", ()):
                fail(raw, f"unknown body part {body_id!r}")
            for row in rows:
                if row.get("body"):
                    _cue(self.lexicon, row["body"], row)
            out[str(body_id)] = tuple(BodyRow(self.selector(r["said"]), r.get("body"),
                                              self.kind(r["kind"], Selector(frozenset()), r)) for r in rows)
        return out

    def upgrade(self, raw: Any) -> Upgrade:
        if raw.get("sentence"):
            _cue(self.lexicon, raw["sentence"], raw)
        unknown = (set(raw["kinds"]) | {raw["becomes"]}) - self.kinds
        if unknown:
            fail(raw, f"unknown finding kind(s): {', '.join(sorted(unknown))}")
        has = self.selector(raw["sentence_has"]) if raw.get("sentence_has") else None
        return Upgrade(frozenset(raw["kinds"]), raw.get("sentence"), has, str(raw["becomes"]))


def load_rules(lexicon: Lexicon, kinds: Iterable[str]) -> ReadingRules:
    """The checked reading rules of one language (findings.yml)."""
    raw = lexicon.files["findings"]
    parser = _RuleParser(lexicon, kinds)
    body = raw["body_parts"]
    return ReadingRules(
        bodies=parser.selector(body["atoms"]),
        said_of=parser.selector(body["said_of"]),
        body_kinds=parser.body_kinds(body["kinds"]),
        upgrades=tuple(parser.upgrade(u) for u in raw.get("upgrades") or []),
        rules=tuple(parser.rule(r) for r in raw["rules"]),
    )
