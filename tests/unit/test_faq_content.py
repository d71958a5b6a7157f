"""FAQ content: every topic trained and answered, answers short and plain, SMS forms fit, no
diagnosis, only clinic slots, and the held-out set never trained on.

Readability is the Flesch-Kincaid grade from textstat, measured after the clinic slots are
filled with the real values from clinic.yml. textstat counts syllables with NLTK's CMU
dictionary when that is installed and with pyphen otherwise (the dictionary is a separate
download; without it textstat would try the network, so the pyphen count is used instead).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from clinic_core.clinic import clinic
from tests.support.readability import MAX_GRADE

ROOT = Path(__file__).resolve().parents[2]
NLU_FILE = ROOT / "data" / "nlu" / "faq.yml"
RESPONSES_FILE = ROOT / "data" / "responses" / "faq.yml"
DOMAIN_FILE = ROOT / "domain" / "faq.yml"
EVAL_FILE = ROOT / "eval" / "faq.yml"

TOPICS = [
    "si_joint_what", "causes", "symptoms", "diagnosis", "diagnostic_vs_therapeutic_injection",
    "injection_relief_duration", "injections_per_year", "injection_recovery",
    "injection_image_guidance", "injection_risks", "rfa", "regenerative_injections",
    "conservative_treatments", "healing_without_surgery", "fusion_when_considered",
    "fusion_candidate", "ifuse_what", "fusion_procedure_steps", "fusion_duration", "hospital_stay",
    "fusion_recovery", "walking_after_surgery", "results_timing", "results_duration",
    "success_satisfaction", "fusion_risks", "fusion_safety", "both_sides", "insurance",
    "how_common", "pain_diary", "prevention_exercise", "need_specialist", "pregnancy",
    "appointment_wait_and_locations",
]
EXTRA_RESPONSES = ["utter_medical_advice_deferral", "utter_faq_unknown"]
ALLOWED_SLOTS = {
    "clinic_phone", "clinic_name", "new_patient_wait", "clinic_locations", "clinic_insurance",
    "clinic_hours",
}
MAX_SENTENCES = 3
MAX_SMS_CHARS = 320
MIN_TRAINING_EXAMPLES = 14
MIN_MEDICAL_ADVICE_EXAMPLES = 20
MIN_EVAL_PER_TOPIC = 6
MIN_EVAL_MEDICAL_ADVICE = 10
MORE = "Reply MORE for details."
FORBIDDEN_PHRASES = ["you have", "you definitely", "you've got", "you suffer from", "this is definitely"]
SLOT = re.compile(r"\{([a-z_]+)\}")


# --- loading (plain YAML, no Rasa import) -------------------------------------------------

def _nlu_examples() -> Dict[str, List[str]]:
    """intent (``faq/<topic>`` for the retrieval intent) -> example texts."""
    data = yaml.safe_load(NLU_FILE.read_text(encoding="utf-8"))
    assert str(data.get("version")) == "3.1"
    examples: Dict[str, List[str]] = {}
    for block in data["nlu"]:
        texts = [line.strip()[2:].strip() for line in block["examples"].splitlines()
                 if line.strip().startswith("- ")]
        examples.setdefault(block["intent"], []).extend(texts)
    return examples


def _all_training_texts() -> List[str]:
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    # Drop inline entity annotations: [text](entity) -> text
                    text = re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", r"\1\2", line.strip()[2:])
                    texts.append(text.strip())
    return texts


def _responses() -> Dict[str, list]:
    data = yaml.safe_load(RESPONSES_FILE.read_text(encoding="utf-8"))
    assert str(data.get("version")) == "3.1"
    responses = dict(data["responses"])
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    for name, variations in (domain.get("responses") or {}).items():
        assert name not in responses, f"{name} is defined twice"
        responses[name] = variations
    return responses


def _eval_cases() -> List[dict]:
    return yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))


RESPONSES = _responses()
ANSWER_NAMES = [f"utter_faq/{topic}" for topic in TOPICS] + EXTRA_RESPONSES
SLOTS = clinic().as_slots()


def _variations(name: str):
    variations = RESPONSES[name]
    default = [v for v in variations if not v.get("channel")]
    sms = [v for v in variations if v.get("channel") == "twilio"]
    return default, sms


def _fill(text: str, slots: Dict[str, str] = SLOTS) -> str:
    return SLOT.sub(lambda m: slots[m.group(1)], text)


# --- readability --------------------------------------------------------------------------

def _readability_slots() -> Dict[str, str]:
    # The office list is an address list (street numbers, zip codes, place names), not prose,
    # and Flesch-Kincaid cannot score it; readability is measured with one office's name in
    # its place. Sentence counts and SMS lengths use the full value.
    slots = dict(SLOTS)
    if clinic().locations:
        slots["clinic_locations"] = clinic().locations[0].name
    return slots


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_faq_answer_reads_at_grade_8_or_lower(name, grade):
    for variation in RESPONSES[name]:
        text = _fill(variation["text"], _readability_slots())
        assert grade(text) <= MAX_GRADE, f"{name} ({variation.get('channel', 'default')}): grade {grade(text):.1f}: {text}"


# --- form ---------------------------------------------------------------------------------

def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s|$)", text.strip()))


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_faq_answer_has_a_default_and_an_sms_form(name):
    default, sms = _variations(name)
    assert len(default) == 1 and len(sms) == 1, f"{name}: one default and one twilio variation"
    assert len(RESPONSES[name]) == 2


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_faq_default_answer_is_at_most_three_sentences(name):
    default, _ = _variations(name)
    text = _fill(default[0]["text"])
    assert 1 <= _sentences(text) <= MAX_SENTENCES, f"{name}: {text}"


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_faq_sms_answer_fits_320_characters(name):
    _, sms = _variations(name)
    text = _fill(sms[0]["text"])
    assert len(text) <= MAX_SMS_CHARS, f"{name}: {len(text)} characters"
    if MORE in text:
        assert text.endswith(MORE), f"{name}: '{MORE}' must end the SMS"


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_faq_answer_uses_only_clinic_slots(name):
    for variation in RESPONSES[name]:
        used = set(SLOT.findall(variation["text"]))
        assert used <= ALLOWED_SLOTS, f"{name}: unknown slot(s) {used - ALLOWED_SLOTS}"
        leftover = SLOT.sub("", variation["text"])
        assert "{" not in leftover and "}" not in leftover, f"{name}: stray brace"


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_faq_answer_never_diagnoses(name):
    for variation in RESPONSES[name]:
        text = _fill(variation["text"]).lower()
        for phrase in FORBIDDEN_PHRASES:
            assert phrase not in text, f"{name}: contains '{phrase}'"


def test_faq_answers_do_not_hard_code_clinic_contacts():
    phone_digits = re.sub(r"\D", "", clinic().phone)
    for name, variations in RESPONSES.items():
        for variation in variations:
            digits = re.sub(r"\D", "", variation["text"])
            assert phone_digits not in digits, f"{name}: hard-coded phone number"
            for location in clinic().locations:
                assert location.address not in variation["text"], f"{name}: hard-coded address"


def test_faq_clinic_answers_use_their_slots():
    assert "{clinic_phone}" in RESPONSES["utter_medical_advice_deferral"][0]["text"]
    assert "{clinic_phone}" in RESPONSES["utter_faq_unknown"][0]["text"]
    assert "{clinic_insurance}" in RESPONSES["utter_faq/insurance"][0]["text"]
    appointment = RESPONSES["utter_faq/appointment_wait_and_locations"][0]["text"]
    for slot in ("{new_patient_wait}", "{clinic_locations}", "{clinic_phone}"):
        assert slot in appointment


def test_faq_medical_deferral_covers_blood_thinners():
    for variation in RESPONSES["utter_medical_advice_deferral"]:
        text = variation["text"].lower()
        assert "blood thinner" in text and "prescribed" in text


def test_faq_every_answer_names_its_source():
    lines = RESPONSES_FILE.read_text(encoding="utf-8").splitlines()
    for topic in TOPICS:
        index = next(i for i, line in enumerate(lines) if line.strip() == f"utter_faq/{topic}:")
        above = lines[index - 1].strip()
        assert above.startswith("# source:") and "seeds/" in above, f"{topic}: no '# source: seeds/...' comment"
        for seed in re.findall(r"seeds/([\w.]+\.txt)", above):
            assert (ROOT.parent / "shared" / "seeds" / seed).exists() or not (ROOT.parent / "shared" / "seeds").exists(), seed


# --- topics and training data -------------------------------------------------------------

def test_faq_every_topic_is_answered_and_trained():
    examples = _nlu_examples()
    answered = {name.split("/", 1)[1] for name in RESPONSES if name.startswith("utter_faq/")}
    trained = {intent.split("/", 1)[1] for intent in examples if intent.startswith("faq/")}
    assert answered == set(TOPICS)
    assert trained == set(TOPICS)
    for topic in TOPICS:
        assert len(examples[f"faq/{topic}"]) >= MIN_TRAINING_EXAMPLES, topic
    assert len(examples["ask_medical_advice"]) >= MIN_MEDICAL_ADVICE_EXAMPLES


def test_faq_training_examples_are_unique_across_intents():
    seen: Dict[str, str] = {}
    for intent, texts in _nlu_examples().items():
        for text in texts:
            key = text.lower()
            assert key not in seen, f"'{text}' is in {seen.get(key)} and {intent}"
            seen[key] = intent


def test_faq_training_examples_do_not_clash_with_other_intents():
    faq_texts = {t.lower() for texts in _nlu_examples().values() for t in texts}
    all_texts = [t.lower() for t in _all_training_texts()]
    clashes = [t for t in faq_texts if all_texts.count(t) > 1]
    assert not clashes, clashes


def test_faq_domain_declares_the_intents():
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    assert str(domain.get("version")) == "3.1"
    assert {"faq", "ask_medical_advice"} <= set(domain["intents"])
    assert "slots" not in domain


# --- held-out evaluation set --------------------------------------------------------------

def test_faq_eval_set_covers_every_topic():
    cases = _eval_cases()
    counts: Dict[str, int] = {}
    for case in cases:
        assert set(case) == {"text", "topic"}, case
        assert case["topic"] in TOPICS or case["topic"] == "ask_medical_advice", case
        counts[case["topic"]] = counts.get(case["topic"], 0) + 1
    for topic in TOPICS:
        assert counts.get(topic, 0) >= MIN_EVAL_PER_TOPIC, topic
    assert counts.get("ask_medical_advice", 0) >= MIN_EVAL_MEDICAL_ADVICE


def test_faq_eval_set_is_disjoint_from_training_data():
    training = {t.lower().strip() for t in _all_training_texts()}
    texts = [case["text"].lower().strip() for case in _eval_cases()]
    assert len(texts) == len(set(texts)), "duplicate texts in eval/faq.yml"
    overlap = sorted(set(texts) & training)
    assert not overlap, overlap
