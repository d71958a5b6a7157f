"""The held-out quiz stories: their shape, their coverage, that they stay held out, and the
core-level simulation's targets (eval/quiz_story_sim.py)."""
from collections import Counter

import pytest

from clinic_core.catalogue import load_catalogue
from clinic_core.scoring import ROUTES
from eval.quiz_story_sim import TARGETS, load_stories, report, run_all, targets_met
from tests.support.held_out import ROOT, fold, training_texts
CAT = load_catalogue()
PATTERNS = {p.id for p in CAT.patterns}


@pytest.fixture(scope="module")
def stories():
    return load_stories()


def test_shape(stories):
    assert len(stories) >= 80
    assert len({s["id"] for s in stories}) == len(stories)
    for story in stories:
        assert set(story) == {"id", "opening", "opening_facts", "facts", "expect"}, story["id"]
        assert story["opening"].strip()
        assert set(story["opening_facts"]) <= set(story["facts"]), story["id"]
        for item_id, value in story["facts"].items():
            kind = CAT.item(item_id).answer_type  # unknown ids raise
            assert isinstance(value, (int, float)) and not isinstance(value, bool) if kind == "number" \
                else isinstance(value, (bool, list)), (story["id"], item_id)
        expect = story["expect"]
        assert expect["route"] in ROUTES and expect["pathway"] in (None, "pregnancy")
        assert expect["other_pattern"] is None or expect["other_pattern"] in PATTERNS


def test_every_route_pattern_and_pathway_is_covered(stories):
    routes = Counter(s["expect"]["route"] for s in stories)
    assert all(routes[r] >= 5 for r in ROUTES), routes
    patterns = Counter(s["expect"]["other_pattern"] for s in stories)
    assert all(patterns[p] >= 6 for p in PATTERNS), patterns
    assert sum(s["expect"]["pathway"] == "pregnancy" for s in stories) >= 6
    assert sum(s["facts"].get("fall_on_buttock") is True for s in stories) >= 6
    # a 70-year-old with inflammatory-sounding pain is in the set, and is not routed to rheumatology
    assert any(s["facts"].get("age", 0) >= 70 and s["facts"].get("night_waking") and
               s["expect"]["route"] != "rheumatology" for s in stories)


def test_openings_come_in_several_lengths_and_from_nothing(stories):
    lengths = [len(s["opening"]) for s in stories]
    assert sum(n < 30 for n in lengths) >= 8 and sum(n > 120 for n in lengths) >= 15
    assert sum(not s["opening_facts"] for s in stories) >= 8


def test_no_opening_is_in_the_training_data_or_the_language_rules(stories):
    training = training_texts()
    rules = " ".join(fold(p.read_text(encoding="utf-8")) for folder in ("clinic_core/language", "clinic_core/lexicons")
                     for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".yml", ".yaml"))
    for story in stories:
        opening = fold(story["opening"])
        assert opening not in training, story["id"]
        if len(opening.split()) >= 6:  # shorter ones are everyday phrases any example may contain
            assert opening not in rules, story["id"]


def test_the_core_simulation_meets_the_targets(stories):
    text, figures = report(run_all(stories))
    assert targets_met(figures) == [], text
    for kind in ("story_first", "quiz_first"):
        assert figures[kind]["under_triage"] == TARGETS["under_triage"]
