"""Picking one of the options a question offered, typed: number, ordinal, title words, or (for
offices) a town, state, region or nearby city from clinic.yml."""
import pytest

from clinic_core.clinic import clinic
from clinic_core.language.choices import Choice, choose, option_number
from clinic_core.language.payment import payment_topic
from clinic_core.language.lexicon import load_lexicon

YES_NO = [Choice("/affirm", "Yes"), Choice("/deny", "No"), Choice("/not_sure", "Not sure"), Choice("/skip", "Skip")]
CHECKLIST = [Choice("/deny", "None of these"), Choice("/affirm", "Yes, one or more"), Choice("/not_sure", "Not sure")]
MENU = [Choice("/start_quiz", "Take the pain quiz"), Choice("/help", "Ask a question"),
        Choice("/request_appointment", "Request an appointment")]
OFFICES = [Choice(loc.id, loc.name, names=tuple(n for n in (loc.city, *loc.region, *loc.nearby) if n),
                  areas=tuple(a for a in (loc.state, loc.state_code) if a)) for loc in clinic().locations]


@pytest.mark.parametrize("text, count, number", [
    ("1", None, 1), ("2.", None, 2), ("#3", None, 3), ("option 2", None, 2), ("No. 1", None, 1),
    ("the first one", 3, 1), ("second", 3, 2), ("I'll take the 3rd one please", 3, 3), ("the last one", 4, 4),
    ("option two", 3, 2), ("number one", 3, 1),
    ("one", 3, None), ("no", 3, None), ("5", 3, None), ("123", None, None), ("1 and 2", None, None),
    ("the second question confused me", 3, None), ("last", None, None), ("", 3, None),
])
def test_option_numbers_and_ordinals(text, count, number):
    assert option_number(text, count) == number


@pytest.mark.parametrize("choices, text, expected", [
    (YES_NO, "not sure", "/not_sure"), (YES_NO, "3", "/not_sure"), (YES_NO, "skip", "/skip"),
    (YES_NO, "sure", None),  # a yes, not the "Not sure" button
    (CHECKLIST, "none of these", "/deny"), (CHECKLIST, "one or more", "/affirm"), (CHECKLIST, "yes", "/affirm"),
    (CHECKLIST, "not the first one", None),
    (MENU, "quiz", "/start_quiz"), (MENU, "I want to take the pain quiz", "/start_quiz"),
    (MENU, "appointment please", "/request_appointment"), (MENU, "not the quiz", None), (MENU, "hello", None),
])
def test_button_words_pick_one_option(choices, text, expected):
    assert choose(text, choices).key == expected


@pytest.mark.parametrize("text, expected", [
    ("Hagerstown", ("hagerstown-md",)), ("harrisonburg-va", ("harrisonburg-va",)),
    ("I'm in Virginia", ("harrisonburg-va",)), ("near Baltimore", ("elkridge-md",)), ("VA", ("harrisonburg-va",)),
    ("western maryland", ("hagerstown-md",)), ("Pennsylvania", ("pennsylvania",)),
    ("hagerstown, md", ("hagerstown-md",)),
    ("Maryland", ("elkridge-md", "hagerstown-md")), ("I live in MD", ("elkridge-md", "hagerstown-md")),
    ("Paris", ()), ("", ()),
])
def test_offices_by_town_state_region_or_nearby_city(text, expected):
    picked = choose(text, OFFICES)
    assert picked.candidates == expected
    assert picked.unclear == (len(expected) > 1)


def test_every_payment_topic_of_clinic_yml_has_its_words():
    for topic in clinic().payment:
        load_lexicon().cue(f"payment_{topic}")  # raises when the lexicon lacks it


@pytest.mark.parametrize("text, topic", [
    ("do you take Medicare?", "medicare"), ("does medicare cover the fusion", "medicare"),
    ("I'm on medicaid", "medicaid"), ("I got hurt at work", "workers_comp"), ("workers' comp ok?", "workers_comp"),
    ("do you see personal injury patients", "personal_injury"), ("can I pay cash", "self_pay"),
    ("I don't have insurance", "self_pay"), ("is it covered by my plan?", "coverage"),
    ("what is the SI joint", None), ("do you take walk-ins", None),
])
def test_payment_topics(text, topic):
    assert payment_topic(text, clinic().payment) == topic
