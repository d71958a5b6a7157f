"""The one reading engine (clinic_core.language.reader): preparation, typo repair, offsets, windows."""
from __future__ import annotations

import pytest

from clinic_core.language.reader import MAX_CHARS, normalise, reader, windows
from clinic_core.language.typos import TypoRepair


def test_normalise_folds_what_patients_type():
    assert normalise("it’s   soooo <b>numb</b>") == "it's soo numb "
    assert normalise("🙂 wet\x00myself") == " wet myself"


@pytest.mark.parametrize("typed, mended", [
    ("bladdr", "bladder"),          # one letter missing (from the table: too short for distance)
    ("paralysd", "paralysed"),      # one letter missing, found by distance
    ("stiffnes", "stiffness"),      # two targets one edit away that mean the same thing
    ("incontinense", "incontinence"),
    ("grion", "groin"),             # short word: only a swap of two letters reaches it
])
def test_typos_are_mended(typed, mended):
    assert reader().repair.word(typed) == mended


@pytest.mark.parametrize("word", ["ladder", "weekend", "setting", "between", "Bob", "it's", "groin"])
def test_real_and_known_words_are_left_alone(word):
    assert reader().repair.word(word) is None


def test_ambiguous_repair_is_refused():
    repair = TypoRepair({}, ["constant", "consent"], set(), {"constant": {"a"}, "consent": {"b"}}, 5)
    assert repair.word("constent") is None  # one edit from both, different meanings


def test_prepared_offsets_point_into_the_original_text():
    text = "My   bladdr  is <i>weird</i> and I’m numbb"
    prepared = reader().prepare(text)
    start = prepared.text.index("bladder")
    a, b = prepared.span(start, start + len("bladder"))
    assert text[a:b] == "bladdr"
    start = prepared.text.index("weird")
    a, b = prepared.span(start, start + len("weird"))
    assert text[a:b] == "weird"


def test_prepare_accepts_anything_and_cuts_long_text():
    assert reader().prepare(None).text == ""
    assert reader().prepare(42).text == "42"
    assert len(reader().prepare("a " * MAX_CHARS).original) == MAX_CHARS


def test_windows_cut_at_a_sentence_end_and_cover_the_text():
    text = ("This is a sentence. " * 30) + "The end"
    pieces = list(windows(text, 100))
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith(".") for _, p in pieces[:-1])
    assert all(text[o:o + len(p)] == p for o, p in pieces)
