"""Shared names (clinic_core.vocabulary) agree with the parts that use them."""
from clinic_core import vocabulary
from clinic_core.catalogue import load_catalogue


def test_levels_are_ordered():
    order = vocabulary.LEVEL_ORDER
    assert order[None] == order["none"] < order["check"] < order["urgent"] < order["emergency"]
    assert vocabulary.higher_level("urgent", "emergency") == "emergency"
    assert vocabulary.higher_level("urgent", None) == "urgent"


def test_intents_and_levels_map_both_ways():
    assert vocabulary.INTENT_LEVEL[vocabulary.LEVEL_INTENT["emergency"]] == "emergency"
    assert vocabulary.RED_FLAG_INTENTS == {"red_flag_emergency", "red_flag_urgent", "red_flag_check"}


def test_extractor_names_are_the_component_class_names():
    from nlu_components.red_flag_guard import RedFlagGuard
    from nlu_components.symptom_extractor import SymptomExtractor

    assert SymptomExtractor.__name__ == vocabulary.SYMPTOM_EXTRACTOR
    assert RedFlagGuard.__name__ == vocabulary.RED_FLAG_EXTRACTOR


def test_quiz_item_ids_come_from_the_catalogue():
    catalogue = load_catalogue()
    assert vocabulary.quiz_item_ids() == tuple(catalogue.ids)
    assert not any(i.startswith("screen_") for i in vocabulary.symptom_item_ids())
    assert set(vocabulary.NUMBER_ITEMS) == {"age", "duration_months", "conservative_care_months"}
