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
from tests.support.readability import fk_grade

ROOT = Path(__file__).resolve().parents[2]

SCORED_IDS = [
    "one_finger_psis", "groin_pain", "pain_sitting", "pain_rising_from_sitting", "unilateral_pain",
    "buttock_pain", "pain_above_belt", "pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze",
    "pain_centralizes", "pain_stairs_single_leg", "pain_turning_in_bed", "fall_on_buttock",
    "hip_stiffness_rotation", "lateral_hip_pain",
]
SAFETY_IDS = ["screen_bladder_bowel", "screen_saddle_numbness", "screen_leg_weakness", "screen_fever",
              "screen_cancer_history"]
CARE_IDS = ["tried_physical_therapy", "tried_medication", "tried_injections", "tried_chiropractic", "tried_rfa"]
PATTERN_IDS = ["spinal_stenosis", "nerve_root", "hip_joint", "trochanteric", "disc", "facet"]


def raw_catalogue():
    return yaml.safe_load(DEFAULT_CATALOGUE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_every_required_id_is_present_once(cat):
    for item_id in REQUIRED_IDS:
        assert item_id in cat.items
    assert len(cat.ids) == len(set(cat.ids))
    assert set(SCORED_IDS + SAFETY_IDS + CARE_IDS) <= set(cat.ids)


def test_ids_are_snake_case_and_lookup_works(cat):
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in cat.ids)
    assert cat.item("groin_pain").id == "groin_pain"
    with pytest.raises(KeyError):
        cat.item("no_such_item")


def test_load_is_cached(cat):
    assert load_catalogue() is cat
    assert load_catalogue(DEFAULT_CATALOGUE_FILE) is cat


def test_answer_types(cat):
    numbers = {i for i, it in cat.items.items() if it.answer_type == "number"}
    assert numbers == {"age", "duration_months", "conservative_care_months"}
    checklists = {it.id for it in cat.checklists}
    assert checklists == {"screen_checklist", "leg_checklist", "hip_checklist", "back_checklist",
                          "ibp_checklist", "spa_checklist", "treatment_history"}


def test_the_safety_checklist_covers_the_five_questions_and_is_not_scored(cat):
    checklist = cat.item("screen_checklist")
    assert list(checklist.covers) == SAFETY_IDS and checklist.follow_up
    for item in cat.in_group("safety_screen"):
        assert item.weight == "none" and item.lr_positive is None


def test_treatment_history_is_one_multiple_choice_item(cat):
    item = cat.item("treatment_history")
    assert item.answer_type == "checklist" and list(item.covers) == CARE_IDS
    assert not item.follow_up  # "yes, one or more" is enough: no question per treatment
    assert item.multiple_choice and all(cat.item(i).choice for i in CARE_IDS)  # one button per treatment


def test_an_item_is_covered_by_one_checklist_at_most(cat):
    covered = [i for c in cat.checklists for i in c.covers]
    assert len(covered) == len(set(covered))


def test_tonosu_likelihood_ratios_match_the_published_counts(cat):
    # Tonosu 2018: 31 SIJ-pain patients vs 123 other low back pain (docs/evidence.md §Q3).
    counts = {"one_finger_psis": (24, 41), "groin_pain": (12, 27), "pain_sitting": (20, 47)}
    for item_id, (sij, other) in counts.items():
        sens, false_pos = sij / 31, other / 123
        item = cat.item(item_id)
        assert item.lr_positive == pytest.approx(sens / false_pos, abs=0.006), item_id
        assert item.lr_negative == pytest.approx((1 - sens) / (1 - false_pos), abs=0.006), item_id
        assert item.evidence_tier == "A" and "Tonosu" in item.source
    assert cat.tier_a_ids == list(counts)


def test_examiner_findings_are_weakened_and_documented(cat):
    weakened = {it.id for it in cat.items.values() if it.examiner_finding}
    assert weakened == {"one_finger_psis", "pain_centralizes"}
    assert cat.model["examiner_finding_factor"] == 0.7
    # the one-finger derivation states the used figures: 2.32 ^ 0.7 = 1.80, 0.34 ^ 0.7 = 0.47
    assert 2.32 ** 0.7 == pytest.approx(1.80, abs=0.005) and 0.34 ** 0.7 == pytest.approx(0.47, abs=0.005)
    assert "1.80" in cat.item("one_finger_psis").derivation and "0.47" in cat.item("one_finger_psis").derivation
    # hip rotation is asked as the patient can judge it (socks and shoes), not as an examiner's test
    assert "socks" in cat.item("hip_stiffness_rotation").question
    assert not cat.item("hip_stiffness_rotation").examiner_finding


def test_unpublished_items_have_only_modest_weights_marked_as_team_choices(cat):
    for item_id in SCORED_IDS:
        item = cat.item(item_id)
        assert item.weight == "lr" and item.derivation and item.source
        if item.evidence_tier != "A":
            assert "team choice" in item.derivation, item_id
            for lr in (item.lr_positive, item.lr_negative):
                assert 0.6 <= lr <= 1.3, (item_id, lr)


def test_items_pointing_elsewhere_lower_the_odds(cat):
    for item_id in ("pain_below_knee", "leg_tingling_numbness", "worse_cough_sneeze", "pain_centralizes",
                    "hip_stiffness_rotation", "lateral_hip_pain"):
        item = cat.item(item_id)
        assert item.lr_positive < 1 and item.lr_negative == 1.0, item_id
    assert cat.item("pain_above_belt").lr_positive < 1 < cat.item("pain_above_belt").lr_negative


def test_the_cap_is_the_external_validation(cat):
    # Tonosu 2018, whole Kurosawa score at cut-off 5: sens 77.4 %, spec 76.4 %
    lr_pos, lr_neg = 0.774 / (1 - 0.764), (1 - 0.774) / 0.764  # 3.28 and 0.296
    cap = cat.model["combined_lr_cap"]
    assert cap["max"] == pytest.approx(lr_pos, abs=0.03) and cap["min"] == pytest.approx(lr_neg, abs=0.005)


def test_the_bands_are_derived_from_the_cap(cat):
    # two thirds of the way (log scale) from no evidence to each end of the validated range
    cap, bands = cat.model["combined_lr_cap"], cat.model["bands"]

    def post(lr):
        odds = 0.25 * lr
        return odds / (1 + odds)

    assert bands["high_from"] == pytest.approx(post(cap["max"] ** (2 / 3)), abs=0.002)  # 0.357
    assert bands["low_below"] == pytest.approx(post(cap["min"] ** (2 / 3)), abs=0.002)  # 0.101
    # every self-report SI sign reaches high (capped: 45 %), none of them low (7 %)
    assert post(cap["max"]) >= bands["high_from"] and post(cap["min"]) < bands["low_below"]


def test_model_numbers_trace_to_the_papers(cat):
    model = cat.model
    assert model["pretest"]["default"] == 0.20
    assert model["pretest"]["prior_lumbar_fusion"] == 0.35  # Maigne & Planchon 2005
    rule = model["rheumatology"]
    assert (rule["onset_age_below"], rule["duration_months_over"], rule["onset_before_age"]) == (45, 3, 35)
    assert len(rule["ng65_criteria"]) == 9 and rule["ng65_refer_at"] == 4
    assert set(rule["ng65_criteria"]) >= {"onset_before_35", "psoriasis", "family_spondyloarthritis", "nsaid_response"}
    assert set(rule["ng65_three_and_any_of"]) == {"hla_b27_positive", "uveitis", "inflammatory_bowel_disease"}
    assert set(rule["berlin_criteria"]) == {"morning_stiffness_over_30min", "night_waking", "better_with_exercise",
                                            "alternating_buttock_pain"}
    assert rule["berlin_min_met"] == 2 and model["fusion_min_care_months"] == 6


def test_patterns(cat):
    assert [p.id for p in cat.patterns] == PATTERN_IDS
    regions = {p.id: p.region for p in cat.patterns}
    assert regions == {"spinal_stenosis": "spine", "nerve_root": "spine", "disc": "spine", "facet": "spine",
                       "hip_joint": "hip", "trochanteric": "hip"}
    for pattern in cat.patterns:
        assert pattern.source and pattern.says and pattern.requires
        assert not re.search(r"\byou have\b|syndrome|itis\b|herniat", pattern.says), pattern.id
    assert [p.id for p in cat.si_patterns] == ["pregnancy", "after_fall"]


def test_every_item_has_a_source_and_label(cat):
    for item in cat.items.values():
        assert item.source.strip() and item.label.strip() and item.question.strip()


def test_every_source_names_a_section_of_the_evidence_document(cat):
    doc = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")
    quiz_part = doc[doc.index("## 1. Quiz scoring and patterns"):doc.index("## 2. Red flags")]
    sections = set(re.findall(r"^### (Q\d+)\b", quiz_part, re.MULTILINE))
    sources = [it.source for it in cat.items.values()] + [p.source for p in cat.patterns]
    sources += [p.source for p in cat.si_patterns]
    sources += [cat.model["pretest"]["default_source"], cat.model["pretest"]["prior_lumbar_fusion_source"]]
    for source in sources:
        named = re.findall(r"§(Q\d+)", source)
        assert named, source
        assert set(named) <= sections, (source, sorted(set(named) - sections))


# Names a patient must recognise (each question glosses it or pairs it with everyday words); the
# grade formula counts their syllables as hard words, so they are left out of the grade.
CONDITION_NAMES = r"ankylosing spondylitis|spondyloarthritis|spondylitis|ulcerative colitis|colitis|Crohn's disease|" \
                  r"Crohn's|uveitis|iritis|psoriasis|HLA-B27|arthritis"


def test_questions_are_short_plain_and_fit_an_sms(cat):
    for item in cat.items.values():
        assert len(item.question) <= 160, item.id
        assert item.question.endswith("?") or item.question.endswith("."), item.id
        assert "PSIS" not in item.question and "SIJ" not in item.question
        if item.is_checklist:
            continue  # a list of short phrases (each item's own question is checked)
        plain = re.sub(CONDITION_NAMES, "it", item.question)
        assert fk_grade(plain) <= 8.0, (item.id, round(fk_grade(plain), 1))


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


def test_bad_checklists_and_patterns_are_rejected():
    raw = raw_catalogue()
    next(it for it in raw["items"] if it["id"] == "leg_checklist")["covers"].append("age")
    with pytest.raises(CatalogueError, match="not a yes/no item"):
        parse_catalogue(raw)
    raw = raw_catalogue()
    next(it for it in raw["items"] if it["id"] == "hip_checklist")["covers"].append("pain_central")
    with pytest.raises(CatalogueError, match="already covered"):
        parse_catalogue(raw)
    raw = raw_catalogue()
    raw["patterns"][0]["requires"] = ["no_such_item"]
    with pytest.raises(CatalogueError, match="feature"):
        parse_catalogue(raw)
    raw = raw_catalogue()
    raw["patterns"][0]["region"] = "knee"
    with pytest.raises(CatalogueError, match="region"):
        parse_catalogue(raw)
    raw = raw_catalogue()
    next(it for it in raw["items"] if it["id"] == "tried_rfa").pop("choice")
    with pytest.raises(CatalogueError, match="needs a choice"):
        parse_catalogue(raw)
    raw = raw_catalogue()
    next(it for it in raw["items"] if it["id"] == "groin_pain")["choice"] = "Groin"
    with pytest.raises(CatalogueError, match="only items of a multiple-choice checklist"):
        parse_catalogue(raw)
    raw = raw_catalogue()
    raw["model"]["rheumatology"]["ng65_criteria"].append("made_up")
    with pytest.raises(CatalogueError, match="made_up"):
        parse_catalogue(raw)


def test_unmodified_file_parses():
    assert parse_catalogue(raw_catalogue()).ids == load_catalogue().ids


def test_no_rasa_import_in_the_clinical_core():
    for path in (ROOT / "clinic_core").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+rasa", text, re.MULTILINE), path.name


def test_used_log_lrs_are_finite(cat):
    for item_id in SCORED_IDS:
        item = cat.item(item_id)
        assert math.isfinite(math.log(item.lr_positive)) and math.isfinite(math.log(item.lr_negative))
