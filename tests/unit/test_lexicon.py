"""The lexicon loader: the shipped lexicons load, and a bad entry stops the load with its file and line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clinic_core.language.lexicon import LEXICON_ROOT, Lexicon, LexiconError, load_lexicon
from clinic_core.language.notation import PatternCompiler, expand_phrases


def test_the_shipped_lexicons_load():
    lexicon = load_lexicon()
    assert lexicon.language == "en"
    assert lexicon.symptom_entries("items") and lexicon.atom_entries()
    assert lexicon.cue("hypothetical").search("what if I lose control")


@pytest.fixture
def copy(tmp_path) -> Path:
    """A writable copy of the lexicon tree; returns its English folder."""
    shutil.copytree(LEXICON_ROOT, tmp_path / "lexicons")
    return tmp_path / "lexicons" / "en"


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # the line of the edit


# (file, text to change, what to put instead, the error; "{line}" = the line after the changed one)
BAD_ENTRIES = [
    ("typos.yml", "  grion: groin\n", "  grion: groin\n  grion: groan\n", r"typos.yml:{line}: duplicate key 'grion'"),
    ("typos.yml", "  grion: groin\n", "  grion: groin\n  bowl: bowl\n", "typo 'bowl' maps to itself: list it under protected"),
    ("context_cues.yml", "  first_person:\n", "  broken:\n    pattern: '(unclosed'\n  first_person:\n",
     r"context_cues.yml:{line}: cue broken is not a valid"),
    ("context_cues.yml", "not_following: [never, 'no']", "not_following: [never, no]", "quote YAML words"),
    ("symptoms.yml", "sides:\n  left:", "sides:\n  middle:\n    says: [centre]\n  left:", "symptoms.yml:.*unknown side 'middle'"),
    ("symptoms.yml", "\nitems:\n", "\nitems:\n  groin_pian:\n    says: [groin]\n", "'groin_pian' is not a quiz item id"),
    ("answers.yml", "  medicine_use:", "  first_person:\n    pattern: me\n  medicine_use:", "cue first_person is defined twice"),
]


@pytest.mark.parametrize("file, old, new, error", BAD_ENTRIES)
def test_a_bad_entry_is_refused_with_its_file_and_line(copy, file, old, new, error):
    line = _edit(copy / file, old, new)
    with pytest.raises(LexiconError, match=error.format(line=line + 1)):
        Lexicon(copy)


def test_an_unknown_macro_is_reported_with_the_pattern_line(copy):
    line = _edit(copy / "symptoms.yml", "      - groin|groins", "      - '@NOSUCH pain'\n      - groin|groins")
    lexicon = Lexicon(copy)
    compiler = PatternCompiler(str.split, lexicon.macros("symptoms"), lexicon.fillers())
    with pytest.raises(LexiconError, match=rf"symptoms.yml:{line}: unknown macro @NOSUCH"):
        compiler.compile("SYMPTOM", lexicon.symptom_entries("items"))


def test_a_missing_file_is_named(copy):
    (copy / "typos.yml").unlink()
    with pytest.raises(LexiconError, match="missing lexicon file.*typos.yml"):
        Lexicon(copy)


def test_phrase_expansion():
    assert expand_phrases("can't|cannot feel it?", {}) == ["can't feel it", "can't feel", "cannot feel it", "cannot feel"]
    assert expand_phrases("@X pee", {"X": ["wee_wee", "no"]}) == ["wee wee pee", "no pee"]


def test_notation_regex_and_slash_words():
    compiler = PatternCompiler(str.split, {}, fillers=["my"])
    [pattern] = compiler.compile("L", [("c", "24/7 ~")])
    tokens = pattern["pattern"]
    assert tokens[0] == {"LOWER": {"IN": ["24/7"]}}  # a word with a slash is a word
    assert tokens[1] == {"LOWER": {"IN": ["my"]}, "OP": "?"}
    [regex] = [p for p in compiler.compile("L", [("c", "/pin-?point/")])]
    assert regex["pattern"] == [{"LOWER": {"REGEX": "^(?:pin-?point)$"}}]
