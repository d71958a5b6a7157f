"""Symptom understanding (clinic_core.language.symptoms): pure Python, no Rasa."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from clinic_core.language.lexicon import NegationTerms
from clinic_core.language.rule_pipeline import RulePipeline, phrases
from clinic_core.language.symptoms import Findings, extract_findings
from clinic_core.catalogue import load_catalogue
from clinic_core.vocabulary import symptom_item_ids

ROOT = Path(__file__).resolve().parents[2]


def items(text):
    return extract_findings(text).items


# --- the example from the brief ------------------------------------------------------------

def test_brief_example():
    f = extract_findings("hurts when I sit and getting out of the car, only the left side, "
                         "never below the knee, for about 8 months")
    assert f.items == {
        "pain_sitting": True,
        "pain_rising_from_sitting": True,
        "unilateral_pain": True,
        "pain_below_knee": False,
        "duration_months": 8.0,
    }
    assert f.side == "left"
    assert {m.item for m in f.mentions} >= {"pain_sitting", "side", "duration_months"}
    assert f.evidence["pain_below_knee"].text == "below the knee"


# --- negation ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, item", [
    ("no groin pain", "groin_pain"),
    ("I don't get any groin pain", "groin_pain"),
    ("my groin is fine", "groin_pain"),
    ("it never goes below the knee", "pain_below_knee"),
    ("the pain stays above my knee", "pain_below_knee"),
    ("sitting doesn't bother me", "pain_sitting"),
    ("coughing doesn't make it worse", "worse_cough_sneeze"),
    ("I sleep fine", "night_waking"),
    ("no back surgery", "prior_lumbar_fusion"),
    ("I'm not pregnant", "pregnancy_related"),
    ("haven't tried physical therapy", "tried_physical_therapy"),
    ("no injections so far", "tried_injections"),
    ("it's hard to pinpoint", "one_finger_psis"),
    ("ibuprofen doesn't help", "nsaid_response"),
])
def test_negated_items_are_false(text, item):
    assert items(text)[item] is False


def test_negation_runs_through_a_list():
    assert items("no numbness, tingling or groin pain") == {
        "leg_tingling_numbness": False, "groin_pain": False}
    assert items("I don't have groin pain or buttock pain") == {
        "groin_pain": False, "buttock_pain": False}


def test_negation_stops_at_a_new_clause():
    found = items("it doesn't go below the knee, sitting kills me")
    assert found == {"pain_below_knee": False, "pain_sitting": True}
    assert items("no groin pain but it hurts when I sit") == {"groin_pain": False, "pain_sitting": True}


def test_a_following_negation_covers_the_whole_list():
    assert items("sitting and standing up are fine") == {
        "pain_sitting": False, "pain_rising_from_sitting": False}


def test_elliptical_and_relative_clauses():
    assert items("my groin hurts, my butt doesn't") == {"groin_pain": True, "buttock_pain": False}
    assert items("groin pain that doesn't go away") == {"groin_pain": True}


def test_cant_is_part_of_the_symptom_not_a_negation():
    assert items("I can't sit for more than ten minutes")["pain_sitting"] is True
    assert items("I can't sleep because of it")["night_waking"] is True
    assert items("I can't cross my legs")["hip_stiffness_rotation"] is True


def test_treatment_that_did_not_help_was_still_tried():
    found = items("PT didn't help and the chiropractor made it worse")
    assert found["tried_physical_therapy"] is True
    assert found["tried_chiropractic"] is True


def test_hypothetical_treatment_is_not_an_answer():
    assert "tried_physical_therapy" not in items("my doctor wants me to try PT")
    assert "tried_injections" not in items("should I get an injection?")
    assert "tried_rfa" not in items("I'm thinking about radiofrequency ablation")


def test_uncertainty_leaves_the_item_unknown():
    assert "groin_pain" not in items("not sure about groin pain")


# --- later mention wins --------------------------------------------------------------------

def test_later_mention_wins():
    assert items("sitting hurts. actually sitting doesn't hurt")["pain_sitting"] is False
    assert items("no tingling. Actually my foot does tingle sometimes")["leg_tingling_numbness"] is True
    f = extract_findings("left side, wait, actually it's the right side")
    assert f.side == "right" and f.items["unilateral_pain"] is True


# --- side ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, side, unilateral", [
    ("only the left side", "left", True),
    ("pain in my right buttock", "right", True),
    ("left-sided SI pain", "left", True),
    ("both sides", "both", False),
    ("across my whole lower back", "both", False),
    ("bilateral buttock pain", "both", False),
    ("my left buttock and my right hip", "both", False),
    ("it's on one side", None, True),
    ("only the left side, not the right", "left", True),
])
def test_side(text, side, unilateral):
    f = extract_findings(text)
    assert f.side == side
    assert f.items["unilateral_pain"] is unilateral


def test_alternating_sides_is_not_unilateral_or_bilateral():
    f = extract_findings("sometimes it's my left buttock, sometimes my right")
    assert f.items == {"alternating_buttock_pain": True, "buttock_pain": True}
    assert f.side is None
    assert items("the pain switches from side to side")["alternating_buttock_pain"] is True


def test_words_that_are_not_sides():
    assert extract_findings("is this the right place to ask?").side is None
    assert extract_findings("I left work early because of the pain").side is None
    assert "pain_turning_in_bed" in items("rolling from side to side in bed hurts")
    assert "alternating_buttock_pain" not in items("rolling from side to side in bed hurts")


# --- numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, months", [
    ("for about 8 months", 8),
    ("it's been 2 years", 24),
    ("6 weeks", 6 * 12 / 52),
    ("a year and a half", 18),
    ("for the past year", 12),
    ("3-4 months", 3.5),
    ("2yrs", 24),
    ("eight months ago", 8),
    ("on and off for a decade", 120),
    ("half a year", 6),
])
def test_duration(text, months):
    assert items(text)["duration_months"] == pytest.approx(months, abs=0.05)


@pytest.mark.parametrize("text", [
    "I'm 6 months pregnant",
    "I do PT twice a week",
    "the injection lasted 3 months",
    "I'm 45 years old",
    "injections every 3 months",
])
def test_not_a_pain_duration(text):
    assert "duration_months" not in items(text)


def test_dates_of_events_are_not_pain_duration_unless_since():
    assert "duration_months" not in items("I had a lumbar fusion 5 years ago and now my SI joint hurts")
    assert items("I fell on my butt 2 years ago and it's hurt ever since")["duration_months"] == 24


def test_conservative_care_months():
    found = items("pain for 2 years, PT for 3 months, ibuprofen doesn't help")
    assert found["duration_months"] == 24
    assert found["conservative_care_months"] == 3
    assert found["tried_physical_therapy"] is True and found["tried_medication"] is True
    assert found["nsaid_response"] is False


@pytest.mark.parametrize("text, age", [
    ("I'm 45", 45), ("45 years old", 45), ("45yo", 45), ("a 45-year-old woman", 45),
    ("45 y/o male", 45), ("age 61", 61), ("I am fifty five", 55), ("34F, runner", 34),
])
def test_age(text, age):
    assert items(text)["age"] == age


@pytest.mark.parametrize("text", [
    "I'm 45 minutes from the clinic", "my 8 year old son", "I'm 100% sure", "I'm 5'6",
])
def test_not_an_age(text):
    assert "age" not in items(text)


def test_age_and_duration_together():
    assert items("I'm 45 and have had pain for 3 years") == {"age": 45, "duration_months": 36}


# --- morning stiffness needs a length -------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("stiff for about an hour every morning", True),
    ("morning stiffness until lunchtime", True),
    ("stiff in the morning for 10 minutes", False),
    ("stiff for half an hour when I get up", False),
    ("no morning stiffness", False),
])
def test_morning_stiffness(text, value):
    assert items(text)["morning_stiffness_over_30min"] is value


def test_morning_stiffness_without_a_length_is_left_to_the_quiz():
    assert "morning_stiffness_over_30min" not in items("I'm stiff in the mornings")


# --- lay words and typos -------------------------------------------------------------------

@pytest.mark.parametrize("text, item", [
    ("sittting is awful", "pain_sitting"),
    ("grion pain", "groin_pain"),
    ("my tail bone hurts", "buttock_pain"),
    ("pain in my bum", "buttock_pain"),
    ("left butt cheek", "buttock_pain"),
    ("pins and needles in my foot", "leg_tingling_numbness"),
    ("tinglig in my leg", "leg_tingling_numbness"),
    ("right at the dimple", "one_finger_psis"),
    ("I can point to it with one finger", "one_finger_psis"),
    ("getting out of the car", "pain_rising_from_sitting"),
    ("rolling over in bed", "pain_turning_in_bed"),
    ("sneezng hurts", "worse_cough_sneeze"),
    ("going up stiars", "pain_stairs_single_leg"),
    ("standing on one leg", "pain_stairs_single_leg"),
    ("I slipped and landed on my backside", "fall_on_buttock"),
    ("since I had my baby", "pregnancy_related"),
    ("rods and screws in my back", "prior_lumbar_fusion"),
    ("hard to put my socks on", "hip_stiffness_rotation"),
    ("pain on the outside of my hip", "lateral_hip_pain"),
    ("it wakes me up at night", "night_waking"),
    ("walking helps", "better_with_exercise"),
    ("advil takes the edge off", "nsaid_response"),
    ("the pain moves to the middle of my back", "pain_centralizes"),
    ("pain above my belt line", "pain_above_belt"),
    ("shoots down into my calf", "pain_below_knee"),
    ("it switches sides", "alternating_buttock_pain"),
    ("saw a chiropracter", "tried_chiropractic"),
    ("had a cortisone shot", "tried_injections"),
    ("had RFA", "tried_rfa"),
    ("physio for 6 weeks", "tried_physical_therapy"),
    ("I take tylenol", "tried_medication"),
])
def test_lay_words_and_typos(text, item):
    assert items(text)[item] is True


# --- the items of the other pain patterns and of NICE NG65 (issue 10) ------------------------

@pytest.mark.parametrize("text, item, value", [
    ("the sciatica hurts more than the back itself", "leg_pain_worse_than_back", True),
    ("my lower back is sorer than my leg", "leg_pain_worse_than_back", False),
    ("legs turn to jelly if I walk to the corner", "legs_heavy_walking", True),
    ("I walk a little then have to sit on a wall", "legs_heavy_walking", True),
    ("my legs don't get tired when I walk", "legs_heavy_walking", False),
    ("pushing a trolley round the supermarket helps", "eased_sitting_bending", True),
    ("it eases if I stoop forward", "eased_sitting_bending", True),
    ("it's smack in the middle of my lower back", "pain_central", True),
    ("it's off to the side of my spine", "pain_central", False),
    ("picking laundry up off the floor kills", "worse_bending_forward", True),
    ("bending forward is no problem", "worse_bending_forward", False),
    ("it hurts when I turn my body to reverse the car", "worse_arching_twisting", True),
    ("rotating my trunk hurts", "worse_arching_twisting", True),
    ("it's sore when I arch my back", "worse_arching_twisting", True),
    ("ache either side of my backbone", "pain_both_sides", True),
    ("I can't sleep on my right hip", "pain_lying_on_side", True),
    ("psoriasys on my scalp", "psoriasis", True),
    ("I've had iritis", "uveitis", True),
    ("I have chrons", "inflammatory_bowel_disease", True),
    ("I have irritable bowel syndrome", "inflammatory_bowel_disease", None),
    ("my fingers swelled up like sausages", "past_arthritis", True),
    ("arthritis in my SI joint", "past_arthritis", None),
    ("osteoarthritis in both knees", "past_arthritis", None),
    ("the tendon at the back of my heel got swollen", "past_enthesitis", True),
    ("my son has ankylosing spondylitis", "family_spondyloarthritis", True),
    ("I have ankylosing spondylitis", "family_spondyloarthritis", None),
    ("no family history of spondylitis", "family_spondyloarthritis", False),
    ("I tested positive for HLA-B27", "hla_b27_positive", True),
    ("B27 negative", "hla_b27_positive", False),
])
def test_pattern_and_ng65_items(text, item, value):
    assert items(text).get(item) is value


@pytest.mark.parametrize("text, over_30, short", [
    ("stiff in the morning for 10 minutes", False, True),
    ("stiff every morning for two hours", True, None),
    ("no stiffness in the mornings", False, False),
])
def test_short_morning_stiffness(text, over_30, short):
    found = items(text)
    assert found["morning_stiffness_over_30min"] is over_30
    assert found.get("short_morning_stiffness") is short


def test_a_side_said_of_another_body_part_is_not_the_pain_side():
    assert "unilateral_pain" not in items("psoriasis on my left elbow")
    assert items("psoriasis on my left elbow and pain in my right buttock")["unilateral_pain"] is True


@pytest.mark.parametrize("text, expected", [
    ("physical therapy and an epidural", {"tried_physical_therapy": True, "tried_injections": True}),
    ("a chiro and advil but never any injections",
     {"tried_chiropractic": True, "tried_medication": True, "tried_injections": False}),
    ("crohn's disease and psoriasis", {"inflammatory_bowel_disease": True, "psoriasis": True}),
])
def test_typed_checklist_lists(text, expected):
    assert items(text) == expected


def test_every_button_of_a_multiple_choice_question_is_read_as_its_item():
    catalogue = load_catalogue()
    for checklist in (c for c in catalogue.checklists if c.multiple_choice):
        for item_id in checklist.covers:
            assert items(catalogue.item(item_id).choice) == {item_id: True}


def test_the_words_of_a_checklist_item_typed_back_are_read_as_that_item():
    """A patient may answer a checklist question by typing back its words ("pain below the knee
    and legs heavy or achy when walking"); every item a checklist covers is read from its label."""
    catalogue = load_catalogue()
    for checklist in catalogue.checklists:
        if checklist.group == "safety_screen":
            continue  # the red-flag reading answers those
        for item_id in checklist.covers:
            found = items(catalogue.item(item_id).label.lower())
            assert found.get(item_id) is True and all(v is True for v in found.values()), (item_id, found)


def test_multi_item_message():
    found = items("34F, runner, pain in right glute for 7 weeks, worse on hills and stairs, "
                  "no groin pain, ibuprofen helps")
    assert found == {
        "age": 34, "buttock_pain": True, "unilateral_pain": True,
        "duration_months": pytest.approx(7 * 12 / 52, abs=0.01), "pain_stairs_single_leg": True,
        "groin_pain": False, "nsaid_response": True, "tried_medication": True,
    }


def test_decoys_do_not_fire():
    assert items("shooting pain down my leg") == {}
    assert items("I had my SI joint fused") == {}
    assert items("it's a pain that comes and goes") == {}
    assert "pain_sitting" not in items("the ache sits right below my belt")
    assert "pain_rising_from_sitting" not in items("I get up in the morning and walk the dog")


def test_only_known_item_ids():
    f = extract_findings("I'm 52, left buttock pain for 2 years after a fall on my butt, worse "
                         "sitting, no numbness, PT for 3 months, injections helped")
    assert set(f.items) <= set(symptom_item_ids())


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    None, "", "   ", "😀🔥💀", "<script>alert(1)</script>", "腰が痛い", "Me duele la espalda",
    "\x00\x01", 12345, "no " * 3000, "a" * 10000, "?!?!" * 500,
])
def test_bad_input_never_raises(text):
    f = extract_findings(text)
    assert isinstance(f, Findings)


def test_html_is_read_as_text():
    assert items("<b>groin</b> pain")["groin_pain"] is True


def test_long_message_is_read_to_the_end():
    text = "blah " * 1500 + "and I have groin pain"
    assert items(text)["groin_pain"] is True


def test_mention_offsets_point_into_the_original_text():
    text = "Sittting hurts and my grion too"
    f = extract_findings(text)
    for mention in f.mentions:
        assert 0 <= mention.start <= mention.end <= len(text)
    assert text[f.evidence["groin_pain"].start:f.evidence["groin_pain"].end].lower() == "grion"


# --- shared rule layer stays backward compatible ---------------------------------------------

def test_rule_pipeline_following_negations_can_be_removed():
    never = NegationTerms(preceding=("never",), following=("never",))
    pipe = RulePipeline(phrases("FLAG", "numb_groin", "numb groin"), never)
    [mention] = pipe.mentions("numb groin never")
    assert mention.negated  # "never" a following negation
    pipe = RulePipeline(phrases("FLAG", "numb_groin", "numb groin"),
                        NegationTerms(preceding=("never",), following=("never",), not_following=("never",)))
    [mention] = pipe.mentions("numb groin never")
    assert not mention.negated
    [mention] = pipe.mentions("never numb groin")
    assert mention.negated


def test_clinic_core_does_not_import_rasa():
    code = ("import sys; import clinic_core.language.symptoms as s; s.extract_findings('groin'); "
            "print(any(m == 'rasa' or m.startswith('rasa.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr[-2000:]


# --- held-out evaluation set ---------------------------------------------------------------

def _training_texts():
    texts = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.add(line[2:].strip().lower())
    return texts


def test_quiz_eval_set_is_disjoint_from_training_data():
    cases = yaml.safe_load((ROOT / "eval" / "quiz_nlu.yml").read_text(encoding="utf-8"))
    overlap = [c["text"] for c in cases if c["text"].strip().lower() in _training_texts()]
    assert not overlap


def test_quiz_eval_set_shape():
    cases = yaml.safe_load((ROOT / "eval" / "quiz_nlu.yml").read_text(encoding="utf-8"))
    assert len(cases) >= 170
    for case in cases:
        assert set(case) == {"text", "intent", "items"}
        assert set(case["items"] or {}) <= set(symptom_item_ids())


def test_item_accuracy_on_the_eval_set():
    from eval.symptom_items_report import same_items

    cases = yaml.safe_load((ROOT / "eval" / "quiz_nlu.yml").read_text(encoding="utf-8"))
    correct = sum(same_items(c["items"] or {}, items(c["text"])) for c in cases)
    assert correct / len(cases) >= 0.93
