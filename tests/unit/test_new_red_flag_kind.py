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
def chest_pain_triage(tmp_path_factory) -> Triage:
    root = tmp_path_factory.mktemp("lexicons") / "lexicons"
    shutil.copytree(LEXICON_ROOT, root)
    en = root / "en"
    # 1. the words: an atom (red_flags.yml)
    _insert_after(en / "red_flags.yml", "\natoms:\n", (
        "  CHEST:\n"
        "    chest_pain:\n"
        "      - crushing|tight|squeezing|heavy? chest pain|pressure|tightness\n"
        "      - pain|pressure|tightness in|across my|the chest\n"))
    # 2. how the atom becomes a finding (findings.yml, rules are its last section)
    with open(en / "findings.yml", "a", encoding="utf-8") as rules:
        rules.write("  - {atom: CHEST.chest_pain, kind: chest_pain}\n")
    # 3. the finding kind and the flag it raises (triage.yml); its alert words are a domain response
    #    (utter_alert_chest_pain_emergency; until there is one, the general emergency alert is said)
    _insert_after(root / "triage.yml", "\nfinding_kinds:\n",
                  "  chest_pain: {profile: sign, if_unsure: absent, negated: chest_pain_emergency}\n")
    _insert_after(root / "triage.yml", "\nflags:\n", (
        "  chest_pain_emergency:\n"
        "    level: emergency\n"
        "    source: \"ev §2 (test row)\"\n"
        "    when:\n"
        "      - [found chest_pain]\n"))
    return Triage(en)


def test_the_new_kind_is_detected(chest_pain_triage):
    result = chest_pain_triage.assess("I have crushing chest pain going down my left arm")
    assert result.level == "emergency"
    assert result.reasons == ("chest_pain_emergency",)
    assert chest_pain_triage.alert_responses(result) == ["utter_alert_chest_pain_emergency", "utter_alert_emergency"]


def test_the_new_kind_uses_the_shared_context_rules(chest_pain_triage):
    negated = chest_pain_triage.assess("no chest pain at all")
    assert negated.level is None and "chest_pain_emergency" in negated.negated
    assert chest_pain_triage.assess("what if I get chest pain?").level is None
    assert chest_pain_triage.assess("my dad's son had chest pain years ago").level is None


def test_existing_flags_still_work_next_to_it(chest_pain_triage):
    result = chest_pain_triage.assess("tightness in my chest and I can't feel when I wipe")
    assert set(result.reasons) == {"saddle_numbness", "chest_pain_emergency"}  # new flags go first in the table
