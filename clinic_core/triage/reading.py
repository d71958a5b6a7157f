"""Reading: the atoms of one window -> findings, by the rows of lexicons/<lang>/findings.yml.

Body parts take what is said of them in their clause ("numb" + "down there" -> saddle), rules turn
atoms and their partners into findings ("can't hold" near "pee" -> bladder), and upgrades read the
rest of the sentence ("... and now the other leg too" -> both legs). Then each finding's context
(``context.apply_context``) decides whether it stands, becomes a question or is dropped.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from clinic_core.language.lexicon import Lexicon
from clinic_core.triage.context import apply_context, holds
from clinic_core.triage.reading_rules import Partner, ReadingRules, Rule, Selector
from clinic_core.triage.table import READING_TESTS, Alternative, TriageTable
from clinic_core.triage.window import Atom, Finding, Window

GROUP_REACH = 4  # tokens between two body parts listed together ("legs and feet")
SAID_AFTER_REACH = 4  # tokens between a body part and what follows it ("legs are so weak")
SAID_BEFORE_REACH = 8  # tokens between a sensation and the body part after it ("numbness in both legs")
CHAIN_REACH = 3  # tokens between two things said of one body part ("numb, tingly and weak")


class Reading:
    """One window read with one language's rules."""

    def __init__(self, window: Window, rules: ReadingRules, lexicon: Lexicon) -> None:
        self.w, self.rules, self.lexicon = window, rules, lexicon
        self.attached: Set[int] = set()  # ids of atoms said of a body part

    def atoms(self, selector: Selector) -> List[Atom]:
        return [a for a in self.w.atoms if selector.matches(a.label, a.id)]

    def findings(self) -> List[Finding]:
        out = self._body_findings()
        for rule in self.rules.rules:
            for atom in self.atoms(rule.anchor):
                finding = self._apply(rule, atom)
                if finding is not None:
                    out.append(finding)
        for finding in out:
            self._upgrade(finding)
        return out

    # -- body parts -----------------------------------------------------------------------------

    def _body_findings(self) -> List[Finding]:
        out: List[Finding] = []
        bodies, symptoms = self.atoms(self.rules.bodies), self.atoms(self.rules.said_of)
        for group, said in self._attachments():
            for s in said:
                self.attached.add(id(s))
            for body in group:
                if not self._said_of(body, said, out) and len(group) > 1:
                    # Listed with another body part, but what follows fits only that one ("crushing
                    # pain in his chest and his left arm has gone tingly"): its own sensation before it.
                    self._said_of(body, self._said_before(body, bodies, symptoms), out)
        return out

    def _said_of(self, body: Atom, said: List[Atom], out: List[Finding]) -> bool:
        """Findings for what is said of one body part (for each atom, the first row that fits)."""
        found = False
        for s in said:
            for row in self.rules.body_kinds.get(body.id, ()):
                if row.said.matches(s.label, s.id) and (
                        not row.body_cue or self.lexicon.cue(row.body_cue).search(body.text)):
                    self.attached.add(id(s))
                    out.append(Finding(row.kind, [body, s]))
                    found = True
                    break
        return found

    def _attachments(self) -> List[Tuple[List[Atom], List[Atom]]]:
        """(body parts listed together, what is said of them), per clause: what follows them
        closely, else the nearest sensation before them in the clause; several things said in a
        row go together ("legs are numb, tingly and weak")."""
        w, words = self.w, self.lexicon.words
        bodies, symptoms = self.atoms(self.rules.bodies), self.atoms(self.rules.said_of)
        groups: List[List[Atom]] = []
        for body in bodies:
            last = groups[-1][-1] if groups else None
            if last and w.same_clause(last, body) and body.start >= last.end and \
                    body.start - last.end <= GROUP_REACH and all(t in words("coordination") for t in w.between(last, body)):
                groups[-1].append(body)
            else:
                groups.append([body])
        pairs = []
        for group in groups:
            chosen = self._said_after(group[-1], symptoms) or self._said_before(group[0], bodies, symptoms)
            if chosen:
                pairs.append((group, chosen))
        return pairs

    def _said_after(self, last: Atom, symptoms: List[Atom]) -> List[Atom]:
        w = self.w
        for s in symptoms:
            if s.start < last.end or not w.same_clause(s, last):
                continue
            between = w.between(last, s)
            if len(between) <= SAID_AFTER_REACH and not set(between) & self.lexicon.words("blockers"):
                return self._chain(s, symptoms, forward=True)
            return []
        return []

    def _said_before(self, first: Atom, bodies: List[Atom], symptoms: List[Atom]) -> List[Atom]:
        w, links = self.w, self.lexicon.words("links")
        before = [s for s in symptoms
                  if s.end <= first.start and w.same_clause(s, first) and first.start - s.end <= SAID_BEFORE_REACH]
        if before and all(w.doc[i].lower_ in links or any(b.start <= i < b.end for b in bodies)
                          for i in range(before[-1].end, first.start)):
            return self._chain(before[-1], symptoms, forward=False)
        return []

    def _chain(self, seed: Atom, symptoms: List[Atom], forward: bool) -> List[Atom]:
        out, current, chain_words = [seed], seed, self.lexicon.words("chain")
        for s in (symptoms if forward else list(reversed(symptoms))):
            if (s.start <= current.start) if forward else (s.start >= current.start):
                continue
            between = self.w.between(current, s)
            if not self.w.same_clause(s, current) or len(between) > CHAIN_REACH or not all(t in chain_words for t in between):
                break
            out.append(s)
            current = s
        return out

    # -- rules ----------------------------------------------------------------------------------

    def _apply(self, rule: Rule, atom: Atom) -> Optional[Finding]:
        partner = self._partner(atom, rule.partner) if rule.partner else None
        if rule.partner and partner is None and not rule.partner.optional:
            return None
        if rule.unless_near and self._partner(atom, rule.unless_near) is not None:
            return None
        test = self._tester(atom, partner)
        if not self._all(rule.where, test):
            return None
        for when, kind in rule.choices:
            if self._all(when, test):
                if kind is None:
                    return None
                return Finding(kind.format(id=atom.id), [atom] + ([partner] if partner else []))
        return None

    @staticmethod
    def _all(alternative: Alternative, test: Callable[[str, Any], bool]) -> bool:
        return holds((alternative,), test) if alternative else True

    def _partner(self, atom: Atom, spec: Partner) -> Optional[Atom]:
        w = self.w
        same = w.same_clause if spec.scope == "clause" else w.same_sentence
        found = [b for b in self.atoms(spec.atoms)
                 if b is not atom and same(atom, b) and (spec.within is None or w.gap(atom, b) <= spec.within)
                 and (spec.side != "after" or b.start >= atom.end)
                 and (spec.text is None or self.lexicon.cue(spec.text).search(b.text))]
        if not found:
            return None
        return found[0] if spec.pick == "first" else min(found, key=lambda b: w.gap(atom, b))

    def _tester(self, atom: Atom, partner: Optional[Atom]) -> Callable[[str, Any], bool]:
        return lambda name, arg: TESTS[name](self, atom, partner, arg)

    def _upgrade(self, finding: Finding) -> None:
        w, sentence = self.w, self.w.sentence_text(finding.start)
        for up in self.rules.upgrades:
            if finding.kind not in up.kinds:
                continue
            if (up.sentence_cue and self.lexicon.cue(up.sentence_cue).search(sentence)) or (
                    up.sentence_has and any(up.sentence_has.matches(a.label, a.id) and w.same_sentence(a, finding.atoms[0])
                                            for a in w.atoms)):
                finding.kind = up.becomes
                return


# The reading tests of findings.yml rules: (reading, atom, its partner or None, argument) -> holds.
TESTS: Dict[str, Callable[[Reading, Atom, Optional[Atom], Any], bool]] = {
    "unattached": lambda r, atom, partner, _: id(atom) not in r.attached,
    "atom": lambda r, atom, partner, sel: sel.matches(atom.label, atom.id),
    "atom_text": lambda r, atom, partner, name: bool(r.lexicon.cue(name).search(atom.text)),
    "words_before": lambda r, atom, partner, arg: bool(set(r.w.tokens_before(atom, arg["within"]))
                                                       & r.lexicon.words(arg["words"])),
    "after": lambda r, atom, partner, arg: bool(r.lexicon.cue(arg["cue"]).search(r.w.text[atom.cend:atom.cend + arg["chars"]])),
    "sentence": lambda r, atom, partner, name: bool(r.lexicon.cue(name).search(r.w.sentence_text(atom.start))),
    "sentence_has": lambda r, atom, partner, sel: any(sel.matches(a.label, a.id) and r.w.same_sentence(a, atom)
                                                      for a in r.w.atoms),
    "has_partner": lambda r, atom, partner, wanted: (partner is not None) == bool(wanted),
    "partner": lambda r, atom, partner, sel: partner is not None and sel.matches(partner.label, partner.id),
    "partner_text": lambda r, atom, partner, name: partner is not None and bool(r.lexicon.cue(name).search(partner.text)),
    "partner_before": lambda r, atom, partner, _: partner is not None and partner.start < atom.start,
    "partner_after_within": lambda r, atom, partner, n: partner is not None and 0 <= partner.start - atom.end <= n,
}
assert set(TESTS) == set(READING_TESTS), "reading tests and table.READING_TESTS disagree"


def read_window(window: Window, rules: ReadingRules, table: TriageTable, lexicon: Lexicon) -> List[Finding]:
    """The findings of one window, each with its context applied."""
    findings = Reading(window, rules, lexicon).findings()
    for finding in findings:
        apply_context(window, finding, table, lexicon)
    return findings
