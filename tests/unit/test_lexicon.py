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


def test_a_duplicate_key_is_refused_with_its_line(copy):
    line = _edit(copy / "typos.yml", "  grion: groin\n", "  grion: groin\n  grion: groan\n")
    with pytest.raises(LexiconError, match=rf"typos.yml:{line + 1}: duplicate key 'grion'"):
        Lexicon(copy)


def test_a_typo_that_maps_to_itself_belongs_in_protected(copy):
    _edit(copy / "typos.yml", "  grion: groin\n", "  grion: groin\n  bowl: bowl\n")
    with pytest.raises(LexiconError, match="typo 'bowl' maps to itself: list it under protected"):
        Lexicon(copy)


def test_a_bad_cue_is_refused_with_its_line(copy):
    line = _edit(copy / "context_cues.yml", "  first_person:\n", "  broken:\n    pattern: '(unclosed'\n  first_person:\n")
    with pytest.raises(LexiconError, match=rf"context_cues.yml:{line + 1}: cue broken is not a valid"):
        Lexicon(copy)


def test_a_bare_yaml_boolean_in_a_word_list_is_refused(copy):
    _edit(copy / "context_cues.yml", "not_following: [never, 'no']", "not_following: [never, no]")
    with pytest.raises(LexiconError, match="quote YAML words"):
        Lexicon(copy)


def test_an_unknown_side_is_refused(copy):
    _edit(copy / "symptoms.yml", "sides:\n  left:", "sides:\n  middle:\n    says: [centre]\n  left:")
    with pytest.raises(LexiconError, match="symptoms.yml:.*unknown side 'middle'"):
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


def test_an_item_that_is_not_in_the_catalogue_is_refused(copy):
    _edit(copy / "symptoms.yml", "\nitems:\n", "\nitems:\n  groin_pian:\n    says: [groin]\n")
    with pytest.raises(LexiconError, match="'groin_pian' is not a quiz item id"):
        Lexicon(copy)
