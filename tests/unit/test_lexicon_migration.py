"""Moving the patterns from Python to YAML changed nothing the pipelines match.

``fixtures/language_layer_885a608.json`` was written from the Python lexicons at commit 885a608
(``red_flag_patterns.py``, ``symptom_patterns.py``, and the lists and regexes of ``symptoms.py``
and ``triage.py``):
an order-free digest of every compiled entity-ruler pattern per concept (see
``pattern_digest.py``), the negation termsets each pipeline ended up with, and the regular
expressions of those modules. The YAML lexicons must compile to the same.

When a later change alters a pattern on purpose, this test names the concepts that changed; then
run ``python -m tests.unit.test_lexicon_migration --update`` and say why in the commit message
(the update also drops the regexes changed on purpose from the migration record).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from clinic_core import triage
from clinic_core.language import symptoms
from clinic_core.language.lexicon import load_lexicon
from tests.unit.pattern_digest import digests

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "language_layer_885a608.json"


def _ruler_patterns(pipeline):
    ruler = pipeline.nlp.get_pipe("entity_ruler")
    return list(ruler.patterns)


def _termset(pipeline):
    negex = pipeline.nlp.get_pipe("negex")
    return {"pseudo": sorted(negex.pseudo_negations), "preceding": sorted(negex.preceding_negations),
            "following": sorted(negex.following_negations), "termination": sorted(negex.termination)}


def current():
    sym, red = symptoms.engine(), triage.engine()
    lexicon = load_lexicon()
    regexes = {(p.pattern, p.flags) for p in lexicon.cues.values()}
    regexes |= {(p.pattern, p.flags) for _, _, p in lexicon.number_atoms()}
    regexes |= {(p.pattern, p.flags) for p in lexicon.age_patterns()}
    return {
        "patterns": {
            "red_flags": digests(_ruler_patterns(red.pipeline)),
            "symptoms": digests(_ruler_patterns(sym.items) + _ruler_patterns(sym.treatments)
                                + _ruler_patterns(sym.sides)),
        },
        "termsets": {"symptoms": _termset(sym.items), "treatments": _termset(sym.treatments),
                     "sides": _termset(sym.sides), "red_flags": _termset(red.pipeline)},
        "regexes": regexes,
    }


@pytest.fixture(scope="module")
def now():
    return current()


@pytest.fixture(scope="module")
def before():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("reading", ["red_flags", "symptoms"])
def test_compiled_patterns_are_unchanged(now, before, reading):
    old, new = before["patterns"][reading], now["patterns"][reading]
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    assert not changed, f"compiled patterns differ for: {changed}"


@pytest.mark.parametrize("reading", ["symptoms", "treatments", "sides", "red_flags"])
def test_negation_termsets_are_unchanged(now, before, reading):
    for key, old in before["termsets"][reading].items():
        new = now["termsets"][reading][key]
        assert new == old, (reading, key, sorted(set(old) ^ set(new))[:20])


# Markup is the same in every language: the tag pattern stayed in code (language/reader.py).
STAYED_IN_CODE = {r"</?[A-Za-z][^<>]{0,200}>"}


@pytest.mark.parametrize("module", ["red_flag_patterns", "symptoms", "triage"])
def test_every_regex_moved_to_the_lexicon_unchanged(now, before, module):
    moved = {(p, f) for p, f in before["regexes"][module] if p not in STAYED_IN_CODE}
    missing = moved - now["regexes"]
    assert not missing, missing


def _update() -> None:  # pragma: no cover - run by hand after a deliberate change
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    fresh = current()
    data["patterns"], data["termsets"] = fresh["patterns"], fresh["termsets"]
    # A regex changed on purpose is no longer one the migration must keep unchanged.
    data["regexes"] = {module: [[p, f] for p, f in regexes if (p, f) in fresh["regexes"] or p in STAYED_IN_CODE]
                       for module, regexes in data["regexes"].items()}
    FIXTURE.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:  # pragma: no cover
    _update()
