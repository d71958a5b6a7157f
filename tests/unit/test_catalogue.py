"""The evidence catalogue: required items, weights traceable to the published figures, validation."""
import copy
import math
import re
from pathlib import Path

import pytest
import yaml

from clinic_core.catalogue import (
    DEFAULT_CATALOGUE_FILE,
    REQUIRED_IDS,
    CatalogueError,
    load_catalogue,
    parse_catalogue,
)

ROOT = Path(__file__).resolve().parents[2]

SCORED_IDS = [
    "one_finger_psis", "groin_pain", "pain_sitting", "pain_rising_from_sitting", "unilateral_pain",
    "buttock_pain", "pain_above_belt", "pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze",
    "pain_centralizes", "pain_stairs_single_leg", "pain_turning_in_bed", "fall_on_buttock",
    "hip_stiffness_rotation", "lateral_hip_pain",
]
SAFETY_IDS = ["screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness", "screen_fever",
              "screen_cancer_history"]
INFLAMMATORY_IDS = ["morning_stiffness_over_30min", "night_waking", "better_with_exercise",
                    "alternating_buttock_pain", "nsaid_response"]
CARE_IDS = ["tried_physical_therapy", "tried_medication", "tried_injections", "tried_chiropractic",
            "tried_rfa", "conservative_care_months"]


def syllables(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade level (heuristic syllable count)."""
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59


def raw_catalogue():
    return yaml.safe_load(DEFAULT_CATALOGUE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_every_required_id_is_present_once(cat):
    for item_id in REQUIRED_IDS:
        assert item_id in cat.items
    assert len(cat.ids) == len(set(cat.ids))
    assert set(SCORED_IDS + SAFETY_IDS + INFLAMMATORY_IDS + CARE_IDS) <= set(cat.ids)
    assert {"age", "duration_months", "pregnancy_related", "prior_lumbar_fusion"} <= set(cat.ids)


def test_ids_and_item_lookup(cat):
    assert cat.ids == list(cat.items)
    assert cat.item("groin_pain").id == "groin_pain"
    assert cat.item("groin_pain").label
    with pytest.raises(KeyError):
        cat.item("no_such_item")


def test_load_is_cached(cat):
    assert load_catalogue() is cat
    assert load_catalogue(DEFAULT_CATALOGUE_FILE) is cat


def test_answer_types(cat):
    numbers = {i for i, it in cat.items.items() if it.answer_type == "number"}
    assert numbers == {"age", "duration_months", "conservative_care_months"}
    assert all(it.answer_type in ("yes_no", "number") for it in cat.items.values())


def test_safety_screen_is_not_scored(cat):
    screen = [it.id for it in cat.items.values() if it.group == "safety_screen"]
    assert screen == SAFETY_IDS
    for item_id in SAFETY_IDS:
        item = cat.item(item_id)
        assert item.weight == "none" and item.lr_positive is None and item.lr_negative is None


def test_rule_items_carry_no_likelihood_ratio(cat):
    for item_id in INFLAMMATORY_IDS + CARE_IDS + ["age", "duration_months", "pregnancy_related"]:
        item = cat.item(item_id)
        assert item.weight == "rule", item_id
        assert item.lr_positive is None and item.lr_negative is None
    assert cat.item("prior_lumbar_fusion").weight == "pretest"


def test_groups(cat):
    assert {cat.item(i).group for i in INFLAMMATORY_IDS} == {"inflammatory"}
    assert {cat.item(i).group for i in CARE_IDS} == {"care"}
    assert {cat.item(i).group for i in ("hip_stiffness_rotation", "lateral_hip_pain")} == {"hip"}
    assert cat.item("one_finger_psis").group == "core"


def test_tonosu_likelihood_ratios_match_the_published_counts(cat):
    # Tonosu 2018: 31 SIJ-pain patients vs 123 other low back pain (clinical-evidence.md §1.2).
    counts = {"one_finger_psis": (24, 41), "groin_pain": (12, 27), "pain_sitting": (20, 47)}
    for item_id, (sij, other) in counts.items():
        sens, false_pos = sij / 31, other / 123
        lr_pos = sens / false_pos  # one-finger: 0.774 / 0.333 = 2.32
        lr_neg = (1 - sens) / (1 - false_pos)  # one-finger: 0.226 / 0.667 = 0.34
        item = cat.item(item_id)
        assert item.lr_positive == pytest.approx(lr_pos, abs=0.006), item_id
        assert item.lr_negative == pytest.approx(lr_neg, abs=0.006), item_id
        assert item.evidence_tier == "A"
        assert "Tonosu" in item.source


def test_hand_values_of_the_tonosu_items(cat):
    assert (cat.item("one_finger_psis").lr_positive, cat.item("one_finger_psis").lr_negative) == (2.32, 0.34)
    assert (cat.item("groin_pain").lr_positive, cat.item("groin_pain").lr_negative) == (1.76, 0.79)
    assert (cat.item("pain_sitting").lr_positive, cat.item("pain_sitting").lr_negative) == (1.69, 0.57)


def test_unpublished_items_have_only_modest_weights(cat):
    for item_id in SCORED_IDS:
        item = cat.item(item_id)
        assert item.weight == "lr"
        assert item.derivation and item.source
        if item.evidence_tier != "A":
            # no published LR: never stronger than 1.3 / 1/1.3 except the documented centralisation item
            for lr in (item.lr_positive, item.lr_negative):
                assert 0.6 <= lr <= 1.3, (item_id, lr)


def test_items_pointing_elsewhere_lower_the_odds(cat):
    for item_id in ("pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze", "pain_centralizes",
                    "hip_stiffness_rotation", "lateral_hip_pain"):
        item = cat.item(item_id)
        assert item.lr_positive < 1 and item.lr_negative == 1.0, item_id
    # reversed item: pain above the belt counts against, its absence for
    assert cat.item("pain_above_belt").lr_positive < 1 < cat.item("pain_above_belt").lr_negative


def test_model_numbers_trace_to_the_papers(cat):
    model = cat.model
    assert model["pretest"]["default"] == 0.20
    assert model["pretest"]["prior_lumbar_fusion"] == 0.35  # Maigne & Planchon 2005
    # Kurosawa 2017 cut-off >= 4: sens 90.3 %, spec 86.4 %
    lr_pos = 0.903 / (1 - 0.864)  # 6.64
    lr_neg = (1 - 0.903) / 0.864  # 0.112
    assert model["combined_lr_cap"]["max"] == pytest.approx(lr_pos, abs=0.05)
    assert model["combined_lr_cap"]["min"] == pytest.approx(lr_neg, abs=0.005)
    # high band = post-test of a positive Tonosu score (LR+ 3.3): 0.25 * 3.3 = 0.825 -> 0.452
    assert model["bands"]["high_from"] == pytest.approx(0.825 / 1.825, abs=0.005)
    assert model["bands"]["low_below"] == 0.10
    assert set(model["inflammatory_rule"]["criteria"]) == {
        "morning_stiffness_over_30min", "night_waking", "better_with_exercise", "alternating_buttock_pain"}
    assert model["inflammatory_rule"]["min_met"] == 2
    assert model["fusion_min_care_months"] == 6


def test_every_item_has_a_source_and_label(cat):
    for item in cat.items.values():
        assert item.source.strip() and item.label.strip() and item.question.strip()


def test_questions_are_short_plain_and_fit_an_sms(cat):
    for item in cat.items.values():
        assert len(item.question) <= 160, item.id
        assert item.question.endswith("?") or item.question.endswith("."), item.id
        assert fk_grade(item.question) <= 8.0, (item.id, round(fk_grade(item.question), 1))
        assert "PSIS" not in item.question and "SIJ" not in item.question


def test_fk_helper_can_fail():
    hard = ("Sacroiliac joint dysfunction demonstrates considerable heterogeneity regarding "
            "symptomatology and diagnostic reproducibility.")
    assert fk_grade(hard) > 8


# ----------------------------------------------------------------------------------- validation
def test_duplicate_id_is_rejected():
    raw = raw_catalogue()
    raw["items"].append(copy.deepcopy(raw["items"][0]))
    with pytest.raises(CatalogueError, match="duplicate"):
        parse_catalogue(raw)


def test_missing_required_id_is_rejected():
    raw = raw_catalogue()
    raw["items"] = [it for it in raw["items"] if it["id"] != "groin_pain"]
    with pytest.raises(CatalogueError, match="groin_pain"):
        parse_catalogue(raw)


@pytest.mark.parametrize("field", ["question", "answer_type", "group", "source", "label", "weight"])
def test_missing_required_field_is_rejected(field):
    raw = raw_catalogue()
    del raw["items"][6][field]
    with pytest.raises(CatalogueError, match=field):
        parse_catalogue(raw)


def test_lr_item_without_ratios_is_rejected():
    raw = raw_catalogue()
    item = next(it for it in raw["items"] if it["id"] == "one_finger_psis")
    del item["lr_negative"]
    with pytest.raises(CatalogueError, match="lr_negative"):
        parse_catalogue(raw)


def test_bad_answer_type_and_bad_bands_are_rejected():
    raw = raw_catalogue()
    raw["items"][0]["answer_type"] = "free_text"
    with pytest.raises(CatalogueError, match="answer_type"):
        parse_catalogue(raw)
    raw = raw_catalogue()
    raw["model"]["bands"] = {"low_below": 0.6, "high_from": 0.4}
    with pytest.raises(CatalogueError, match="bands"):
        parse_catalogue(raw)


def test_unmodified_file_parses():
    assert parse_catalogue(raw_catalogue()).ids == load_catalogue().ids


def test_no_rasa_import_in_the_clinical_core():
    for name in ("catalogue.py", "scoring.py", "quiz_plan.py"):
        text = (ROOT / "clinic_core" / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+rasa", text, re.MULTILINE), name
