"""Which of the options a question offered a typed answer means.

On SMS every answer is typed, and on the web many people type instead of tapping a button. A
typed answer picks an option by its number or ordinal ("2", "option 2", "the first one",
"second", "the last one"), by the words of its title ("Hagerstown", "none of these"), or, for
options that carry them, by other names: an office's town, region or a nearby large city
(``names``, each naming that option alone) and its state (``areas``, which several options may
share: "Maryland" names two offices, so the patient is asked which).

The words are data: the option pattern, fillers and negations in lexicons/<lang>/answers.yml,
ordinals and number words in numbers.yml. Used by the actions (actions/turn.py reads every
answer to a question with buttons; actions/booking.py the office question) and by the SMS
channel (a numbered reply). Plain Python, no Rasa import.
"""
from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Tuple

from clinic_core.language.answers import clean, short_answer
from clinic_core.language.lexicon import load_lexicon

_WORD = re.compile(r"[a-z0-9']+")
MAX_EXTRA_WORDS = 4  # "yes I want to take the pain quiz": a title inside a short message only
_NUMBER_PREFIXES = {"number", "option", "choice", "button", "answer"}  # "option two"


@dataclass(frozen=True)
class Choice:
    key: str  # what picking it means: a button's payload, an office id
    title: str  # the words the patient saw
    names: Tuple[str, ...] = ()  # other names of this option alone (a town, a region, a nearby city)
    areas: Tuple[str, ...] = ()  # names it may share with other options (a state)


@dataclass(frozen=True)
class Picked:
    """The options a typed answer fits: one (``key``), several equally (ask which), or none."""

    candidates: Tuple[str, ...] = ()

    @property
    def key(self) -> Optional[str]:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def unclear(self) -> bool:
        return len(self.candidates) > 1

    def __bool__(self) -> bool:
        return bool(self.candidates)


NOTHING = Picked()


def option_number(text: str, count: Optional[int] = None) -> Optional[int]:
    """The option number (from 1) a message picks: "2", "#2", "no. 2", "option two", "the
    second one"; "the last one" needs ``count``. None when the message is more than that, or
    names a number above ``count``."""
    match = load_lexicon().cue("option_choice").match(clean(text))
    if not match:
        return None
    pick, prefix = match.group("pick"), match.group("prefix")
    values = load_lexicon().number_values()
    if pick.isdigit():
        number = int(pick) if len(pick) <= 2 else None
    elif prefix == "no":
        number = None  # "no" leads only a digit: "no second" is no choice
    elif pick in values["ordinals"]:
        number = int(values["ordinals"][pick])
    elif prefix in _NUMBER_PREFIXES and pick in values["words"]:
        number = int(values["words"][pick])
    else:
        number = None
    if number is not None and number < 0:
        number = count + 1 + number if count else None  # -1: the last option
    if number is None or number < 1 or (count is not None and number > count):
        return None
    return number


def choose(text: str, choices: Sequence[Choice]) -> Picked:
    """The options ``text`` picks, most telling reading first: the whole title (or the key),
    the option's number, a name of one option, the title's own words, an area several share."""
    if not choices:
        return NOTHING
    whole = clean(text)
    if not whole:
        return NOTHING
    exact = [c.key for c in choices if whole in (clean(c.title), c.key.lower())]
    if exact:
        return Picked(tuple(dict.fromkeys(exact)))
    number = option_number(text, len(choices))
    if number is not None:
        return Picked((choices[number - 1].key,))
    words = _content_words(whole)
    if not words:
        return NOTHING
    for tier in (_by_names, _by_title_words, _by_areas):
        found = tier(whole, words, choices)
        if found:
            return Picked(tuple(dict.fromkeys(found)))
    return NOTHING


def _content_words(cleaned: str) -> Tuple[str, ...]:
    fillers = load_lexicon().words("choice_fillers")
    return tuple(w for w in _WORD.findall(cleaned) if w not in fillers)


def _says(cleaned: str, phrase: str) -> bool:
    phrase = clean(phrase)
    return bool(phrase) and re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", cleaned) is not None


def _by_phrases(phrases_of: Callable[[Choice], Tuple[str, ...]], whole: str, words: Tuple[str, ...],
                choices: Sequence[Choice]) -> list:
    """Options one of whose phrases (its names, or its areas) the message says."""
    return [c.key for c in choices if any(_says(whole, phrase) for phrase in phrases_of(c))]


_by_names = functools.partial(_by_phrases, operator.attrgetter("names"))
_by_areas = functools.partial(_by_phrases, operator.attrgetter("areas"))


def _by_title_words(whole: str, words: Tuple[str, ...], choices: Sequence[Choice]) -> list:
    """Options whose title holds every word typed ("quiz", "none"), or whose title is inside a
    short message ("yes I'd like the pain quiz"); never when the message turns it round, nor
    when a short answer would change meaning ("sure" is a yes, not the "Not sure" button)."""
    negations = load_lexicon().words("choice_negations")
    typed = set(words)
    said = short_answer(whole)
    found = []
    for choice in choices:
        title = set(_content_words(clean(choice.title)))
        if not title or (typed & negations) - title:
            continue
        if said is not None and short_answer(choice.title) not in (None, said):
            continue
        inside_title = typed <= title
        title_inside = title <= typed and len(typed) <= len(title) + MAX_EXTRA_WORDS
        if inside_title or title_inside:
            found.append(choice.key)
    return found
