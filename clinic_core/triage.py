"""Red-flag triage: free text (+ risk factors from earlier messages) -> TriageResult.

    >>> assess("since yesterday I can't feel when I wipe").level
    'emergency'
    >>> assess("I have a fever", frozenset({"iv_drug_use"})).reasons
    ('fever_with_back_pain',)
    >>> assess("no bladder problems, I fell a year ago").level is None
    True

Levels (clinical basis: /work/shared/research/clinical-evidence.md section 2; each flag's source
is in ``clinic_core/lexicons/triage.yml``):

- ``emergency``: call the emergency number / go to the emergency department now;
- ``urgent``: same-day care (call the clinic today or go to urgent care);
- ``check``: an unclear mention ("my bum goes numb"): ask ONE yes/no question
  (``check_question``) and let ``resolve_check`` decide; never guess;
- ``None``: nothing found.

How it reads text. The shared spaCy rule layer (``language.rule_pipeline.RulePipeline``: blank
English, entity ruler, sentencizer, negspacy) finds small "atoms" (a body part, a sensation word,
a bladder word, a risk factor, ...; lexicon in ``lexicons/en/red_flags.yml``). This module
then joins atoms that belong together in one clause ("numb" + "down there"), and decides for each
finding whether it is negated (negspacy's cue matcher, with a distance limit, so "I wet myself,
my legs are fine" is not negated), hypothetical ("what if I..."), about someone else ("my mom had
cancer", "runs in my family"), old ("a year ago") or longstanding ("for years"). Unclear or
longstanding versions of an emergency become a question rather than silence or an alarm.
Common typos are mended first ("bladdder", "numbess").

Pure Python; never imports Rasa; never logs or stores the text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from clinic_core.language.lexicon import Lexicon, load_lexicon
from clinic_core.language.reader import Reader, reader, windows
from clinic_core.language.rule_pipeline import RulePipeline
from clinic_core.vocabulary import CHECK, EMERGENCY, LEVEL_ORDER, URGENT


def _named(lexicon: Lexicon) -> SimpleNamespace:
    """The lexicon's red-flag data under the names this module reads."""
    table = lexicon.triage
    questions = lexicon.wording("check_questions")
    return SimpleNamespace(
        **{name.upper(): pattern for name, pattern in lexicon.cues.items()},
        FLAGS={str(k): dict(v) for k, v in table["flags"].items()},
        CHECK_REASONS={str(k): str(v) for k, v in table["check_reasons"].items()},
        CHECK_QUESTIONS={str(k): (questions[k], str(v["level"]), str(v["reason"]))
                         for k, v in table["check_questions"].items()},
        DEFAULT_CHECK_QUESTION=str(table["default_check_question"]),
        WHY=lexicon.wording("why"),
        RISK_FACTORS={str(k): str(v) for k, v in table["risk_factors"].items()},
        INFECTION_RISK=tuple(table["risk_groups"]["infection"]),
        BONE_RISK=tuple(table["risk_groups"]["bone"]),
        CANCER_RISK=tuple(table["risk_groups"]["cancer"]),
        UNCERTAIN_CUES=lexicon.negation("red_flags").uncertain,
        COORD=lexicon.words("coordination"),
        REGEX_ATOMS=lexicon.number_atoms(),
    )


lex = _named(load_lexicon())

FLAGS = lex.FLAGS
RISK_FACTORS = tuple(lex.RISK_FACTORS)
DEFAULT_CHECK_QUESTION = lex.DEFAULT_CHECK_QUESTION
WINDOW = 4000

# Check reasons in the order their question is preferred when several are open.
_CHECK_PRIORITY = [
    "possible_saddle_numbness", "possible_bladder_bowel_change", "possible_bilateral_leg_symptoms",
    "possible_aortic_pain", "possible_cauda_equina", "possible_leg_weakness", "possible_fever",
    "possible_cancer_pain",
]
_FLAG_ORDER = {flag: i for i, flag in enumerate(FLAGS)}


@dataclass(frozen=True)
class TriageResult:
    level: Optional[str] = None
    reasons: Tuple[str, ...] = ()
    factors_found: FrozenSet[str] = frozenset()
    check_question_id: Optional[str] = None
    # Red-flag ideas the text mentions but negates ("no bladder problems"): for the NLU guard.
    negated: Tuple[str, ...] = ()
    # (flag or factor id, start, end): where in the caller's text each was said (best effort).
    evidence: Tuple[Tuple[str, int, int], ...] = ()

    @property
    def is_alert(self) -> bool:
        return self.level in (EMERGENCY, URGENT)

    def span(self, concept: str) -> Tuple[int, int]:
        for name, start, end in self.evidence:
            if name == concept:
                return start, end
        return 0, 0


# ------------------------------------------------------------------------------------------
# Engine (built once)
# ------------------------------------------------------------------------------------------


class _Engine:
    """The red-flag pipeline of one lexicon folder, built once per process."""

    def __init__(self, shared: Reader) -> None:
        lexicon = shared.lexicon
        compiler = shared.compiler("red_flags")
        atoms = lexicon.atom_entries()
        patterns: List[dict] = []
        for label in dict.fromkeys(label for label, _, _ in atoms):
            patterns += compiler.compile(label, [(atom_id, p) for lb, atom_id, p in atoms if lb == label])
        self.reader = shared
        self.pipeline = RulePipeline(patterns, lexicon.negation("red_flags"), max_chars=WINDOW)
        self.negex = self.pipeline.nlp.get_pipe("negex")


@functools.lru_cache(maxsize=None)
def engine() -> _Engine:
    """Build (once) and return the red-flag pipeline; call early to pay the cost up front."""
    return _Engine(reader())


# ------------------------------------------------------------------------------------------
# Reading one window of text
# ------------------------------------------------------------------------------------------


@dataclass
class _Atom:
    label: str
    id: str
    start: int  # token offsets
    end: int
    cstart: int  # character offsets in the window
    cend: int
    text: str


@dataclass
class _Finding:
    kind: str
    atoms: List[_Atom]
    status: str = "present"  # present | check | absent
    negated: bool = False

    @property
    def start(self) -> int:
        return min(a.start for a in self.atoms)

    @property
    def end(self) -> int:
        return max(a.end for a in self.atoms)

    @property
    def cstart(self) -> int:
        return min(a.cstart for a in self.atoms)

    @property
    def cend(self) -> int:
        return max(a.cend for a in self.atoms)


_BODY_SYMPTOMS = {"NUMB", "WEAK", "COLLAPSE", "CANTMOVE", "PAIN", "FOOTSIGN"}
# Tokens that may sit between a body part and what is said of it ("my legs are suddenly so weak").
_BLOCKERS = {",", "and", "but", "or", "because", "cause", "when", "whenever", "if", "then", "which", "that", "than",
             "while", "after", "before", "since", "with", "from", "i", "he", "she", "we", "they", "you", ".", ";",
             "!", "?", "in", "on", "at", "for", "by", "down", "into", "through"}
# Tokens that may link a sensation to the body part after it ("numbness in both of my legs").
_LINKS = {"in", "down", "into", "through", "to", "across", "along", "on", "at", "my", "both", "the", "of", "his", "her",
          "all", "over", "round", "around", "from", "going", "goes", "went", "shooting", "radiating", "spreading",
          "travelling", "traveling", "running", "that", "which", "and", "or", ",", "&", "/", "a", "bit", "little",
          "your", "their", "our", "inside", "under", "between", "up", "out", "its", "it's", "is", "are", "was",
          "were", "feel", "feels", "felt", "sort", "kind", "weird", "odd", "strange", "like", "whole", "entire",
          "now", "also", "too", "even", "really", "very", "quite", "either", "each", "one", "some", "area",
          "region", "part", "parts", "lower", "upper", "back", "just", "only", "mainly", "mostly", "feeling",
          "feelings", "sensation", "sensations", "has", "have", "had", "spread", "spreads", "moved", "moves", "travels",
          "travelled", "traveled", "radiates", "extends", "extended", "gone", "go", "right", "left", "side", "sides"}
# Tokens that may join several things said of one body part ("numb, tingly and weak").
_CHAIN = {",", "and", "or", "&", "/", "even", "a", "bit", "really", "very", "totally", "completely", "quite",
          "kind", "of", "sort", "also", "now", "plus", "then", "so", "too", "getting", "gone", "going", "feel", "feels",
          "is", "are", "and/or"}
_PEE_VERB = re.compile(r"^(?:pee|peeing|pees|peed|wee|weeing|wees|wee'd|urinat\w*|piss\w*|pass\w* (?:water|urine)|make water|tinkle|number (?:one|1)|pee pee|wee wee)$")
_NEARLY = {"nearly", "almost", "practically", "basically", "virtually"}
_UNCERTAIN_TEXT = {c.lower() for c in lex.UNCERTAIN_CUES}


class _Window:
    def __init__(self, text: str, eng: _Engine) -> None:
        self.text = text
        self.doc = doc = eng.pipeline.nlp(text)
        atoms: List[_Atom] = []
        protected: List[Tuple[int, int]] = []
        for ent in doc.ents:
            protected.append((ent.start, ent.end))
            if ent.label_ == "IGNORE":
                continue
            atoms.append(_Atom(ent.label_, ent.ent_id_, ent.start, ent.end, ent.start_char, ent.end_char, ent.text.lower()))
        taken = [(a.cstart, a.cend) for a in atoms]
        for label, atom_id, regex in lex.REGEX_ATOMS:
            for m in regex.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None or any(s < m.end() and m.start() < e and label == "FEVER" for s, e in taken):
                    continue
                atoms.append(_Atom(label, atom_id, span.start, span.end, m.start(), m.end(), m.group(0).lower()))
                protected.append((span.start, span.end))
        atoms.sort(key=lambda a: (a.start, a.end))
        self.atoms = atoms
        preceding, following, terminating = eng.negex.process_negations(doc)

        def free(cue) -> bool:
            # A cue that is part of an atom ("no control", "haven't peed", "not working") is not a negation.
            return not any(s < cue[2] and cue[1] < e for s, e in protected)

        self.preceding = [(s, e) for _, s, e in preceding if free((_, s, e))]
        self.following = [(s, e) for _, s, e in following if free((_, s, e))]
        bounds = eng.negex.termination_boundaries(doc, terminating)
        self.boundary_of = [0] * (len(doc) + 1)
        self.bounds = bounds
        for i, (s, e) in enumerate(bounds):
            for t in range(s, e):
                self.boundary_of[t] = i
        self.sent_of = [0] * (len(doc) + 1)
        self.sents = list(doc.sents)
        for i, sent in enumerate(self.sents):
            for t in range(sent.start, sent.end):
                self.sent_of[t] = i

    # -- helpers ------------------------------------------------------------------------------

    def of(self, *labels: str, ids: Iterable[str] = ()) -> List[_Atom]:
        wanted = set(ids)
        return [a for a in self.atoms if a.label in labels and (not wanted or a.id in wanted)]

    def same_clause(self, a: _Atom, b: _Atom) -> bool:
        return self.boundary_of[a.start] == self.boundary_of[b.start]

    def same_sentence(self, a: _Atom, b: _Atom) -> bool:
        return self.sent_of[a.start] == self.sent_of[b.start]

    def gap(self, a: _Atom, b: _Atom) -> int:
        """Tokens strictly between two atoms (0 when adjacent or overlapping)."""
        first, second = (a, b) if a.start <= b.start else (b, a)
        return max(0, second.start - first.end)

    def between(self, a: _Atom, b: _Atom) -> List[str]:
        first, second = (a, b) if a.start <= b.start else (b, a)
        return [t.lower_ for t in self.doc[first.end:second.start]]

    def clause_text_before(self, f: _Finding) -> str:
        bound = self.bounds[self.boundary_of[f.start]] if self.bounds else (0, len(self.doc))
        start_char = self.doc[bound[0]].idx if bound[0] < len(self.doc) else 0
        return self.text[start_char:f.cstart]

    def sentence_span(self, f: _Finding) -> Tuple[int, int]:
        sent = self.sents[self.sent_of[f.start]] if self.sents else self.doc[:]
        return sent.start_char, sent.end_char

    # -- context of one finding ---------------------------------------------------------------

    def negation(self, f: _Finding) -> Optional[str]:
        """"neg" when a negation cue governs the finding, "uncertain" for "not sure"-type cues."""
        start, end = f.start, f.end
        last_start = max(a.start for a in f.atoms)
        bound = self.boundary_of[start]
        inside = [(a.start, a.end) for a in f.atoms]
        for s, e in self.preceding:
            if self.boundary_of[s] != bound or s >= last_start:
                continue
            if any(a <= s and e <= b for a, b in inside):
                continue
            if e <= start and start - e > 6:
                continue
            if e <= start and not self._list_continues(e, start):
                continue
            cue = self.doc[s:e].text.lower()
            return "uncertain" if cue in _UNCERTAIN_TEXT else "neg"
        for s, e in self.following:
            if self.boundary_of[s] == bound and s >= end and s - end <= 3:
                return "neg"
        return None

    def _list_continues(self, cue_end: int, start: int) -> bool:
        """A comma between a negation cue and a finding ends the cue's reach unless the cue was
        negating a list of findings ("no fever, chills or sweats"), not some other word ("it isn't
        there, numb where you sit")."""
        commas = [t.i for t in self.doc[cue_end:start] if t.text in (",", ";")]
        if not commas:
            return True
        filler = {"a", "an", "any", "the", "my", "real", "more", "other", "such", "obvious", "new", "sign", "signs", "of"}
        for t in self.doc[cue_end:commas[0]]:
            if t.lower_ in filler:
                continue
            if not any(a.start <= t.i < a.end for a in self.atoms):
                return False
        return True

    def time(self, f: _Finding) -> Optional[str]:
        """"past" | "chronic" | "recent" | None: the time marker nearest the finding, looked for in
        its clause first and then in its sentence."""
        bound = self.bounds[self.boundary_of[f.start]] if self.bounds else (0, len(self.doc))
        c0 = self.doc[bound[0]].idx if bound[0] < len(self.doc) else 0
        c1 = self.doc[bound[1] - 1].idx + len(self.doc[bound[1] - 1]) if 0 < bound[1] <= len(self.doc) else len(self.text)
        found = self._time_in(f, c0, c1)
        if found is None:
            s0, s1 = self.sentence_span(f)
            found = self._time_in(f, s0, s1)
        return found

    def _time_in(self, f: _Finding, s0: int, s1: int) -> Optional[str]:
        sentence = self.text[s0:s1]
        best, best_distance = None, None
        for kind, regex in (("past", lex.PAST), ("chronic", lex.CHRONIC), ("recent", lex.RECENT)):
            for m in regex.finditer(sentence):
                a, b = s0 + m.start(), s0 + m.end()
                if a < f.cend and f.cstart < b:
                    distance = 0
                else:
                    distance = f.cstart - b if b <= f.cstart else a - f.cend
                # Prefer the marker nearest the finding; on a tie the later kind (recent) wins.
                if best_distance is None or distance <= best_distance:
                    best, best_distance = kind, distance
        return best

    def resolved(self, f: _Finding) -> bool:
        s0, s1 = self.sentence_span(f)
        return bool(lex.RESOLVED.search(self.text[f.cend:s1]))

    def hypothetical(self, f: _Finding) -> bool:
        before = self.clause_text_before(f)
        if lex.HYPOTHETICAL.search(before):
            return True
        s0, s1 = self.sentence_span(f)
        sentence = self.text[s0:s1].strip()
        if lex.CAUSE_QUESTION.search(sentence):
            return True
        if sentence.endswith("?") and re.match(r"^(?:can|could|does|do|would|will|should|is\s+it\s+possible|what|how|why|when|if)\b", sentence, re.I) \
                and re.search(r"\b(?:you|your|someone|people|a\s+person|one)\b", sentence, re.I):
            return True
        return False

    def other_person(self, f: _Finding) -> Optional[str]:
        """"child" / "adult" when the clause is about someone else, else None."""
        before = self.clause_text_before(f)
        s0, s1 = self.sentence_span(f)
        after = self.text[f.cend:s1]
        if lex.FAMILY_HISTORY.search(before + " " + after[:60]):
            return None if lex.OWN_TOO.search(after) else "adult"
        for regex, kind in ((lex.CHILD_PERSON, "child"), (lex.GENERIC_PERSON, "generic"), (lex.OTHER_PERSON, "adult")):
            matches = list(regex.finditer(before))
            if matches:
                tail = before[matches[-1].end():]
                if not lex.FIRST_PERSON.search(tail):
                    return kind
        return None

    def pain_caused(self, f: _Finding) -> bool:
        s0, s1 = self.sentence_span(f)
        return bool(lex.PAIN_CAUSE.search(self.text[s0:s1]))

    def triggered(self, f: _Finding) -> bool:
        s0, s1 = self.sentence_span(f)
        return bool(lex.TRIGGERED.search(self.text[s0:s1]))

    def sentence_text(self, f: _Finding) -> str:
        s0, s1 = self.sentence_span(f)
        return self.text[s0:s1]

    def before_tokens(self, atom: _Atom, n: int) -> List[str]:
        return [t.lower_ for t in self.doc[max(0, atom.start - n):atom.start]]


# ------------------------------------------------------------------------------------------
# Building findings
# ------------------------------------------------------------------------------------------


def _body_attachments(w: _Window) -> List[Tuple[List[_Atom], List[_Atom]]]:
    """(coordinated body parts, what is said of them), per clause.

    A body part takes what follows it closely ("my legs are suddenly weak") or, failing that, the
    nearest sensation or weakness word before it in the clause ("numbness in both legs"). Several
    things said in a row go together ("legs are numb, tingly and weak").
    """
    bodies = w.of("BODY")
    symptoms = [a for a in w.atoms if a.label in _BODY_SYMPTOMS or (a.label == "LOSS" and a.id == "control")]
    groups: List[List[_Atom]] = []
    for body in bodies:
        if groups and w.same_clause(groups[-1][-1], body) and body.start >= groups[-1][-1].end and all(
            t in lex.COORD for t in w.between(groups[-1][-1], body)
        ) and body.start - groups[-1][-1].end <= 4:
            groups[-1].append(body)
        else:
            groups.append([body])

    def chain(seed: _Atom, forward: bool) -> List[_Atom]:
        out = [seed]
        ordered = symptoms if forward else list(reversed(symptoms))
        current = seed
        for s in ordered:
            if (s.start <= current.start) if forward else (s.start >= current.start):
                continue
            if not w.same_clause(s, current):
                break
            between = w.between(current, s)
            if len(between) <= 3 and all(t in _CHAIN for t in between):
                out.append(s)
                current = s
            else:
                break
        return out

    pairs = []
    for group in groups:
        first, last = group[0], group[-1]
        chosen: List[_Atom] = []
        for s in symptoms:
            if s.start < last.end or not w.same_clause(s, last):
                continue
            between = w.between(last, s)
            if len(between) <= 4 and not any(t in _BLOCKERS for t in between):
                chosen = chain(s, True)
            break
        if not chosen:
            before = [s for s in symptoms if s.end <= first.start and w.same_clause(s, first) and first.start - s.end <= 8]
            if before and all(t in _LINKS or any(b.start <= t_i < b.end for b in bodies)
                              for t_i, t in ((i, w.doc[i].lower_) for i in range(before[-1].end, first.start))):
                chosen = chain(before[-1], False)
        if chosen:
            pairs.append((group, chosen))
    return pairs


def _findings(w: _Window) -> List[_Finding]:
    out: List[_Finding] = []
    add = lambda kind, *atoms: out.append(_Finding(kind, list(atoms)))  # noqa: E731
    attached_symptoms: Set[int] = set()

    # -- body part + symptom ----------------------------------------------------------------
    for group, said in _body_attachments(w):
        for s in said:
            attached_symptoms.add(id(s))
            for body in group:
                kind = None
                if s.label == "FOOTSIGN":
                    if body.id in ("leg_one", "feet_both", "legs_both"):
                        add("foot_drop", body, s)
                    continue
                if body.id == "saddle":
                    if s.label == "NUMB":
                        kind = "saddle" if s.id in ("numb", "tingle") else "saddle_check"
                elif body.id == "saddle_vague":
                    if s.label == "NUMB":
                        kind = "saddle_check"
                elif body.id == "legs_both":
                    if s.label == "WEAK" and s.id in ("weak", "weak_progress", "giveway"):
                        kind = "bilateral"
                    elif s.label == "NUMB" and s.id == "numb":
                        kind = "bilateral_numb"
                    elif s.label in ("CANTMOVE",) or (s.label == "LOSS" and s.id == "control"):
                        kind = "cantmove_legs"
                    elif s.label == "COLLAPSE":
                        kind = "bilateral"
                    elif s.label == "NUMB" or (s.label == "WEAK" and s.id == "heavy"):
                        kind = "bilateral_check"
                    elif s.label == "PAIN" and re.search(r"\b(?:legs|both|thighs|calves|shins)\b", body.text):
                        kind = "bilateral_pain"
                elif body.id == "feet_both":
                    if s.label in ("WEAK", "CANTMOVE", "COLLAPSE") and s.id != "heavy":
                        kind = "bilateral"
                    elif s.label == "NUMB":
                        kind = "feet_numb"
                elif body.id == "leg_one":
                    if s.label == "WEAK" and s.id == "weak_progress":
                        kind = "leg_weak_progress"
                    elif s.label == "WEAK" and s.id == "weak":
                        kind = "leg_weak_one"
                    elif (s.label == "WEAK" and s.id == "giveway") or s.label == "COLLAPSE":
                        kind = "leg_giveway_one"
                    elif s.label == "CANTMOVE" or (s.label == "LOSS" and s.id == "control"):
                        kind = "cantmove_one"
                    elif s.label == "NUMB" and s.id in ("numb", "tingle"):
                        kind = "leg_numb_one"
                elif body.id == "belly" and s.label == "PAIN":
                    kind = "belly_pain"
                elif body.id == "back" and s.label == "PAIN":
                    kind = "back_pain"
                if kind:
                    add(kind, body, s)
    # "my leg is weak and getting worse": progression words in the clause make it urgent;
    # "right leg was weak last week, now the left one is too": both legs.
    for f in list(out):
        if f.kind in ("leg_weak_one", "leg_weak_progress", "leg_giveway_one", "leg_numb_one", "cantmove_one") \
                and lex.SPREAD_TO_BOTH.search(w.sentence_text(f)):
            f.kind = "bilateral" if f.kind != "cantmove_one" else "cantmove_legs"
            continue
        if f.kind == "leg_weak_one":
            clause_atoms = [a for a in w.of("SUDDEN") if w.same_sentence(a, f.atoms[0])]
            if clause_atoms or re.search(r"\b(?:new|newly|suddenly|worse|worsening|weaker|more and more|progress\w*|spreading)\b",
                                         w.sentence_text(f), re.I):
                f.kind = "leg_weak_progress"

    # -- symptoms without a body part -------------------------------------------------------
    for a in w.of("CANTMOVE", ids=("cantmove",)):
        if id(a) not in attached_symptoms and not any(
                b.id in ("bladder", "bowel") and w.same_clause(a, b) for b in w.of("BLADDER")):
            add("cantmove_generic", a)
    for a in w.of("CANTWALK"):
        add("cantwalk", a)
    for a in w.of("GAIT"):
        add("gait", a)
    for a in w.of("FOOTDROP"):
        add("foot_drop", a)
    for a in w.of("COLLAPSE"):
        if id(a) not in attached_symptoms:
            add("faint", a)

    # -- saddle: wiping / sex ---------------------------------------------------------------
    numbs = w.of("NUMB")
    for ctx in w.of("BLADDER", ids=("wipe", "sex")):
        for n in numbs:
            if w.same_sentence(n, ctx) and w.gap(n, ctx) <= 8:
                add("saddle" if (n.id in ("numb", "tingle") or ctx.id == "wipe") else "saddle_check", n, ctx)
                break

    # -- bladder and bowels -----------------------------------------------------------------
    bladders = w.of("BLADDER", ids=("bladder", "bowel", "toilet", "clothes"))

    def near(atom: _Atom, ids: Sequence[str], span: int = 8, clause: bool = True) -> Optional[_Atom]:
        best = None
        for b in bladders:
            if b.id in ids and (w.same_clause(atom, b) if clause else w.same_sentence(atom, b)) and w.gap(atom, b) <= span:
                if best is None or w.gap(atom, b) < w.gap(atom, best):
                    best = b
        return best

    for a in w.of("NEG"):
        out.append(_Finding("negated:bladder", [a], status="absent", negated=True))
    for a in w.of("CANTMOVE"):
        if a.text.endswith(("working", "work", "working properly")):
            b = near(a, ("bladder", "bowel"), span=3)
            if b and b.start < a.start:
                add("bladder" if a.text.startswith("stop") else "bladder_check", a, b)
    for f in w.of("FLAG"):
        if f.id == "bladder_bowel_change":
            nearly = bool(set(w.before_tokens(f, 2)) & _NEARLY)
            # "wet myself laughing / when I sneezed": stress leakage, ask rather than alarm.
            idiom = bool(lex.TRIGGER_COUGH.search(w.text[f.cend:f.cend + 40]))
            add("bladder_check" if nearly or idiom else "bladder", f)
        elif f.id == "saddle_numbness":
            add("saddle", f)
        elif f.id in ("cauda_equina_mention", "erection"):
            add("general_check", f)
    for loss in w.of("LOSS"):
        if loss.id == "control":
            if id(loss) in attached_symptoms:
                continue
            b = near(loss, ("bladder", "bowel"))
            if b:
                add("bladder", loss, b)
        elif loss.id in ("hold", "stop"):
            b = near(loss, ("bladder", "bowel", "toilet"))
            if b:
                add("bladder", loss, b)
        elif loss.id == "hold_it":
            b = near(loss, ("bladder", "bowel", "toilet", "clothes"), span=14, clause=False)
            if b or re.search(r"(?:pee|wee|urine|water|bladder|poo|poop|bowels|stool|wind|farts)$", loss.text):
                add("bladder", loss, *( [b] if b else []))
            else:
                add("bladder_check", loss)
        elif loss.id in ("leak", "dribble"):
            b = near(loss, ("bladder", "bowel", "clothes", "toilet"), span=10, clause=False)
            own = "incontinence" in loss.text
            if b or own:
                f = _Finding("bladder", [loss] + ([b] if b else []))
                unnoticed = any(u.id == "unaware" and w.same_sentence(u, loss) for u in w.of("LOSS"))
                if not unnoticed and (loss.id == "dribble" or lex.TRIGGER_COUGH.search(w.sentence_text(f))
                                      or "stress" in loss.text):
                    f.kind = "bladder_check"
                out.append(f)
        elif loss.id == "accident":
            b = near(loss, ("bladder", "bowel", "toilet", "clothes"), span=10, clause=False)
            if b:
                add("bladder", loss, b)
        elif loss.id == "unaware":
            b = near(loss, ("bladder", "bowel", "toilet", "clothes"), span=8)
            if b:
                add("bladder", loss, b)
        elif loss.id == "late":
            add("bladder", loss)
        elif loss.id == "problem":
            b = near(loss, ("bladder", "bowel"), span=5)
            if b:
                verbish = b.start >= loss.end and b.start - loss.end <= 3 and _PEE_VERB.match(b.text)
                if loss.text in ("trouble", "troubles", "difficulty", "difficulties") and verbish:
                    add("bladder", loss, b)
                else:
                    add("bladder_check", loss, b)
    for r in w.of("RETENT"):
        if r.id == "retention_explicit":
            add("bladder", r)
        elif r.id in ("retention", "empty"):
            b = near(r, ("bladder", "toilet"), span=8, clause=False)
            if b:
                add("bladder", r, b)
        elif r.id == "strain":
            b = near(r, ("bladder",), span=4)
            if b and _PEE_VERB.match(b.text):
                add("bladder", r, b)
    for c in w.of("CANT"):
        for b in bladders:
            if b.id == "bladder" and b.start >= c.end and b.start - c.end <= 3 and w.same_clause(c, b) and _PEE_VERB.match(b.text):
                add("bladder", c, b)
                break
    for n in numbs:
        if id(n) in attached_symptoms:
            continue
        seat = near(n, ("toilet",), span=8)
        if seat and n.id in ("numb", "tingle") and not near(n, ("bladder", "bowel"), span=6):
            add("saddle_check", n, seat)
            continue
        b = near(n, ("bladder", "bowel"), span=6)
        if b:
            if n.id == "numb":
                add("bladder", n, b)
            else:
                add("bladder_check", n, b)

    # -- fever, aortic pattern, infection after a procedure ---------------------------------
    for a in w.of("FEVER"):
        add("fever" if a.id == "fever" else "fever_check", a)
    for a in w.of("TEAR"):
        add("tear", a)
    for a in w.of("FAINT"):
        add("faint", a)
    for a in w.of("SUDDEN"):
        add("sudden", a)
    for a in w.of("SEVERE"):
        add("severe", a)
    for a in w.of("PULSE"):
        add("pulse", a)
    sites = w.of("WOUND") + w.of("FACTOR", ids=("procedure_spinal", "procedure_any"))
    for inflam in w.of("INFLAM") + [a for a in w.of("LOSS") if a.id in ("leak", "dribble")]:
        for site in sites:
            if w.same_sentence(inflam, site) and w.gap(inflam, site) <= 8:
                add("wound_inflam", inflam, site)
                break

    # -- factors, events, night pain ----------------------------------------------------------
    for a in w.of("FACTOR"):
        add("factor:" + a.id, a)
    for a in w.of("EVENT"):
        if a.id == "fall" and lex.FALL_FROM_HEIGHT.search(w.text[a.cend:a.cend + 80]):
            add("event:major_trauma", a)
        else:
            add("event:" + a.id, a)
    for a in w.of("NIGHT"):
        add("night", a)
    return out


# Finding kind -> (how context changes it). "sign" = emergency-grade symptom.
_EMERGENCY_SIGNS = {"saddle", "bladder", "bilateral", "bilateral_numb", "cantmove_legs"}
_CHECK_KIND_FOR = {
    "saddle": "saddle_check", "bladder": "bladder_check", "bilateral": "bilateral_check",
    "bilateral_numb": "bilateral_check", "cantmove_legs": "bilateral_check",
    "leg_weak_progress": "leg_weak_one", "foot_drop": "leg_weak_one", "fever": "fever_check",
    "tear": "tear", "cantwalk": "cantwalk", "cantmove_generic": "cantmove_generic",
}


def _apply_context(w: _Window, f: _Finding) -> None:
    kind = f.kind
    if kind.startswith("negated:"):
        return
    negation = w.negation(f)
    if negation == "neg":
        f.status, f.negated = "absent", True
        return
    if kind.startswith("factor:"):
        _factor_context(w, f, negation)
        return
    if kind.startswith("event:"):
        if negation or w.hypothetical(f) or w.other_person(f) or w.time(f) == "past":
            f.status = "absent"
        return
    if kind == "night":
        if negation or w.hypothetical(f):
            f.status = "absent"
        return
    if kind in ("faint", "sudden", "severe", "tear", "pulse", "belly_pain", "back_pain"):
        if negation or w.hypothetical(f) or w.time(f) == "past":
            f.status = "absent"
        return
    other = w.other_person(f)
    if other == "child":
        f.status = "absent"
        return
    when = w.time(f)
    if when == "past":
        f.status = "absent"
        return
    # A question that also reports something recent ("could the fact that I wet myself yesterday be
    # my back?") is a report, not a hypothetical.
    hypothetical = w.hypothetical(f) and when != "recent"
    unsure = (negation == "uncertain" or hypothetical or when == "chronic" or w.resolved(f)
              or other == "generic")
    if kind in _EMERGENCY_SIGNS:
        if kind in ("bilateral_numb",) and w.triggered(f):
            unsure = True
        if kind == "cantmove_legs" and w.pain_caused(f):
            unsure = True
        if unsure:
            f.kind = _CHECK_KIND_FOR[kind]
        return
    if kind in ("leg_weak_progress", "foot_drop", "fever", "wound_inflam"):
        if unsure or other == "adult":
            f.kind = _CHECK_KIND_FOR.get(kind, kind)
            if kind == "wound_inflam":
                f.status = "absent" if unsure else "present"
        return
    # Already only a question: say nothing when it is hypothetical, old, resolved or someone else's.
    if unsure or other == "adult":
        f.status = "absent"
        return
    if kind in ("cantwalk", "cantmove_generic") and w.pain_caused(f):
        f.status = "absent"
    if kind in ("bilateral_check", "bilateral_pain") and w.triggered(f):
        f.status = "absent"


def _factor_context(w: _Window, f: _Finding, negation: Optional[str]) -> None:
    factor = f.kind.split(":", 1)[1]
    sentence = w.sentence_text(f)
    if negation or w.hypothetical(f) or w.other_person(f):
        f.status = "absent"
        return
    when = w.time(f)
    if factor == "age_over_70" and re.match(r"^[\s-]*(?:[a-z]+\s+){0,2}?(?:dad|mum|mom|mother|father|husband|wife|partner|"
                                            r"gran|granny|grandma|grandad|grandpa|grandmother|grandfather|aunt|uncle|"
                                            r"neighbou?r|friend|patient|man|woman|lady|gentleman|relative|parent)s?\b",
                                            w.text[f.cend:f.cend + 40], re.I):
        f.status = "absent"  # "my 76 year old dad fell"
        return
    if factor == "cancer_history":
        if re.search(r"\b(?:benign|non[-\s]?cancerous|not\s+cancer(?:ous)?|cancer\s+scare|scare|false\s+alarm|"
                     r"(?:came\s+back|was|were)\s+(?:clear|negative|benign|fine|normal)|skin\s+tag|cyst|lipoma|fibroids?)\b",
                     sentence, re.I):
            f.status = "absent"
    elif factor == "chemo":
        pass
    elif factor in ("iv_drug_use", "immunosuppressed"):
        if when == "past" or re.search(r"\b(?:clean|sober|recovered|in\s+recovery|stopped|quit|gave\s+up)\b", sentence, re.I):
            f.status = "absent"
        elif factor == "iv_drug_use" and lex.NOT_IV.search(sentence) and not re.search(
                r"\b(?:heroin|drugs?|meth|cocaine|crack|fentanyl|smack|needles?\s+shar|ivdu|pwid)\b", sentence, re.I):
            f.status = "absent"
    elif factor in ("procedure_spinal", "procedure_any"):
        if when in ("past", "chronic") or lex.PROCEDURE_FUTURE.search(sentence):
            f.status = "absent"
    elif factor == "steroid":
        text = sentence
        if lex.STEROID_NOT_LONG_TERM.search(text) or not lex.STEROID_LONG_TERM.search(text) and not re.search(
                r"\b(?:prednisone|prednisolone|pred|dexamethasone|hydrocortisone|medrol)\b", f.atoms[0].text):
            f.status = "absent"
        if when == "past" and not re.search(r"\bfor\s+years\b", text, re.I):
            f.status = "absent"
    elif factor == "weight_loss":
        if when == "past" or ((lex.INTENTIONAL.search(sentence) or lex.EXPLAINED.search(sentence))
                              and not lex.UNEXPLAINED.search(sentence)):
            f.status = "absent"


# ------------------------------------------------------------------------------------------
# Combining findings into a result
# ------------------------------------------------------------------------------------------


_NON_SPINAL = re.compile(
    r"\b(?:knee|knees|shoulder|shoulders|elbow|elbows|wrist|wrists|hand|hands|finger|fingers|thumb|ankle|ankles|foot|feet|"
    r"hip|hips|eye|eyes|tooth|teeth|dental|arm|arms|toe|toes|heel|plantar|carpal|cataract|bunion|neck|jaw|knuckle|gum)\b", re.I)
_SPINAL = re.compile(
    r"\b(?:back|spine|spinal|lumbar|disc|disk|sacroiliac|si\s+joint|sij|nerve|facet|epidural|sciatica|vertebra\w*|tailbone|coccyx)\b", re.I)


def _procedure_is_spinal(w: _Window, f: _Finding) -> bool:
    sentence = w.sentence_text(f)
    if f.kind == "factor:procedure_spinal":
        named = f.atoms[0].text
        return bool(_SPINAL.search(named)) or not _NON_SPINAL.search(sentence) or bool(_SPINAL.search(sentence))
    return bool(re.search(r"\b(?:back|spine|spinal|lumbar|disc|disk|sacroiliac|si\s+joint|sij|nerve|facet|epidural|sciatica|vertebra\w*|tailbone|coccyx)\b",
                          w.sentence_text(f), re.I))


def assess(text, known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """Red flags in one message. ``known_factors``: risk factors from earlier messages."""
    try:
        known = frozenset(str(k) for k in (known_factors or ()) if k)
    except TypeError:
        known = frozenset()
    if not isinstance(text, str) or not text.strip():
        return TriageResult()
    eng = engine()
    prepared = eng.reader.prepare(text)

    found: List[Tuple[_Window, _Finding, int]] = []
    for offset, window_text in windows(prepared.text, WINDOW):
        w = _Window(window_text, eng)
        for f in _findings(w):
            _apply_context(w, f)
            found.append((w, f, offset))
    return _combine(found, known, prepared.span)


def _combine(found, known: FrozenSet[str], span) -> TriageResult:
    present: Dict[str, List[Tuple[_Window, _Finding, int]]] = {}
    negated: List[str] = []
    for item in found:
        w, f, offset = item
        if f.status == "absent":
            if f.negated:
                negated.append(f.kind)
            continue
        present.setdefault(f.kind, []).append(item)
    has = lambda *kinds: any(k in present for k in kinds)  # noqa: E731

    # Risk factors said in this message.
    factors: Dict[str, Tuple] = {}

    def note(factor: str, item) -> None:
        factors.setdefault(factor, item)

    for kind, items in present.items():
        if not kind.startswith("factor:"):
            continue
        name = kind.split(":", 1)[1]
        for item in items:
            w, f, _ = item
            if name in ("cancer_history", "iv_drug_use", "immunosuppressed", "osteoporosis", "age_over_70"):
                note(name, item)
            elif name == "chemo":
                note("cancer_history", item)
                if lex.CURRENT_CHEMO.search(w.sentence_text(f)) and w.time(f) not in ("past",):
                    note("immunosuppressed", item)
            elif name == "steroid":
                note("long_term_steroids", item)
            elif name == "weight_loss":
                note("unexplained_weight_loss", item)
            elif name in ("procedure_spinal", "procedure_any") and _procedure_is_spinal(w, f):
                note("recent_spinal_procedure", item)
    if has("fever"):
        note("fever", present["fever"][0])
    if has("event:major_trauma"):
        note("recent_major_trauma", present["event:major_trauma"][0])
    all_factors = set(factors) | set(known)

    reasons: Dict[str, Tuple] = {}

    def flag(reason: str, item) -> None:
        reasons.setdefault(reason, item)

    first = lambda *kinds: next(iter(present[next(k for k in kinds if k in present)]))  # noqa: E731

    # --- emergency ---
    if has("saddle"):
        flag("saddle_numbness", first("saddle"))
    if has("bladder"):
        flag("bladder_bowel_change", first("bladder"))
    if has("bilateral", "bilateral_numb"):
        flag("bilateral_leg_weakness", first("bilateral", "bilateral_numb"))
    if has("cantmove_legs"):
        flag("cannot_move_legs", first("cantmove_legs"))
    weakness_kinds = ("bilateral", "bilateral_numb", "cantmove_legs", "leg_weak_progress", "leg_weak_one",
                      "leg_giveway_one", "cantmove_one", "foot_drop", "leg_numb_one", "gait", "bilateral_check",
                      "feet_numb")
    weakness = has(*weakness_kinds)
    fever_now = has("fever") or "fever" in known
    if fever_now and weakness:
        item = first(*weakness_kinds)
        if all_factors & set(lex.INFECTION_RISK):
            flag("fever_with_risk_factor_and_weakness", item)
        else:
            flag("fever_with_new_weakness", item)
    if "cancer_history" in all_factors and weakness:
        flag("cancer_with_new_weakness", first(*weakness_kinds))
    if has("faint") and (has("tear") or (has("sudden") and has("severe", "belly_pain", "back_pain"))
                         or (has("severe") and has("belly_pain", "back_pain"))):
        flag("aortic_tearing_pain_faint", first("tear", "sudden"))
    if (has("event:major_trauma") or "recent_major_trauma" in known) and has("cantwalk"):
        flag("trauma_cannot_bear_weight", first("cantwalk"))

    # --- urgent ---
    if has("leg_weak_progress"):
        flag("progressive_leg_weakness", first("leg_weak_progress"))
    if has("foot_drop"):
        flag("foot_drop", first("foot_drop"))
    if has("event:major_trauma"):
        flag("significant_trauma", first("event:major_trauma"))
    if has("event:fall") and all_factors & set(lex.BONE_RISK):
        flag("minor_fall_with_bone_risk", first("event:fall"))
    if has("fever"):
        flag("fever_with_back_pain", first("fever"))
    recent_procedure = "recent_spinal_procedure" in all_factors or has("factor:procedure_any")
    if has("wound_inflam") or (has("fever") and recent_procedure):
        flag("post_procedure_infection_signs", first("wound_inflam", "fever"))
    if all_factors & set(lex.CANCER_RISK) and has("night"):
        flag("cancer_or_weight_loss_with_night_pain", first("night"))

    # --- check ---
    checks: Dict[str, Tuple] = {}

    def ask(reason: str, item) -> None:
        checks.setdefault(reason, item)

    if has("saddle_check"):
        ask("possible_saddle_numbness", first("saddle_check"))
    if has("bladder_check"):
        ask("possible_bladder_bowel_change", first("bladder_check"))
    if has("bilateral_check", "bilateral_pain", "feet_numb", "cantwalk", "cantmove_generic"):
        ask("possible_bilateral_leg_symptoms", first("bilateral_check", "bilateral_pain", "feet_numb", "cantwalk", "cantmove_generic"))
    if has("leg_weak_one", "leg_giveway_one", "cantmove_one"):
        ask("possible_leg_weakness", first("leg_weak_one", "leg_giveway_one", "cantmove_one"))
    if has("gait", "general_check"):
        ask("possible_cauda_equina", first("gait", "general_check"))
    if has("fever_check"):
        ask("possible_fever", first("fever_check"))
    if has("tear", "pulse") or (has("faint") and has("belly_pain", "back_pain", "severe", "sudden")):
        ask("possible_aortic_pain", first("tear", "pulse", "faint"))
    if (set(factors) & set(lex.CANCER_RISK)) and not has("night"):
        ask("possible_cancer_pain", factors.get("cancer_history") or factors.get("unexplained_weight_loss"))

    evidence: List[Tuple[str, int, int]] = []

    def where(name: str, item) -> None:
        if not item:
            return
        w, f, offset = item
        evidence.append((name, *span(offset + f.cstart, offset + f.cend)))

    for name, item in reasons.items():
        where(name, item)
    for name, item in factors.items():
        where(name, item)
    for name, item in checks.items():
        where(name, item)

    level = None
    ordered: Tuple[str, ...] = ()
    question = None
    if reasons:
        level = max((FLAGS[r]["level"] for r in reasons), key=lambda lv: LEVEL_ORDER[lv])
        ordered = tuple(sorted(reasons, key=lambda r: (-LEVEL_ORDER[FLAGS[r]["level"]], _FLAG_ORDER[r])))
    elif checks:
        level = CHECK
        ordered = tuple(sorted(checks, key=_CHECK_PRIORITY.index))
        question = lex.CHECK_REASONS[ordered[0]]
    negated_ids = tuple(dict.fromkeys(_negated_flag(k) for k in negated if _negated_flag(k)))
    return TriageResult(
        level=level,
        reasons=ordered,
        factors_found=frozenset(factors),
        check_question_id=question,
        negated=negated_ids,
        evidence=tuple(evidence),
    )


_NEGATED_NAMES = {
    "saddle": "saddle_numbness", "saddle_check": "saddle_numbness", "bladder": "bladder_bowel_change",
    "bladder_check": "bladder_bowel_change", "bilateral": "bilateral_leg_weakness",
    "bilateral_numb": "bilateral_leg_weakness", "bilateral_check": "bilateral_leg_weakness",
    "cantmove_legs": "cannot_move_legs", "leg_weak_progress": "progressive_leg_weakness",
    "leg_weak_one": "progressive_leg_weakness", "foot_drop": "foot_drop", "fever": "fever_with_back_pain",
    "fever_check": "fever_with_back_pain", "event:major_trauma": "significant_trauma",
    "event:fall": "minor_fall_with_bone_risk", "wound_inflam": "post_procedure_infection_signs",
    "tear": "aortic_tearing_pain_faint", "factor:cancer_history": "cancer_history",
    "factor:weight_loss": "unexplained_weight_loss", "cantwalk": "cannot_move_legs",
    "cantmove_generic": "cannot_move_legs", "gait": "cauda_equina_symptoms",
    "negated:bladder": "bladder_bowel_change",
}


def _negated_flag(kind: str) -> Optional[str]:
    return _NEGATED_NAMES.get(kind)


# ------------------------------------------------------------------------------------------
# Questions, answers and alert wording
# ------------------------------------------------------------------------------------------


def check_question(question_id: Optional[str]) -> str:
    """The yes/no safety question for a ``check`` result (the general one for unknown ids)."""
    return lex.CHECK_QUESTIONS.get(question_id or "", lex.CHECK_QUESTIONS[DEFAULT_CHECK_QUESTION])[0]


def resolve_check(question_id: Optional[str], answer: bool, known_factors: FrozenSet[str] = frozenset()) -> TriageResult:
    """The result of a yes (``True``) or no (``False``) to a safety question."""
    if not answer:
        return TriageResult()
    _, level, reason = lex.CHECK_QUESTIONS.get(question_id or "", lex.CHECK_QUESTIONS[DEFAULT_CHECK_QUESTION])
    reasons = [reason]
    known = frozenset(known_factors or ())
    if reason == "progressive_leg_weakness":
        if "cancer_history" in known:
            level, reasons = EMERGENCY, ["cancer_with_new_weakness", reason]
        elif "fever" in known:
            level = EMERGENCY
            reasons = ["fever_with_risk_factor_and_weakness" if known & set(lex.INFECTION_RISK) else "fever_with_new_weakness", reason]
    found = frozenset({"fever"}) if reason == "fever_with_back_pain" else frozenset()
    return TriageResult(level=level, reasons=tuple(reasons), factors_found=found)


# The quiz's safety-screen items (catalogue group "safety_screen"): what a "yes" means.
_SCREEN_ITEMS = {
    "screen_bladder_bowel": "bladder_bowel",
    "screen_saddle_numbness": "saddle_numbness",
    "screen_leg_weakness": "leg_weakness_worse",
    "screen_fever": "fever_now",
}


def screen_result(item_id: str, known_factors: FrozenSet[str] = frozenset()) -> Optional[TriageResult]:
    """The result of a "yes" to a quiz safety-screen item (None for other items)."""
    known = frozenset(known_factors or ())
    if item_id == "screen_cancer_history":
        # A risk factor, not a flag by itself; later constant/night pain or new weakness combine with it.
        return TriageResult(level=None, factors_found=frozenset({"cancer_history"}))
    question = _SCREEN_ITEMS.get(item_id)
    if question is None:
        return None
    return resolve_check(question, True, known)


def alert_text(result: TriageResult, clinic) -> str:
    """Plain-language alert for an emergency or urgent result (the question for ``check``)."""
    if result is None or result.level is None:
        return ""
    if result.level == CHECK:
        return check_question(result.check_question_id)
    why = next((lex.WHY[r] for r in result.reasons if r in lex.WHY), None)
    emergency_number = getattr(clinic, "emergency_number", None) or "911"
    phone = getattr(clinic, "phone", None) or "the clinic"
    if result.level == EMERGENCY:
        why = why or "What you describe can be a sign of a serious problem that needs care within hours."
        return (
            f"Please call {emergency_number} now, or go to the nearest emergency room right away. "
            f"{why} Please do not wait for a clinic visit, and do not drive yourself if you feel unwell."
        )
    why = why or "What you describe should be checked by a doctor today."
    return (
        f"Please get checked today. Call us at {phone}, or go to an urgent care center. "
        f"{why} If it gets worse, call {emergency_number}. "
        f"When you have done that, you can carry on here if you want."
    )
