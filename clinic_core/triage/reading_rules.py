"""The reading rules of one language (lexicons/<lang>/findings.yml), loaded into checked, typed
objects against the atoms of red_flags.yml and the finding kinds of triage.yml (table.py). A bad
entry stops the load with its file and line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Iterable, Optional, Tuple

from clinic_core.language.lexicon import Lexicon
from clinic_core.language.yaml_lines import fail
from clinic_core.triage.table import READING_TESTS, Alternative, alternative, cue_name


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
            cue_name(self.lexicon, raw["text"], raw)
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
                    cue_name(self.lexicon, row["body"], row)
            out[str(body_id)] = tuple(BodyRow(self.selector(r["said"]), r.get("body"),
                                              self.kind(r["kind"], Selector(frozenset()), r)) for r in rows)
        return out

    def upgrade(self, raw: Any) -> Upgrade:
        if raw.get("sentence"):
            cue_name(self.lexicon, raw["sentence"], raw)
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
