"""A new kind of red flag is rows in the lexicon files, not code (docs/ARCHITECTURE.md,
"Adding a red-flag kind"): this test adds one from a temporary copy of the lexicons and sees it
detected, negated, and ignored when hypothetical, with no change to any Python file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clinic_core.language.lexicon import LEXICON_ROOT
from clinic_core.triage import Triage


def _insert_after(path: Path, anchor: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert anchor in content, anchor
    path.write_text(content.replace(anchor, anchor + text, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def new_kind_triage(tmp_path_factory) -> Triage:
    root = tmp_path_factory.mktemp("lexicons") / "lexicons"
    shutil.copytree(LEXICON_ROOT, root)
    en = root / "en"
    # 1. the words: an atom (red_flags.yml)
    _insert_after(en / "red_flags.yml", "\natoms:\n", (
        "  HEARING:\n"
        "    hearing_loss:\n"
        "      - suddenly|sudden? lost|losing my hearing\n"
        "      - hearing loss\n"
        "      - deaf in one|my left|my right ear\n"))
    # 2. how the atom becomes a finding (findings.yml, rules are its last section)
    with open(en / "findings.yml", "a", encoding="utf-8") as rules:
        rules.write("  - {atom: HEARING.hearing_loss, kind: hearing_loss}\n")
    # 3. the finding kind and the flag it raises (triage.yml); its alert words are a domain response
    #    (utter_alert_sudden_hearing_loss; until there is one, the general emergency alert is said)
    _insert_after(root / "triage.yml", "\nfinding_kinds:\n",
                  "  hearing_loss: {profile: sign, if_unsure: absent, negated: sudden_hearing_loss}\n")
    _insert_after(root / "triage.yml", "\nflags:\n", (
        "  sudden_hearing_loss:\n"
        "    level: emergency\n"
        "    source: \"ev §2 (test row)\"\n"
        "    when:\n"
        "      - [found hearing_loss]\n"))
    return Triage(en)


def test_the_new_kind_is_detected(new_kind_triage):
    result = new_kind_triage.assess("I suddenly lost my hearing this morning")
    assert result.level == "emergency"
    assert result.reasons == ("sudden_hearing_loss",)
    assert new_kind_triage.alert_responses(result) == ["utter_alert_sudden_hearing_loss", "utter_alert_emergency"]


def test_the_new_kind_uses_the_shared_context_rules(new_kind_triage):
    negated = new_kind_triage.assess("no hearing loss at all")
    assert negated.level is None and "sudden_hearing_loss" in negated.negated
    assert new_kind_triage.assess("what if I get hearing loss?").level is None
    assert new_kind_triage.assess("my dad's son had hearing loss years ago").level is None


def test_existing_flags_still_work_next_to_it(new_kind_triage):
    result = new_kind_triage.assess("I suddenly lost my hearing and I can't feel when I wipe")
    assert set(result.reasons) == {"saddle_numbness", "sudden_hearing_loss"}  # new flags go first in the table
