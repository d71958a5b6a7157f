"""Free text -> quiz item findings.

    >>> f = extract_findings("hurts when I sit and getting out of the car, only the left side, "
    ...                      "never below the knee, for about 8 months")
    >>> f.items["pain_sitting"], f.items["pain_below_knee"], f.items["duration_months"], f.side
    (True, False, 8.0, 'left')

How it works: the shared reader (``reader.py``) normalises the text and mends its typos. Three instances of the shared
``RulePipeline`` then read it: quiz items (SYMPTOM), treatments tried (TREATMENT, negated only by
what comes before them: "PT didn't help" still means PT was tried) and side (SIDE), so that
"left buttock" yields both a side and a buttock mention. The lexicon is data, in
``lexicons/en/symptoms.yml``. Numbers (duration, age, months of conservative care) are read with
regular expressions. A later mention of an item wins over an earlier one.

Nothing here logs or stores the text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

from clinic_core.language.reader import Reader, reader
from clinic_core.language.rule_pipeline import Mention, RulePipeline

Value = Union[bool, float]



@dataclass(frozen=True)
class FindingMention:
    """One piece of evidence: ``item`` (an item id, or "side") with its value and where it was
    said (character offsets into the original text; best effort after typo repair)."""

    item: str
    value: Union[bool, float, str]
    text: str
    start: int
    end: int


@dataclass
class Findings:
    items: Dict[str, Value] = field(default_factory=dict)
    side: Optional[str] = None  # "left" | "right" | "both"
    mentions: List[FindingMention] = field(default_factory=list)  # in text order
    # The mention that decided each item (the last one), and the one that decided the side.
    evidence: Dict[str, FindingMention] = field(default_factory=dict)
    side_mention: Optional[FindingMention] = None

    def present(self) -> List[str]:
        return [k for k, v in self.items.items() if v is True]

    def absent(self) -> List[str]:
        return [k for k, v in self.items.items() if v is False]


class _Engine:
    """The three symptom pipelines of one lexicon folder, built once per process."""

    def __init__(self, shared: Reader) -> None:
        lexicon = shared.lexicon
        compiler = shared.compiler("symptoms")
        self.reader = shared
        self.items = RulePipeline(compiler.compile("SYMPTOM", lexicon.symptom_entries("items")),
                                  lexicon.negation("symptoms"))
        self.treatments = RulePipeline(compiler.compile("TREATMENT", lexicon.symptom_entries("treatments")),
                                       lexicon.negation("treatments"))
        self.sides = RulePipeline(compiler.compile("SIDE", lexicon.symptom_entries("sides")),
                                  lexicon.negation("sides"))


@functools.lru_cache(maxsize=None)
def engine() -> _Engine:
    """Build (once) and return the symptom pipelines; call early to pay the cost up front."""
    return _Engine(reader())


# ------------------------------------------------------------------------------------------
# Clause helpers and post-processing of rule mentions
# ------------------------------------------------------------------------------------------

_ELLIPTIC_NO = re.compile(
    r"\s*(?:really\s+|actually\s+)?(?:does|do|did|is|are|was|were)\s*(?:n'?t|not)\s*(?:really\s*|at all\s*)?"
    r"(?:[,.;!?)]|$|(?:and|but|though)\b)", re.I)
_SENTENCE_BREAK = re.compile(r"[.!?;\n]+")
_CLAUSE_BREAK = re.compile(r"[.!?;\n]+|\b(?:but|however|though|although)\b", re.I)
_SUBCLAUSE_BREAK = re.compile(r"[.!?;,\n]+|\b(?:but|however|though|although|and)\b", re.I)
_UNCERTAIN = re.compile(
    r"\b(?:not sure|unsure|don'?t know|do not know|dunno|idk|can'?t tell|cannot tell|hard to say|"
    r"no idea|not certain|can'?t remember|cannot remember|don'?t remember|not positive)\b", re.I)
_HYPOTHETICAL = re.compile(
    r"\b(?:should i|should we|would|could|might|maybe|thinking (?:about|of)|think about|"
    r"considering|consider|want to try|wants me to|want me to|suggested|suggests|recommended|"
    r"recommends|recommending|referred|referral|going to|gonna|planning|plan to|scheduled|"
    r"booked|next week|next month|do i need|will i need|is it worth|what about|how about|"
    r"interested in|looking into|offered|about to|waiting for|waiting on|waitlist|hoping|"
    r"hope to|if|does|do you|can you|can i|will|is there)\b", re.I)
_GAP_WORDS = {",", "/", "&", "and", "or", "nor", "plus", "either", "any", "my", "the", "in", "of",
              "some", "pain", "pains", "leg", "legs", "back", "side", "area", "also", "even", "a",
              "on", "with", "when", "to", "down", "into", "that", "from", "-", "as", "well", "too",
              "sides", "foot", "feet", "either"}
_OR = {"or", "nor"}
_CONJUNCTIONS = {"and", "or", "nor", "&", "/", "plus"}
_CLAUSE_VERBS = {
    "is", "are", "was", "were", "am", "'s", "hurts", "hurt", "hurting", "kills", "killing",
    "bothers", "bother", "bothering", "makes", "make", "made", "gets", "get", "does", "do", "did",
    "aches", "aching", "sucks", "worse", "worst", "bad", "terrible", "awful", "painful", "sore",
    "helps", "help", "flares", "started", "feels", "feel", "have", "has", "had", "i", "it", "he",
    "she", "they", "we", "causes", "triggers", "aggravates", "really", "definitely", "always",
    "usually", "brutal", "unbearable", "murder", "agony", "horrible", "set", "sets", "seems",
    "seem", "'m", "im", "i'm", "it's", "its", "there",
}


def _spans(text: str, pattern: re.Pattern) -> List[Tuple[int, int]]:
    spans, start = [], 0
    for m in pattern.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _span_of(pos: int, spans: Sequence[Tuple[int, int]]) -> Tuple[int, int]:
    for s, e in spans:
        if s <= pos < e or (pos == e and s == e):
            return s, e
    return spans[-1]


def _words(s: str) -> List[str]:
    return re.findall(r"[a-z']+|[,/&-]", s.lower())


@dataclass
class _M:
    """A mutable copy of a rule mention."""

    concept: str
    start: int
    end: int
    text: str
    negated: bool

    @classmethod
    def of(cls, m: Mention) -> "_M":
        return cls(m.concept, m.start, m.end, m.text, m.negated)


def _fix_lists(ms: List[_M], text: str, *, backward: bool) -> None:
    """Carry negation along lists the negation scope cut short.

    "no numbness, tingling or groin pain": the comma ends negex's scope after "numbness"; the
    list (joined only by commas/and/or) carries it on. "never below the knee, sitting kills me"
    is not a list: a verb follows its last member. With ``backward``, "sitting and standing are
    fine" carries the following "are fine" back to "sitting".
    """
    ms = [m for m in ms if m.concept != "_ignore"]
    if len(ms) < 2:
        return
    chains: List[List[Tuple[_M, List[str]]]] = [[(ms[0], [])]]
    for prev, cur in zip(ms, ms[1:]):
        gap = _words(text[prev.end:cur.start])
        clean = (cur.start >= prev.end and len(gap) <= 8 and all(w in _GAP_WORDS for w in gap)
                 and not re.search(r"[.!?;\n]", text[prev.end:cur.start])
                 and not any(w in _CLAUSE_VERBS for w in _words(prev.text) + _words(cur.text)))
        if clean:
            chains[-1].append((cur, gap))
        else:
            chains.append([(cur, [])])
    for chain in chains:
        if len(chain) < 2:
            continue
        members = [m for m, _ in chain]
        if members[0].negated and not all(m.negated for m in members):
            last_or = max((i for i, (_, gap) in enumerate(chain) if _OR & set(gap)), default=0)
            for i, m in enumerate(members):
                if i <= last_or:
                    m.negated = True
            tail = members[last_or:]
            if len(tail) > 1:
                clause_end = _span_of(tail[-1].end, _spans(text, _SUBCLAUSE_BREAK))[1]
                after = _words(text[tail[-1].end:clause_end])
                if not any(w in _CLAUSE_VERBS for w in after):
                    for m in tail:
                        m.negated = True
        elif (backward and members[-1].negated and not members[0].negated
              and all(set(gap) & _CONJUNCTIONS for _, gap in chain[1:])):
            for m in members:
                m.negated = True


# ------------------------------------------------------------------------------------------
# Numbers: duration, age, months of conservative care
# ------------------------------------------------------------------------------------------

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_FUZZY = {"a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a few": 3, "few": 3,
          "several": 3, "a dozen": 12, "a": 1, "an": 1, "half a": 0.5, "half an": 0.5}
_WORDNUM = (r"(?:(?:twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
            r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
            r"|fifteen|sixteen|seventeen|eighteen|nineteen)")
_NUM = rf"(?:\d+(?:\.\d+)?|{_WORDNUM}|a couple(?: of)?|couple(?: of)?|a few|few|several|a dozen|half an?|an?)"
_UNIT = r"(?:days?|weeks?|wks?|wk|months?|mos|mo|mths?|mnths?|years?|yrs?|yr|decades?)"
_DURATION = re.compile(
    rf"(?<![\w.])(?P<n1>{_NUM})(?:\s*(?:-|to|or|\u2013)\s*(?P<n2>{_NUM}))?(?P<half>\s+and\s+a\s+half)?"
    rf"\s*\+?\s*(?P<u>{_UNIT})\b(?P<half2>\s+and\s+a\s+half)?"
    rf"(?:,?\s*(?:and\s+)?(?P<n3>{_NUM})\s*(?P<u2>months?|mos|mths?|weeks?|wks?)\b)?",
    re.I,
)
_LAST_UNIT = re.compile(r"\b(?:for|over|during|in|within|throughout)\s+(?:the\s+)?(?:past|last)\s+(?P<u>year|month|week)\b", re.I)
_HALF_YEAR = re.compile(r"\bhalf\s+a\s+year\b", re.I)
_DUR_SKIP_BEFORE = re.compile(
    r"(?:\b(?:every|each|per|once|twice|thrice|times|next|another|within the next|in the next|"
    r"lasted|lasts|lasting|last for|only lasted|wore off after|wears off after)\s*$)"
    r"|(?:\b(?:helps?|helped|helping|relief|relieved|lasts|lasted|lasting|works?|worked|wore off|"
    r"wears off|good|better|eased|eases|gone|settled|calmed)\s+(?:it\s+|things\s+)?(?:for\s+)?(?:about\s+|around\s+|roughly\s+|like\s+|maybe\s+|only\s+|just\s+)?$)", re.I)
_DUR_SKIP_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:old|of age|young|younger|older|pregnant|postpartum|post-partum|postnatal|"
    r"post-natal|post\s*op|post-op|after surgery|out from|of relief|relief|in a row)\b", re.I)
_WORSE_BEFORE = re.compile(r"\b(?:worse|worsened|worsening|flare|flared|flaring|bad again|got bad|relapsed?)\b(?:\s+(?:up|for|about|around|over|the|last|past|since|in|maybe|like|roughly|almost|nearly))*\s*$", re.I)
_PAIN_WORDS = re.compile(r"\b(?:pain|hurt\w*|ache\w*|aching|sore\w*|symptoms?|problem|issue|this|started|began|going on)\b", re.I)

_AGE_NUM = rf"(?P<n>\d{{1,3}}|{_WORDNUM})"
_AGE_PATTERNS = [
    re.compile(rf"\b(?:i'?m|i am|im|age|aged|age:|turned|turning|just turned|i turned|i'll be|ill be|now)\s*[:=]?\s*(?:a\s+|an\s+|now\s+|currently\s+|only\s+|almost\s+|nearly\s+|just\s+)?{_AGE_NUM}"
               r"(?![\d'])(?!\.\d)(?!\s*(?:%|percent|minutes?|mins?|miles?|km|lbs?|pounds?|kg|kilos?|weeks?|wks?|months?|mos?|days?|hours?|hrs?|times?|x\b|th\b|st\b|nd\b|rd\b|/10|out of|cm|inches|ft|feet|stone|kids|children|weeks pregnant))"
               r"(?!\s*(?:years?|yrs?|yr)\b(?!\s*(?:-\s*)?(?:old|of age|young)))", re.I),
    re.compile(rf"(?<![\w])(?:(?<!my )(?<!her )(?<!his )(?<!our )(?<!the )(?<!year )){_AGE_NUM}\s*(?:-\s*)?(?:years?|yrs?|yr|y)\s*(?:-\s*)?(?:old|o\b|of age)", re.I),
    re.compile(rf"\b{_AGE_NUM}\s*(?:yo|y\.o\.?|y/o|yoa)(?![a-z])", re.I),
    re.compile(rf"(?:^|[,(]\s*){_AGE_NUM}\s*(?:f|m|female|male|woman|man|yo)\b", re.I),
    re.compile(rf"(?:^|[,(]\s*)(?:f|m|female|male|woman|man)\s*,?\s*{_AGE_NUM}\b(?!\s*(?:years?|yrs?|months?|weeks?|days?)\b(?!\s*old))", re.I),
]
_AGE_SKIP_BEFORE = re.compile(r"\b(?:my|her|his|our|their|have a|has a|with a|son|daughter|kid|child|baby|husband|wife|mom|mother|dad|father|partner)\s*$", re.I)


def _num(s: Optional[str]) -> Optional[float]:
    if s is None:
        return None
    s = s.lower().strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if s in _FUZZY:
        return float(_FUZZY[s])
    if s in _UNITS:
        return float(_UNITS[s])
    parts = re.split(r"[- ]", s)
    if parts[0] in _TENS:
        return float(_TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))
    return None


def _months(value: float, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("dec"):
        return value * 120
    if unit.startswith("d"):
        return value / 30.44
    if unit.startswith("w"):
        return value * 12 / 52
    if unit.startswith("y"):
        return value * 12
    return value


def _durations(text: str) -> List[Tuple[int, int, float]]:
    found = []
    for m in _DURATION.finditer(text):
        n1, n2 = _num(m.group("n1")), _num(m.group("n2"))
        if n1 is None:
            continue
        before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 25]
        if _DUR_SKIP_BEFORE.search(before) or _DUR_SKIP_AFTER.search(after):
            continue
        if m.group("n1").lower() in ("a", "an") and re.search(r"\b(?:once|twice|times|per|x)\s*$", before, re.I):
            continue
        value = (n1 + n2) / 2 if n2 is not None else n1
        if m.group("half") or m.group("half2"):
            value += 0.5
        months = _months(value, m.group("u"))
        if m.group("n3") and _num(m.group("n3")) is not None:
            months += _months(_num(m.group("n3")), m.group("u2"))
        found.append((m.start(), m.end(), round(months, 2)))
    for m in _LAST_UNIT.finditer(text):
        if not any(s <= m.start("u") < e for s, e, _ in found):
            found.append((m.start(), m.end(), _months(1, m.group("u"))))
    for m in _HALF_YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), 6.0))
    return sorted(found)


def _ages(text: str) -> List[Tuple[int, int, float]]:
    found = []
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            n = _num(m.group("n"))
            if n is None or not 12 <= n <= 110:
                continue
            if _AGE_SKIP_BEFORE.search(text[max(0, m.start() - 20):m.start()]) and not re.match(r"\s*(?:i'?m|i am|im)\b", m.group(0), re.I):
                continue
            if any(s <= m.start("n") < e for s, e, _ in found):
                continue
            found.append((m.start("n"), m.end(), n))
    return sorted(found)


# Morning stiffness: only counts with a length ("an hour" -> over 30 minutes, "10 minutes" -> not).
_MINUTES = re.compile(
    rf"(?P<q>over|more than|longer than|at least|well over|upwards of|under|less than|about|around|up to|nearly|almost)?\s*"
    rf"(?P<n1>{_NUM}|half an?)(?:\s*(?:-|to|or)\s*(?P<n2>{_NUM}))?(?P<half>\s+and\s+a\s+half)?\s*(?P<u>min|mins|minutes?|hr|hrs|hours?)\b",
    re.I)
_LONG_STIFF = re.compile(
    r"\b(?:all|most of the|half the|the whole|whole) (?:morning|day)\b|\buntil (?:noon|lunch|lunchtime|midday|mid-?morning|late morning|the afternoon|\d{1,2}(?::\d\d)?)"
    r"|\b(?:hours|ages|forever|a long time|a long while|long time|a good while|till lunch|til lunch|till noon)\b", re.I)
_SHORT_STIFF = re.compile(
    r"\b(?:quickly|briefly|a short while|short while|not long|soon|a bit|a little while|in no time|fast|a moment|moments|right away|pretty quick|quick)\b", re.I)


_STIFF_WORD = re.compile(r"\b(?:stiff\w*|stifn\w*|rigid)\b", re.I)
_MORNING_WORD = re.compile(r"\b(?:mornings?|am|wake|wakes|waking|woke|first thing|out of bed|get up|getting up)\b", re.I)
_NEG_BEFORE = re.compile(r"\b(?:no|not|never|don'?t|doesn'?t|isn'?t|aren'?t|without|hardly|barely)\b[^,]*$", re.I)
_BARE_GET_UP = re.compile(r"(?:get|gets|getting|got|gettin)\s+up", re.I)
_BED_CONTEXT = re.compile(r"\b(?:stiff\w*|mornings?|bed|night|wake|waking|woke|asleep|sleep\w*)\b", re.I)
_SEAT_CONTEXT = re.compile(r"\b(?:sit\w*|sat|seated|chairs?|couch|sofa|car|desk|toilet|recliner)\b", re.I)
_EVENTS = ("prior_lumbar_fusion", "fall_on_buttock", "pregnancy_related")
_EVER_SINCE = re.compile(r"\b(?:since|ever since|since then|from then on|ever after)\b", re.I)
_ALTERNATION = re.compile(r"\b(?:sometimes|some days|other days|other times|alternat\w*|switch\w*|swap\w*|varies|"
                          r"back and forth|flip\w*|one day|the next|either)\b", re.I)


def _stiffness_minutes(window: str) -> Optional[bool]:
    best: Optional[bool] = None
    for m in _MINUTES.finditer(window):
        n1, n2 = _num(m.group("n1")), _num(m.group("n2"))
        if n1 is None:
            continue
        value = max(n1, n2 or 0) + (0.5 if m.group("half") else 0)
        minutes = value * 60 if m.group("u").lower().startswith("h") else value
        q = (m.group("q") or "").lower()
        if q in ("over", "more than", "longer than", "at least", "well over", "upwards of"):
            minutes += 1
        return minutes > 30
    if _LONG_STIFF.search(window):
        return True
    if _SHORT_STIFF.search(window):
        return False
    return best


# ------------------------------------------------------------------------------------------
# Extraction
# ------------------------------------------------------------------------------------------


def extract_findings(text: Optional[str]) -> Findings:
    """Quiz items a patient's message mentions, true or false, with side, duration and age."""
    try:
        return _extract(text)
    except Exception:  # pragma: no cover - a broken message must never break the conversation
        return Findings()


def _extract(text: Optional[str]) -> Findings:
    eng = engine()
    prepared = eng.reader.prepare(text)
    text, fixed = prepared.original, prepared.text
    if not re.search(r"[A-Za-z0-9]", fixed):
        return Findings()
    clauses = _spans(fixed, _CLAUSE_BREAK)
    sentences = _spans(fixed, _SENTENCE_BREAK)
    subclauses = _spans(fixed, _SUBCLAUSE_BREAK)

    raw: List[Tuple[int, int, str, Union[bool, float, str], int]] = []  # start, end, item, value, order

    def add(start: int, end: int, item: str, value, order: int = 0) -> None:
        raw.append((start, end, item, value, order))

    def uncertain(m: _M) -> bool:
        s, e = _span_of(m.start, subclauses)
        return bool(_UNCERTAIN.search(fixed[s:e]))

    # --- quiz items
    items = [_M.of(m) for m in eng.items.mentions(fixed)]
    for m in items:  # elliptical "... but my butt doesn't."
        if not m.negated and _ELLIPTIC_NO.match(fixed, m.end):
            m.negated = True
    _fix_lists(items, fixed, backward=True)
    risers = [m for m in items if m.concept == "pain_rising_from_sitting"]
    for m in items:
        if m.concept == "_ignore" or uncertain(m):
            continue
        if m.concept == "pain_rising_from_sitting" and _BARE_GET_UP.fullmatch(m.text):
            # "stiff after I get up", "get up in the night": out of bed, not out of a chair
            sentence = fixed[slice(*_span_of(m.start, sentences))]
            if _BED_CONTEXT.search(sentence) and not _SEAT_CONTEXT.search(sentence):
                continue
        if m.concept == "pain_sitting" and re.search(r"\b(?:after|from)\s+(?:[\w']+\s+){0,2}$", fixed[max(0, m.start - 30):m.start], re.I):
            clause = _span_of(m.start, clauses)
            if any(clause[0] <= r.start < clause[1] for r in risers):
                continue
        if m.concept in ("_mstiff", "_mstiff_long"):
            if m.negated:
                add(m.start, m.end, "morning_stiffness_over_30min", False)
                continue
            s, e = _span_of(m.start, sentences)
            window = fixed[max(s, m.start - 70):min(e, m.end + 80)]
            verdict = _stiffness_minutes(window)
            if verdict is None and m.concept == "_mstiff_long":
                verdict = True
            if verdict is not None:
                add(m.start, m.end, "morning_stiffness_over_30min", verdict)
            continue
        if m.concept.startswith("not:"):
            add(m.start, m.end, m.concept[4:], m.negated)
        elif m.concept.startswith("neg:"):
            if m.negated:
                add(m.start, m.end, m.concept[4:], False)
        else:
            add(m.start, m.end, m.concept, not m.negated)

    # Morning stiffness said in a way the patterns do not cover ("stiff for 2 hours every
    # morning"): a stiffness word and a morning word in one clause.
    stiff_clauses = {_span_of(m.start, sentences) for m in items if m.concept in ("_mstiff", "_mstiff_long")}
    for s_, e_ in sentences:
        clause = fixed[s_:e_]
        stiff = _STIFF_WORD.search(clause)
        if (s_, e_) in stiff_clauses or not stiff or not _MORNING_WORD.search(clause):
            continue
        if re.search(r"\bhips?\b", clause[max(0, stiff.start() - 12):stiff.end() + 12], re.I):
            continue
        if _NEG_BEFORE.search(clause[:stiff.start()]):
            add(s_ + stiff.start(), s_ + stiff.end(), "morning_stiffness_over_30min", False)
            continue
        verdict = _stiffness_minutes(clause)
        if verdict is not None:
            add(s_ + stiff.start(), s_ + stiff.end(), "morning_stiffness_over_30min", verdict)

    events = [m for m in items if m.concept in _EVENTS and not m.negated]

    # --- treatments
    treats = [_M.of(m) for m in eng.treatments.mentions(fixed)]
    _fix_lists(treats, fixed, backward=False)
    anchors: List[_M] = []
    for m in treats:
        if m.concept == "_ignore" or uncertain(m):
            continue
        s, e = _span_of(m.start, clauses)
        if not m.negated and (_HYPOTHETICAL.search(fixed[s:m.start]) or fixed[e:e + 1] == "?"):
            continue
        if m.concept == "_conservative":
            if not m.negated:
                anchors.append(m)
            continue
        add(m.start, m.end, m.concept, not m.negated)
        if not m.negated:
            anchors.append(m)

    # --- side, unilateral, alternating
    side_ms = [_M.of(x) for x in eng.sides.mentions(fixed)]
    for s_, e_ in clauses:
        here = {m.concept for m in side_ms if s_ <= m.start < e_ and not m.negated}
        if {"left", "right"} <= here and "alternating" not in here and _ALTERNATION.search(fixed[s_:e_]):
            first = min(m.start for m in side_ms if s_ <= m.start < e_)
            side_ms.append(_M("alternating", first, first, "", False))
    side_ms.sort(key=lambda m: m.start)
    side_state: Optional[str] = None
    side_at: Optional[_M] = None
    alternating: Optional[_M] = None
    for m in side_ms:
        if m.concept == "_ignore" or uncertain(m):
            continue
        if m.concept == "alternating":
            if not m.negated:
                alternating = m
            add(m.start, m.end, "alternating_buttock_pain", not m.negated)
            continue
        concept = m.concept
        if m.negated:
            if concept == "one":
                concept = "both"
            elif concept == "both":
                concept = "one"
            else:
                continue
        correction = re.search(r"\b(?:actually|wait|sorry|i mean|correction|rather|no|oops)\b[^.;!?]{0,16}$",
                               fixed[max(0, m.start - 30):m.start], re.I)
        if concept in ("left", "right"):
            if side_state in (None, "one", concept) or (side_state == "both" and correction):
                side_state = concept
            elif side_state in ("left", "right") and correction:
                side_state = concept
            else:
                side_state = "both"
        elif concept == "both":
            side_state = "both"
        elif concept == "one":
            if side_state in (None, "both"):
                side_state = "one"
        side_at = m
    side: Optional[str] = None
    if side_state and side_at is not None:
        if alternating is None:
            side = side_state if side_state in ("left", "right", "both") else None
            add(side_at.start, side_at.end, "unilateral_pain", side_state != "both", 1)
        if side:
            add(side_at.start, side_at.end, "side", side, 1)

    # --- numbers
    for start, end, months in _durations(fixed):
        item = "duration_months"
        s, e = _span_of(start, clauses)
        before = [a for a in anchors if s <= a.start and a.end <= start]
        after = [a for a in anchors if start < a.start < e]
        anchor = None
        if before:
            a = before[-1]
            gap = fixed[a.end:start]
            if len(_words(gap)) <= 5 and not _PAIN_WORDS.search(gap):
                anchor = a
        if anchor is None and after:
            a = after[0]
            if re.match(r"^\s*(?:of|doing|with|in|on|at)\s+(?:[\w'-]+\s+){0,3}$", fixed[end:a.start], re.I):
                anchor = a
        if anchor is not None:
            if anchor.concept in ("tried_injections", "tried_rfa"):
                continue
            item = "conservative_care_months"
        elif _WORSE_BEFORE.search(fixed[max(s, start - 40):start]):
            continue
        else:
            # "fusion 5 years ago" dates the surgery, not the pain ("... and it has hurt ever
            # since" does date the pain).
            event = [a for a in events if s <= a.start and a.end <= start]
            if event and len(_words(fixed[event[-1].end:start])) <= 6 and not _PAIN_WORDS.search(fixed[event[-1].end:start]):
                if not _EVER_SINCE.search(fixed[s:e]):
                    continue
        add(start, end, item, months, 2)
    for start, end, years in _ages(fixed):
        add(start, end, "age", years, 2)

    # --- fold: a later mention wins
    findings = Findings()
    for start, end, item, value, _order in sorted(raw, key=lambda r: (r[0], r[4])):
        o_start, o_end = prepared.span(start, end)
        mention = FindingMention(item, value, text[o_start:o_end] or fixed[start:end], o_start, o_end)
        findings.mentions.append(mention)
        if item == "side":
            findings.side = value
            findings.side_mention = mention
        else:
            findings.items[item] = value
            findings.evidence[item] = mention
    return findings


__all__ = ["Findings", "FindingMention", "extract_findings", "engine"]
