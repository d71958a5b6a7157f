"""The symptom lexicon: how patients say each quiz item, as data for the shared rule layer.

Patterns are written in a small notation that ``symptoms.py`` expands into spaCy entity-ruler
token patterns (matched on lower-cased tokens):

* words are separated by spaces; ``a|b|c`` is one token position with alternatives;
* an alternative may be several tokens, written with ``_`` ("pins_and_needles") or taken from a
  macro (``@BUTT``); apostrophes and hyphens are split the way spaCy splits them ("doesn't");
* ``?`` after a position makes it optional; ``~`` is one optional filler word (``~2`` two), taken
  from ``FILLERS`` only, so a filler never swallows a negation or another symptom word; ``*3``
  is up to three optional words of any kind but negations (for "fell off a ladder onto my butt");
* ``/regex/`` is one token matched by a regular expression (anchored at both ends).

Concept ids: a quiz item id asserts the item; ``not:<item>`` asserts the item is absent ("stays
above the knee"); ``neg:<item>`` only counts when negated ("no surgery" -> no fusion);
``_ignore`` consumes a decoy phrase so that a shorter pattern cannot fire inside it ("shooting
pain" is not an injection). Longer matches win over shorter ones.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

FILLERS = [
    "a", "an", "the", "my", "it", "its", "it's", "that", "this", "up", "around", "about", "lot",
    "bit", "little", "really", "much", "some", "more", "usually", "always", "definitely",
    "actually", "does", "do", "did", "seems", "seem", "to", "can", "will", "kind", "sort", "of",
    "gentle", "light", "regular", "daily", "i", "me", "also", "even", "generally", "totally",
    "pretty", "quite", "so", "very", "super", "slightly", "somewhat", "bad", "sore", "painful",
    "left", "right", "lower", "low", "whole", "entire", "is", "are", "was", "gets", "get",
    "getting", "feel", "feels", "and", "too", "doing", "going", "go", "regular", "regularly", "just", "only", "mostly", "often", "sometimes",
    "again", "then", "hard", "long", "while", "time", "times", "for", "when", "on", "in",
]

MACROS: Dict[str, List[str]] = {
    "MY": ["my", "the", "a", "an", "his", "her", "that", "this", "your", "our", "their", "one",
           "both", "each"],
    "BUTT": [
        "buttock", "buttocks", "butt", "butts", "bum", "bums", "glute", "glutes", "gluteal",
        "gluteus", "backside", "rear_end", "butt_cheek", "butt_cheeks", "butt-cheek",
        "butt-cheeks", "buttcheek", "buttcheeks", "bum_cheek", "bum_cheeks", "booty", "arse",
        "ass", "tush", "tushy", "hiney", "tailbone", "tail_bone", "tail-bone", "tailbones",
        "coccyx", "sit_bone", "sit_bones", "sitting_bone", "sitting_bones", "sitbone",
        "sitbones", "sits_bone", "ischial", "piriformis", "butox", "buttox", "buttok", "butock",
        "buttocs", "butto", "bootay",
    ],
    "BODY": [
        "side", "sided", "buttock", "buttocks", "butt", "bum", "cheek", "cheeks", "glute",
        "glutes", "hip", "hips", "leg", "legs", "thigh", "thighs", "knee", "calf", "foot",
        "feet", "ankle", "groin", "sij", "si", "sacroiliac", "lower_back", "low_back", "back",
        "dimple", "psis", "pelvis", "flank", "lumbar", "sciatic", "bottom", "butt_cheek",
        "tailbone", "one", "hand_side", "part", "half", "buttcheek",
    ],
    "SEAT": [
        "chair", "chairs", "seat", "seats", "sitting", "sit", "sitting_position",
        "seated_position", "couch", "sofa", "settee", "car", "cars", "vehicle", "truck", "van",
        "desk", "toilet", "loo", "recliner", "armchair", "stool", "bench", "booth", "bus",
        "low_chair", "computer", "lounge_chair", "seated",
    ],
    "NSAID": [
        "ibuprofen", "ibuprophen", "ibuprofin", "iboprofen", "ibuprofe", "ibu", "advil",
        "motrin", "nurofen", "naproxen", "naproxin", "aleve", "naprosyn", "diclofenac",
        "voltaren", "voltarol", "celebrex", "celecoxib", "meloxicam", "mobic", "aspirin",
        "nsaid", "nsaids", "anti-inflammatory", "anti-inflammatories", "anti_inflammatory",
        "anti_inflammatories", "antiinflammatory", "antiinflammatories", "etodolac",
        "indomethacin", "ketorolac", "toradol", "nabumetone", "anti-inflammatory_pills",
        "anti-inflammatory_tablets", "anti-inflammatory_meds",
    ],
    "OTHERMEDS": [
        "tylenol", "acetaminophen", "paracetamol", "painkillers", "painkiller", "pain_killers",
        "pain_killer", "pain_meds", "pain_medication", "pain_medications", "pain_medicine",
        "pain_pills", "pain_relievers", "medication", "medications", "medicine", "medicines",
        "meds", "pills", "tablets", "muscle_relaxant", "muscle_relaxants", "muscle_relaxers",
        "muscle_relaxer", "flexeril", "cyclobenzaprine", "methocarbamol", "robaxin",
        "tizanidine", "baclofen", "gabapentin", "neurontin", "lyrica", "pregabalin", "tramadol",
        "opioids", "opiates", "oxycodone", "hydrocodone", "norco", "percocet", "vicodin",
        "codeine", "morphine", "prednisone", "medrol", "dosepak", "dose_pack", "steroid_pills",
        "oral_steroids", "steroid_pack", "duloxetine", "cymbalta", "amitriptyline",
        "over_the_counter", "over-the-counter", "otc", "medicaton", "medcation", "medecine",
    ],
    "NEGAUX": [
        "doesn't", "doesnt", "does_not", "didn't", "didnt", "did_not", "don't", "dont",
        "do_not", "never", "won't", "wont", "isn't", "isnt", "is_not", "aren't", "arent",
        "are_not", "wasn't", "wasnt", "was_not", "hasn't", "hasnt", "haven't", "havent",
        "has_not", "have_not", "not",
    ],
    "HELPS": [
        "helps", "help", "helped", "helping", "works", "work", "worked", "working", "relieves",
        "relieve", "relieved", "eases", "ease", "eased", "improves", "improve", "improved",
        "takes_the_edge_off", "take_the_edge_off", "took_the_edge_off", "does_the_trick",
        "did_the_trick", "is_helpful", "was_helpful", "are_helpful", "gives_relief",
        "give_relief", "gave_relief", "gives_me_relief", "makes_it_better", "make_it_better",
        "made_it_better", "makes_it_bearable", "is_good", "are_good", "loosens", "loosen",
        "loosened", "better", "dulls", "calms", "settles", "kicks_in", "makes_a_difference",
        "make_a_difference", "made_a_difference", "makes_a_big_difference",
        "make_a_big_difference", "made_a_big_difference", "makes_a_huge_difference",
        "made_a_huge_difference", "makes_a_real_difference", "takes_it_away", "take_it_away",
        "took_it_away", "takes_the_pain_away", "take_the_pain_away", "knocks_it_out",
    ],
    "ACTIVITY": [
        "exercise", "exercises", "exercising", "excercise", "excercising", "exersize",
        "activity", "activities", "movement", "moving", "moving_around", "walking", "walk",
        "walks", "a_walk", "stretching", "stretches", "stretch", "yoga", "swimming", "swim",
        "the_gym", "gym", "working_out", "workouts", "workout", "being_active", "staying_active",
        "keeping_active", "keeping_moving", "keep_moving", "motion", "pilates", "cycling",
        "biking", "jogging", "running", "getting_going", "getting_moving", "move",
        "moving_about", "i_move", "i_get_moving", "i_get_going", "i_warm_up", "warming_up",
        "warm_up", "loosening_up", "hiking", "a_stroll", "strolling", "physical_activity",
        "sports",
    ],
}

# --------------------------------------------------------------------------------------------
# Quiz items (label SYMPTOM)
# --------------------------------------------------------------------------------------------
ITEM_PATTERNS: List[Tuple[str, str]] = []


def _add(concept: str, *patterns: str) -> None:
    ITEM_PATTERNS.extend((concept, p) for p in patterns)


_add(
    "one_finger_psis",
    "one|single|1|a|one_specific|one_exact|one_particular|one_small|specific|exact|particular|certain|tiny|small sore|painful|tender? spot|point|place",
    "sore|tender|painful|trigger spot|point",
    "one|1|single|a|my|just_one|index finger|fingertip|fingertips",
    "point|points|pointing|pointed|put|putting to|at|on it|the_spot|the_pain|exactly? with? one|a|1|my|single finger",
    "point|points|pointing|pointed with one|a|1|my|single finger",
    "/pin-?point(s|ed|ing)?/ it|the_spot|the_pain|exactly|where?",
    "pin_point|pin_points it|the_spot|the_pain|exactly|where?",
    "finger|fingers on_it|on_the_spot|right_on_it",
    "dimple|dimples|dimpels|dimple's|back_dimple|back_dimples|dimples_of_venus|venus_dimple|venus_dimples",
    "psis|p.s.i.s|p.s.i.s.",
    "back of @MY? left|right? pelvis|pelvic_bone",
    "back of @MY? left|right? hip_bone|hipbone|hip_bones",
    "very|quite|really? localized|localised|localized_spot|localised_spot|focal|pinpoint",
    "just|right|slightly below|under @MY? belt|belt_line|beltline|belt-line|waistband|waistline to|on|off one|the_left|the_right|1 side",
    "just|right|slightly below|under @MY? belt|belt_line|beltline|belt-line|waistband|waistline off_to one|the side",
)
_add(
    "not:one_finger_psis",
    "hard|difficult|tough|impossible|tricky to pinpoint|pin_point|pin_down|pin_it_down|narrow_down|narrow_it_down|locate|point_to|say_exactly|find",
    "can't|cant|cannot|couldn't|couldnt|can_not|unable_to really? pinpoint|pin_point|pin_down|pin_it_down|narrow_down|narrow_it_down|point_to|locate|put_my_finger_on|find_the_spot|find_one_spot|say_exactly",
    "not|never in? one|a|1|single specific|particular|exact? spot|point|place",
    "all over the? place|area|back?",
    "spread|spreads|spreading|spread_out out|around|all_over|everywhere|across",
    "diffuse|diffused|widespread|vague|general_ache|generalized|generalised|everywhere",
    "big|large|wide|broad|whole area|region|patch",
)

_add(
    "buttock_pain",
    "@BUTT",
    "my|sore|her|his|the behind|bottom|bottem|botom",
    "back of @MY? left|right? hip|hips",
    "hip|hips area|region? at|in|on|around the back",
    "left|right|one|both|either|each|lt|rt cheek|cheeks",
    "seat|sitting|sit bone|bones",
)
_add("_ignore", "bottom|bottem of", "top to bottom", "bottom line")

_add(
    "groin_pain",
    "groin|groins|grion|grions|groyne|groine|grions|groin's|groin-area|crotch|inguinal",
    "front of @MY? left|right? hip|hips|pelvis",
    "hip|leg crease|creases|fold",
)
_add("_ignore",
     "numb|numbness|numbed|tingling|tingly|no_feeling|loss_of_feeling in|around|between? @MY? groin|crotch|genitals|privates|private_parts|saddle|inner_thighs|bottom|bum|butt|backside|legs",
     "saddle numbness|anesthesia|area")

_add(
    "pain_sitting",
    "/s+i+t+(?:i+n+g*|in)?/|sat|seated|sitn|sittng|siting|sittin|sittting",
    "driving|drives|long_drives|long_drive|car_rides|car_ride|car_journeys|road_trips|long_flights|flights",
    "at|behind @MY? desk|computer|wheel",
    "desk job|work",
    "in a|the|my chair|car|recliner",
    "office|desk|dining|hard|kitchen chair|chairs",
    "on @MY? couch|sofa|toilet",
    "/s+i+t+(?:i+n+g*|in)?/|sat on @MY? @BUTT",
    "/s+i+t+(?:i+n+g*|in)?/|sat|seated ~2 for a|an ~? while|hour|long_time|bit|few_minutes|length_of_time|period",
)
_add(
    "not:pain_sitting",
    "better|easier|eases|eased|relief|relieved|fine|ok|okay|comfortable|no_pain|improves|calms|settles|goes_away|helps ~2 when|if|while|by|after|with|once ~2 sitting|sit|sitting_down|sit_down|seated|i_sit|i_sit_down|i'm_sitting|im_sitting|i_am_sitting",
    "sitting|sit|sitting_down ~2 helps|relieves|eases|improves|calms|settles|is_comfortable|is_a_relief|gives_relief|makes_it_better|makes_it_go_away|takes_the_pressure_off|is_easier",
    "sitting|sit|sitting_down ~2 makes it? better|easier",
)
_add("_ignore", "sit - up|ups", "sit_ups|situps|sit-ups|sit_up|situp", "sit up straight|tall")

_get = "get|gets|getting|got|gettin|stand|stands|standing|stood|rise|rises|rising|rose|come|comes|coming|push|pushing|pull|pulling|climb|climbing|climbed|hop|hopping|hoist|hoisting|haul|hauling"
_add(
    "pain_rising_from_sitting",
    f"{_get} up? from|off|out_of|after @MY? ~2 @SEAT",
    f"{_get} up? from|off|out_of|after ~ long|prolonged|extended sitting|sit",
    "in|into and out of @MY? ~ car|cars|chair|chairs|seat|vehicle|truck",
    "out of @MY? ~ car|cars|chair|chairs|seat|vehicle|truck|recliner|couch|sofa|armchair",
    "sit|sitting - to - stand|standing",
    "sit_to_stand|sitting_to_standing|sit-to-stand",
    "stand|stands|standing|stood|get|gets|getting|got|gettin|rising|rise|rises up",
    "get|gets|getting|got in_and_out|out",
    "get|gets|getting|got|stand|standing up? off|out_of|up_from|up_off it|of_it",
    "/standin[g]?/|/stnding/|/standign/ up",
    "to|onto my feet",
    "first few? steps after|from sitting|sit|i_sit|i've_been_sitting|being_seated",
    "first steps",
    "standing from sitting",
    "transitioning|transition|transitions from sitting|sit",
    "straighten|straightening|straightening_up up? after|from sitting",
)
_add(
    "_ignore",
    "get|gets|getting|got|woke_up_and_got|stand|standing|stood up in|at|during|out_of|from|off the? morning|mornings|night|nights|bed|floor|ground",
    "get|gets|getting|got up to pee|to_use_the_bathroom|to_go|for_work|early",
    "stand|stands|standing|stood up straight|tall|all_day|for_long|for_hours|for_a_long_time",
    "get|getting out of bed",
    "get|gets|getting|got up and walk|walking|move|moving|stretch|stretching|pace|pacing|walk_around|move_around",
)

_add(
    "pain_stairs_single_leg",
    "stairs|stair|staircase|stairway|stairwell|stairs|upstairs|downstairs|stiars|staris|stars_at_home|steps|stair-climbing",
    "step|steps|stepping up|down|onto|off",
    "climb|climbs|climbing|climbed|go|going|walk|walking|walked up|down a? flight|hill|hills|ladder|ramp",
    "curb|kerb|curbs|kerbs",
    "stand|standing|stood|balance|balancing|put_weight|putting_weight|weight|bearing_weight|bear_weight on one|1|a_single|my_left|my_right|the_left|the_right|that|the_bad|the_sore|the_affected|either|a leg|foot",
    "single|one leg|leg-stance|legged|footed",
    "single_leg|single-leg|one-leg|one-legged|one_legged|single-legged",
    "hop|hopping|hops|lunges|lunge",
    "pants|trousers|jeans|socks|shoes|sock|shoe|underwear|leggings on? while? standing up?",
    "getting|get dressed standing up?",
)
_add("_ignore", "steps per day", "steps a day", "next steps", "few steps", "step by step",
     "tripped|tripping|trip|slipped|slipping|fell|fall|falling|missed|missing over|on|off|down|up? the|a|some? curb|kerb|step|steps|stairs|stair")

_add(
    "pain_turning_in_bed",
    "turn|turns|turning|turned|roll|rolls|rolling|rolled|flip|flips|flipping|toss|tossing|twist|twisting|move|moving|shift|shifting over|around? in|at the? bed|night",
    "roll|rolls|rolling|rolled|turn|turns|turning|turned|flip|flipping over",
    "change|changes|changing|changed|shift|shifting|switching|switch my? position|positions|sides in|at bed|night",
    "rollover|rolling-over|turning-over",
    "roll|rolls|rolling|rolled|turn|turns|turning|turned|flip|flipping|toss|tossing|shift|shifting from? side to side",
    "turning|rolling in bed",
)

_add(
    "night_waking",
    "wakes|woke|woken|waking|wake|wakening|awakens|awaken|awoken|wakes_up|wake_up|woke_up me up?",
    "i|it? wake|wakes|woke|waking|wakeup|wake-up up? at|in|during|through|every the? night|nights|3am|2am|4am|1am|middle_of_the_night",
    "wake|wakes|woke|waking up? from|because_of|due_to|with|by the? pain",
    "wake|wakes|woke|waking up? at /\\d{1,2}(am|:\\d\\d)?/",
    "woken|awakened|awoken|woke up? by the? pain|it",
    "up at|in|all the? night",
    "keeps|kept|keeping|keep me up|awake",
    "can't|cant|cannot|couldn't|couldnt|unable_to|hard_to|difficult_to|struggle_to|struggling_to sleep|get_to_sleep|stay_asleep|sleep_well|sleep_through|get_comfortable_at_night",
    "trouble|difficulty|problems|problem|issues|issue|struggling|struggle with|getting? sleeping|sleep|to_sleep",
    "trouble|difficulty|problems|problem|issues|issue|struggling|struggle sleeping|sleep|to_sleep",
    "lose|losing|lost sleep",
    "poor|bad|broken|terrible|disturbed|interrupted|awful|no|restless sleep|nights",
    "sleepless nights?",
    "sleep is|has_been bad|poor|terrible|awful|broken|disturbed|rubbish|horrible",
    "disturbs|disturbed|ruins|ruined|wrecks|affects|interrupts|interrupted|messes_with|messing_with my? sleep",
    "night|nighttime|night-time|night_time pain|pains",
    "pain|hurts|hurting|aches|aching|worse|bad|throbs|throbbing at|in|during the? night|nights",
    "tossing and turning",
    "up several|few|many|multiple times a|at|every|each? night",
)
_add("night_waking", "not|barely|hardly|never sleeping|sleep|slept well|much|properly|through_the_night?")
_add(
    "not:night_waking",
    "sleep|sleeping|slept fine|well|ok|okay|alright|great|good|soundly|normally|through_the_night|like_a_baby|ok_at_night|fine_at_night",
    "sleep|sleeping is|has_been|are fine|ok|okay|good|normal|great|unaffected|alright",
    "sleep through the night",
)

_add(
    "_mstiff",
    "morning|mornings|am stiffness|stiff|stiffnes|stifness",
    "stiff|stiffness|stiffer|stiffen|stiffens|stifness|stiffnes|rigid ~2 in the? morning|mornings|am",
    "stiff|stiffness|stiffer|rigid ~2 when|as_soon_as|after i? wake|get|first_wake|first_get|first_get_up|first_wake_up up?",
    "stiff|stiffness|stiffer|rigid first thing|things",
    "wake|wakes|waking|woke|get|getting|got up stiff|so_stiff|really_stiff|very_stiff",
    "stiff|stiffness as_soon_as|when|after|upon i? get|getting|wake|waking|rise|rising out_of? bed",
)
_add(
    "_mstiff_long",
    "takes|take|took|taking me? ages|forever|hours|an_hour|a_long_time|a_long_while|half_the_morning|all_morning to loosen|warm|get limber|going|moving|up?",
)

_add(
    "hip_stiffness_rotation",
    "stiff|tight|locked|rigid|stiffened|tightness hip|hips|hip_joint|hip_joints",
    "hip|hips|hip_joint ~ is|are|feel|feels|feeling|get|gets|getting|has_been|have_been ~ stiff|tight|locked|rigid|locked_up",
    "hip stiffness|tightness|rotation|stiff",
    "can't|cant|cannot|couldn't|hard_to|difficult_to|trouble|difficulty|struggle_to|struggling_to|unable_to|hurts_to|painful_to|pain_when_i|hard|trouble_with rotate|rotating|turn|turning|twist|twisting|swivel|swiveling my|the? hip|hips|leg|legs in|out|inward|outward|inwards|outwards?",
    "limited|reduced|less|poor|restricted|decreased|stiff|loss_of hip? rotation|range_of_motion|motion|movement|mobility in|of my|the? hip|hips",
    "limited|reduced|less|poor|restricted|decreased|loss_of hip rotation|range_of_motion|motion|movement|mobility",
    "hip|hips doesn't|don't|dont|doesnt|won't|wont rotate|turn|move",
    "cross|crossing|crossed my? legs|leg",
    "hard|difficult|trouble|struggle|struggling|can't|cant|cannot|difficulty|tough|impossible|awkward to? put|putting|get|getting|pull|pulling on? my? socks|shoes|sock|shoe|boots|shoes_and_socks on?",
    "tie|tying my? shoes|shoelaces|laces",
)
_add(
    "not:hip_stiffness_rotation",
    "hip|hips|hip_joint ~ @NEGAUX ~ stiff|tight|locked|rigid",
    "no|not|never stiff|stiffness|tight|tightness|stiffness_or_tightness in|of @MY? hip|hips",
)

_add(
    "lateral_hip_pain",
    "side|sides|outside|outer_side|outer_part|outer_edge of @MY? left|right? hip|hips|thigh|thighs|hip_bone",
    "outer|lateral|outside hip|hips|thigh|thighs",
    "my|the|her|his? left|right? outer|lateral hip|hips|thigh|thighs",
    "hip|hips|thigh bursitis",
    "bursitis",
    "trochanter|trochanteric|greater_trochanter|trochanteric_bursitis",
    "lie|lying|lay|laying|sleep|sleeping|lie_down on my|that|the|this left|right|bad|sore|painful|affected? side",
    "hip pain? on the outside",
    "iliotibial band",
)

_add(
    "pain_above_belt",
    "above|over @MY? belt|belt_line|beltline|belt-line|waist|waistline|waistband|waist_line",
    "above and|& below|under|beneath @MY? belt|belt_line|beltline|belt-line|waist|waistline|waistband|waist_line",
    "upper|middle|mid|mid- back",
    "mid-back|midback|upper-back",
    "middle|center|centre|top of @MY? back",
    "higher up in|on? @MY? back|spine",
    "up higher in|on? @MY? back",
    "up my|the spine|back",
    "thoracic|upper_lumbar",
)
_add(
    "not:pain_above_belt",
    "below|under|beneath @MY? belt|belt_line|beltline|belt-line|waist|waistline|waistband|waist_line",
)

_add(
    "pain_below_knee",
    "below|past|beyond|under|passed|lower_than|further_than|farther_than|further_down_than @MY? knee|knees",
    "down|into|to|towards|toward|through|thru to|into|through? @MY? ~ calf|calves|shin|shins|foot|feet|ankle|ankles|toes|toe|heel|heels|lower_leg|sole|soles|big_toe",
    "calf|calves|shin|shins|foot|feet|ankle|ankles|heel|lower_leg pain|pains|hurts|hurt|aches|ache|aching|is_sore|are_sore|cramps|is_painful|too",
    "pain|pains|ache|aching|aches|hurts|hurting|sore|soreness|cramps|cramping in|on @MY? calf|calves|shin|shins|foot|feet|ankle|ankles|heel|lower_leg",
    "all the way down @MY? leg|legs|to_my_foot|to_the_foot",
    "whole|entire leg",
    "down @MY? whole|entire leg",
)
_add(
    "not:pain_below_knee",
    "stays|stay|stayed|staying|stops|stop|stopped|ends|end|ended|only_goes|goes_only|only_gets|only_travels|only_comes|only_runs|only_down above|at|to|before @MY? knee|knees",
    "above|at @MY? knee|knees",
    "no|not further|farther|lower past|than @MY? knee|knees",
    "only|just down? to|into @MY? thigh|thighs|knee|knees",
    "up to @MY? knee|knees",
)

_add(
    "leg_tingling_numbness",
    "tingling|tingle|tingles|tingly|tinglin|tingeling|tinglng|tingeling|tingley|tinglings|tinglyness",
    "numb|numbness|numbess|numbnes|numbbness|numbing|numbed|numbish|numbnss|numness",
    "pins_and_needles|pins_&_needles|pins_n_needles|pins_'n'_needles|pins-and-needles|pin_and_needles|pins_and_needle",
    "leg|legs|foot|feet falls|fall|falling|goes|go|going|went|gets|get|fell asleep|to_sleep|dead",
    "dead leg|legs|foot",
    "electric|electrical|electricity shock|shocks|feeling|feelings|sensation|sensations|zap|zaps|jolts|current|like",
    "zaps|zapping|buzzing|prickling|prickly|pricking|crawling_sensation",
)

_add(
    "worse_cough_sneeze",
    "cough|coughs|coughing|coughed|coff|coffing|caugh|cougher|coughin",
    "sneeze|sneezes|sneezing|sneezed|sneez|sneaze|sneazing|snezing|sneazes|snease|sneezin|sneezng",
    "straining|strain_on_the_toilet|bear_down|bearing_down|bowel_movement|bowel_movements",
    "laugh|laughing|laughs",
    "blow|blowing my nose",
)

_add(
    "pain_centralizes",
    "/centrali[sz]\\w*/|/centeraliz\\w*/",
    "moves|move|moving|moved|goes|go|going|went|travels|travel|shifts|shift|comes|come|retreats|retreat|pulls|pull|draws|creeps back? up? into|to|toward|towards @MY? middle|center|centre|midline|spine|middle_of_my_back",
    "moves|move|moving|moved|goes|go|going|went|travels|comes|come|retreats|retreat|shifts|shift|creeps back up? into|to @MY? back|spine|lower_back|low_back",
    "moves|move|moving|moved|goes|go|going|went|travels|shifts|shift|comes|come|retreats|creeps from|out_of @MY? leg|legs|thigh|calf|buttock|butt ~ into|to|up_into|up_to|back_into|back_to|toward|towards @MY? back|lower_back|low_back|spine|middle",
    "leg pain|symptoms goes|go|went away|disappear|disappears|fades|fade|eases and the? pain? moves|goes|stays|is_just|centralizes into|in? my? back",
)

_add(
    "neg:fall_on_buttock",
    "fell|fall|falls|falling|fallen|injury|injuries|trauma|accident|accidents|injured|slipped|tripped",
)
_add(
    "fall_on_buttock",
    "fell|fall|falling|falls|landed|land|landing|lands|slipped|slip|tripped|dropped|came_down|crashed *4 on|onto|on_to|flat_on @MY? @BUTT|hip_and_butt|behind|bottom|rear|seat",
    "fell|fall|falling|landed|landing|slipped|slip|tripped|came_down|came_crashing_down|sat_down hard|right|flat|straight|backwards ~2 on|onto|on_to @MY? @BUTT",
    "a|that fall|slip|tumble onto|on|on_to @MY? @BUTT",
    "missed a|the|my chair|seat|step and? ~3 landed|fell on|onto @MY? @BUTT",
    "sat|plopped down hard|too_hard on? @MY? @BUTT?",
    "butt|bum|tailbone|buttock fall",
)

_add(
    "pregnancy_related",
    "pregnant|pregnancy|pregnancies|pregant|pregnent|pregnat|pragnant|preggo|preggers|pregnacy|pregancy|prenancy|pregnate",
    "since|after|following|during|with|from|before having|the_birth_of|birth_of|giving_birth_to|i_had|having_had|delivering|i_delivered|i_gave_birth_to|i_was_pregnant_with? my|our|the|a? first|second|third|fourth|last|youngest|eldest|oldest|2nd|3rd? baby|son|daughter|twins|kids|child|children|little_one|boy|girl|kid|pregnancy|pregnancies",
    "since|after|when my|our baby|son|daughter|twins|child|kid|boy|girl|youngest was born|arrived",
    "gave|give|giving|given birth",
    "childbirth|child_birth|child-birth|labor|labour|postpartum|post-partum|post_partum|postnatal|post-natal|post_natal|afterbirth|cesarean|caesarean|c-section|c_section|csection|c_-_section|c-sections",
    "after|since|following the? delivery|birth|labor|labour",
    "was|were|am|i'm|im|while|when expecting",
    "had a|my|our first|second|third|2nd|3rd? baby|son|daughter|twins|kid",
    "new|first-time|first_time|new_ish mom|mum|mother|mommy|mama|parent",
    "newborn|breastfeeding|nursing_my_baby",
)

_add(
    "prior_lumbar_fusion",
    "fusion|fusions|fused|fuse|fusing|fusion_surgery|spinal_fusion|back_fusion|lumbar_fusion",
    "rods|rod|screws|screw|hardware|cage|cages|plates|pedicle_screws|metal|metalwork and_screws|and_rods? in|put_in|into|inserted_in @MY? back|spine|lower_back|lumbar|l4|l5",
    "tlif|plif|alif|xlif|olif|llif|laminectomy_and_fusion",
    "back|spine|spinal|lumbar surgery|operation with|and|that_put_in ~ rods|screws|hardware|cage|cages|plates|pedicle_screws",
    "rods|screws|hardware|cage|cages|pedicle_screws at|in|from|between /[ls][1-5]/",
)
_add(
    "_ignore",
    "si|sij|sacroiliac|si-joint|si_joint|sacroiliac_joint|neck|cervical|c5|c6|c4|wrist|ankle|toe joint? fusion|fused",
    "fusion|fused of|in @MY? si|sij|sacroiliac|neck|ankle|wrist|si_joint|sacroiliac_joint",
    "fused|fuse|fusing my|the|their? si|sij|sacroiliac|neck|ankle|wrist|joint",
)
_add(
    "not:prior_lumbar_fusion",
    "no|never|not|without|zero any|previous|prior|past? back|spine|spinal|lumbar|lower_back? surgery|surgeries|operations|operation|ops|op",
    "never|haven't|havent|have_not|hasn't|never_had|not_had|didn't_have|didnt_have|not_ever_had had|have? any? back|spine|spinal|lumbar|previous? surgery|surgeries|operation|operations",
    "no|never|not history|hx of? back|spine|spinal? surgery|surgeries|operations",
)

_add(
    "better_with_exercise",
    "@ACTIVITY ~3 @HELPS",
    "@ACTIVITY ~2 makes|make|made it? feel? better|easier|bearable",
    "better|easier|eases|eased|improves|improved|loosens|loosen|loosening|calms|calmer|less_painful|less_pain|relief|relieved|feels_better|feel_better|settles|hurt_less|hurts_less|ached_less|aches_less|goes_away|go_away|went_away|disappears|eases_off|settles_down|calms_down ~2 with|after|when|if|once|by|from|as ~3 @ACTIVITY",
    "loosens|loosen|loosening|warms|warm up ~2 as|once|when|after|with ~2 @ACTIVITY",
    "walk|walking|walked it|them off",
)
_add(
    "not:better_with_exercise",
    "@ACTIVITY ~2 makes|make|made|aggravates|aggravate|aggravated|irritates|flares|flare|triggers|sets_off it|things|the_pain? worse|up|off|more_painful",
    "@ACTIVITY ~2 worsens|worse|hurts|hurt|kills|aggravates|flares|irritates",
    "worse|aggravated|flares|flared|hurts_more|more_pain|more_painful ~2 with|after|when|if|during|by|from ~2 @ACTIVITY",
    "worse|aggravated|flares|flared|hurts_more|more_pain|more_painful @ACTIVITY",
    "@ACTIVITY @NEGAUX really|seem_to|even? help|helps|helped|work|works|make_a_difference|change_anything",
    "@ACTIVITY does|did|do nothing",
)

_add(
    "nsaid_response",
    "@NSAID tablets|pills|meds|gel|cream|medication|medicine|tabs? ~3 @HELPS",
    "@NSAID ~2 makes|make|made it? better|bearable|tolerable|go_away",
    "relief|helps|help|better|improves|improved|improvement|relieved|relieves from|with|on|after|by|when_i_take|if_i_take ~2 @NSAID",
    "@NSAID helps|help|works a_lot|a_bit|somewhat|some",
    "respond|responds|responded to ~ @NSAID",
)
_add(
    "not:nsaid_response",
    "@NSAID ~2 @NEGAUX really|seem_to|even|do|actually? help|helps|helped|work|works|worked|touch|touches|do_anything|do_much|make_a_difference|make_any_difference|change_anything",
    "@NSAID ~2 does|did|do nothing|zilch|squat|little",
    "@NSAID is|are|was|were|been useless|no_help|no_good|not_helpful|not_helping|ineffective|not_effective|not_working|not_doing_anything",
    "@NSAID ~ barely|hardly|rarely touches|touch|helps|help|works|work|does_anything",
    "no|zero|little|without relief|help|benefit|difference from|with|on ~ @NSAID",
)

# --------------------------------------------------------------------------------------------
# Treatments tried (label TREATMENT): negated only by a cue *before* them ("no PT yet"),
# never by what follows ("PT didn't help" still means PT was tried).
# --------------------------------------------------------------------------------------------
TREATMENT_PATTERNS: List[Tuple[str, str]] = []


def _treat(concept: str, *patterns: str) -> None:
    TREATMENT_PATTERNS.extend((concept, p) for p in patterns)


_treat(
    "tried_physical_therapy",
    "physical therapy|therapist|therapists|thearpy|therepy|theraphy|therapy's",
    "phisical|physcial|pysical|phyiscal|physica|phsyical|fysical|physical- therapy|therapist",
    "physiotherapy|physiotherapist|physiotherapists|physio|physios|physio_therapy|physiotheraphy|fisio|physiotherepy",
    "pt|p.t.|p.t",
    "therapy|therapist|rehab|rehabilitation",
    "home exercise|exercises program|programme|plan|routine?",
    "exercise|exercises|stretches|stretching_program from|by|with|given_by @MY? ~ therapist|physio|pt|physiotherapist|physical_therapist",
    "mckenzie|mc_kenzie exercises|method|therapy?",
    "dry needling",
)
_treat(
    "_ignore",
    "massage|talk|cognitive|occupational|speech|group|couples|music|art|light|heat|ice|cold|hormone|ivf|gene therapy|therapist",
    "cbt",
)
_treat("tried_medication", "@NSAID", "@OTHERMEDS")
_treat(
    "tried_injections",
    "injection|injections|injected|injecton|injectons|injeciton|injetion|injections|shot|shots|cortisone|cortizone|epidural|epidurals|epideral|prp|prolotherapy|/injec\\w*/",
    "steroid|cortisone|si|joint|facet|trigger_point|nerve|numbing shot|shots|injection|injections",
    "nerve|si|sij|si_joint|joint|facet|medial_branch|diagnostic|sacroiliac block|blocks",
    "had|got|get|getting|tried it|them|my_si_joint|my_back|my_hip injected",
)
_treat(
    "_ignore",
    "shot|shots|shoots|shooting down|up|through|into|across|out|pain|pains|from",
    "shot of pain|agony",
    "flu|covid|tetanus|booster|vaccine|b12 shot|shots|injection|injections",
    "a|my shot at",
    "give|gave it a shot",
    "long shot",
)
_treat(
    "tried_chiropractic",
    "chiropractor|chiropractors|chiro|chiros|chiropractic|chiropracter|chiropracor|chiroprator|chiropracters|chriopractor|chiropratic|chiropractor's|chiropracticer|chiropraktor|chirpractor|chiropractor,",
    "adjusted|adjustments|adjustment|manipulation|manipulations|manipulated",
    "crack|cracked|cracking|cracks my|the back|spine",
    "back|spine cracked",
)
_treat(
    "tried_rfa",
    "rfa|radiofrequency|radio_frequency|radio-frequency|ablation|ablations|ablated|rhizotomy|neurotomy|coolief|rf_ablation|radiofrequency_ablation",
    "burn|burned|burnt|burning|cauterize|cauterized|zap|zapped the|my nerve|nerves",
    "nerve|nerves burning|burned|burnt|ablation|zapped|killed",
)
_treat(
    "_conservative",
    "conservative|non-surgical|nonsurgical|non_surgical|nonoperative|non-operative care|treatment|treatments|management|therapy|measures|stuff|options|route",
)

# --------------------------------------------------------------------------------------------
# Side (label SIDE): where the pain is, and whether it changes sides.
# --------------------------------------------------------------------------------------------
SIDE_PATTERNS: List[Tuple[str, str]] = []


def _side(concept: str, *patterns: str) -> None:
    SIDE_PATTERNS.extend((concept, p) for p in patterns)


for _word, _concept in (("l", "left"), ("r", "right")):
    _side(_concept, f"{_word} - sided|side", f"{_word} sided|side", f"{_word} @BODY")
for _word, _concept in (("left", "left"), ("right", "right"), ("lt", "left"), ("rt", "right"),
                        ("lef", "left"), ("rigth", "right"), ("rite", "right"), ("rght", "right")):
    _side(
        _concept,
        f"on|to|in|at|along|down|around|over the|my|her|his {_word}",
        f"the|my|her|his {_word} ~ @BODY",
        f"{_word} - sided|side|hand",
        f"{_word}-sided|{_word}sided",
        f"only|just|mostly|mainly|always|usually|solely|purely|exclusively|entirely on? the|my? {_word}",
        f"{_word} ~ @BODY",
        f"{_word} only|one",
        f"the|my {_word}",
    )
_side("_ignore",
      "roll|rolls|rolling|rolled|turn|turns|turning|turned|flip|flipping|toss|tossing|rock|rocking|sway|swaying|shift|shifting|lean|leaning|bend|bending|twist|twisting from? side to side",
      "the|my right|left place|person|people|doctor|doc|thing|things|way|track|time|answer|answers|treatment|direction|fit|choice|specialist|clinic|questions|question|words|now|to|number|idea|kind|type|sort|decision|option|approach|move|call|test|quiz|lane|turn|word|mind|amount|dose|size|shoes",
      "right now|away|after|before|there|here|when|where|in|at|on|next|around|about|by",
      "left over|behind|out|alone|work|home",
      "all right|alright|that's_right|thats_right")
_side(
    "both",
    "both sides|side|buttocks|butt_cheeks|cheeks|glutes|hips|legs|sij|si_joints|joints|bum_cheeks|of_my_buttocks|of_my_hips|of_my_legs|of_my_back",
    "on|in|at both",
    "bilateral|bilaterally|bi-lateral|bilat",
    "either|each|every side|sides",
    "left and|& right|rite",
    "right and|& left",
    "both left and right",
    "across @MY? ~ back|buttocks|bottom|pelvis",
    "all across",
    "whole|entire lower|low? back",
    "two sides",
    "the|my other side|one too|as_well|also",
)
_side(
    "one",
    "one|1|a_single|single side|sided",
    "one - sided",
    "one-sided|onesided|unilateral|unilaterally|single-sided",
    "only|just|always|mostly on? one side",
)
_side(
    "alternating",
    "/alternat\\w*/|/alterant\\w*/",
    "/alternat\\w*/|switches|switching|swaps|flips|goes|moves between? left|right and|or|&|to right|left",
    "switch|switches|switching|switched|swap|swaps|swapping|swapped|flip|flips|flipping|flipped|jumps|jump|jumping|jumped|moves|move|moving|moved|shifts|shift|shifting|shifted|changes|change|changing|changed|goes|go|going|went|travels|bounces|bouncing|wanders|migrates ~ from? sides|side",
    "from? one side to the other",
    "from? side to side",
    "moves|move|moving|moved|switches|switching|alternates|jumps|jumping|goes|going|shifts|shifting|flips|flipping|travels back_and_forth? between @MY? left and @MY? right ~ @BODY?",
    "moves|move|moving|moved|switches|switching|alternates|jumps|jumping|goes|going|shifts|shifting|flips|flipping|travels back_and_forth? between @MY? sides|buttocks|cheeks|glutes|butt_cheeks|hips",
    "back and forth between? the? sides|left_and_right|buttocks|cheeks|glutes?",
    "sometimes on? the|my? left ~3 sometimes|other_times|and_sometimes|then|or on? the|my? right",
    "sometimes on? the|my? right ~3 sometimes|other_times|and_sometimes|then|or on? the|my? left",
    "one side ~ then|and_then|and the other",
    "left one day ~3 right",
    "right one day ~3 left",
    "varies|changes|different which|what side",
    "switch|switches|switching|switched|moves|move|moving|moved|shifts|shift|shifting|shifted|jumps|jumping|jumped|flips|flipped|swaps|swapped|goes|went over? to the|my other|opposite side|one",
    "some days left ~3 right",
    "some days right ~3 left",
    "either side depending on the day",
    "left and then right|left_again",
    "right and then left|right_again",
)

# Typos of words that the lexicon uses, beyond what one edit away finds on its own.
TYPOS: Dict[str, str] = {
    "grion": "groin", "groyn": "groin", "sittin": "sitting",
    "sitng": "sitting", "stiars": "stairs", "bck": "back", "buttox": "buttocks",
    "tailbon": "tailbone", "numbb": "numb", "numm": "numb", "nmb": "numb", "tinglin": "tingling",
    "snease": "sneeze", "coff": "cough", "coffing": "coughing", "caugh": "cough",
    "pregent": "pregnant", "pregnet": "pregnant", "kne": "knee", "nee": "knee", "kee": "knee",
    "knea": "knee", "kness": "knees", "hipp": "hip", "hps": "hips", "bak": "back",
    "stiffnes": "stiffness", "stifness": "stiffness", "stif": "stiff", "morning's": "mornings",
    "mornin": "morning", "mornign": "morning", "moring": "morning", "mroning": "morning",
    "nite": "night", "slep": "sleep",
    "physio's": "physios", "chiro's": "chiros", "lft": "left", "rght": "right", "rigt": "right",
    "rihgt": "right", "rigth": "right", "calfs": "calves", "shinn": "shin", "ancle": "ankle",
    "exersise": "exercise", "excercise": "exercise", "exercize": "exercise",
    "excersize": "exercise", "excersise": "exercise", "walkin": "walking", "stnd": "stand",
    "standng": "standing", "standin": "standing", "gettin": "getting", "geting": "getting",
    "siting": "sitting", "sittng": "sitting", "stting": "sitting", "sittig": "sitting",
    "ibuprophen": "ibuprofen", "ibuprofin": "ibuprofen", "iboprofen": "ibuprofen",
    "ibuprofren": "ibuprofen", "advill": "advil", "alleve": "aleve", "tylenal": "tylenol",
    "injectoin": "injection", "injektion": "injection",
    "chiropracter": "chiropractor", "chiropracor": "chiropractor", "chirpractor": "chiropractor",
    "physiotherapie": "physiotherapy", "therapie": "therapy",
    "abve": "above", "abov": "above", "bellt": "belt", "butcheek": "buttcheek",
    "buttcheeck": "buttcheek", "dimpel": "dimple", "dimpels": "dimples", "dimpple": "dimple",
    "rollin": "rolling", "rolliing": "rolling", "turnin": "turning", "pregnanacy": "pregnancy",
    "preganancy": "pregnancy", "pregnency": "pregnancy",
}

# Words worth mending when a patient misspells them by one letter ("tinglig", "buttcok"). Only
# distinctive symptom and treatment words: common words one edit away from ordinary English
# ("rising" / "riding") are not here, and their usual misspellings are in TYPOS instead.
FUZZY_TARGETS = [
    "groin", "buttock", "buttocks", "sitting", "tailbone", "tingling", "tingles", "numbness",
    "sneeze", "sneezing", "sneezes", "coughing", "stairs", "staircase", "pregnant", "pregnancy",
    "injection", "injections", "epidural", "epidurals", "chiropractor", "chiropractic",
    "physiotherapy", "physiotherapist", "physical", "therapy", "therapist", "ibuprofen",
    "naproxen", "diclofenac", "celebrex", "meloxicam", "stiffness", "morning", "mornings",
    "dimple", "dimples", "pelvis", "fusion", "radiofrequency", "ablation", "bursitis",
    "trochanter", "alternates", "alternating", "centralizes", "centralises", "exercise",
    "exercises", "exercising", "stretching", "cortisone", "steroid", "medication", "medications",
    "painkillers", "acetaminophen", "tylenol", "gabapentin", "postpartum", "childbirth",
    "bilateral", "unilateral", "sacroiliac", "coccyx", "gluteal", "sciatic", "needles",
    "tingly", "buttcheek", "buttcheeks", "fingertip", "pinpoint", "localized", "localised",
    "delivery", "caesarean", "cesarean", "laminectomy", "rhizotomy", "neurotomy", "physio",
    "chiropracter", "injected", "coughs", "sneezed", "coughed", "numbing", "waking",
]

# Real English words one edit away from a lexicon word: never "correct" them.
PROTECTED_WORDS = {
    "deliver", "delivers", "delivered", "sciatica", "localises", "localizes", "localise",
    "localize", "physics", "physic", "steroids", "coughed", "morning", "therapy", "therapies",
    "setting", "settings", "fitting", "hitting", "pitting", "kitting", "sifting", "sitter",
    "sitters", "tinkling", "jingling", "mingling", "dumbness", "infection", "infections",
    "mourning", "exorcise", "grains", "single", "jingle", "mingle", "tinge", "couch", "rough",
    "tough", "dough", "bough", "stars", "stir", "stirs", "pregnancy", "pregnant", "morning",
    "mornings", "warning", "burning", "turning", "learning", "earning", "yearning", "running",
    "ruining", "tuning", "fusing", "musing", "using", "cousin", "fission", "fashion", "motion",
    "lotion", "notion", "potion", "nation", "buttons", "button", "mutton", "glutton",
    "stitching", "switching", "stitch", "stiffen", "staff", "stuff", "stuffy", "snooze",
    "breeze", "freeze", "squeeze", "frees", "beside", "besides", "inside", "outside", "aside",
    "asides", "sides", "tides", "rides", "hides", "brides", "guides", "slides", "strides",
    "ranking", "banking", "thanking", "thinking", "shrinking", "drinking", "blinking",
    "sinking", "linking", "winking", "standard", "standards", "landing", "handing", "sanding",
    "bending", "ending", "sending", "tending", "vending", "lending", "mending", "rending",
    "pending", "spending", "staring", "sharing", "scaring", "starring", "steering", "stirring",
    "storing", "stories", "starts", "stares", "stairs", "states", "stains", "stalls", "steps",
    "stops", "shops", "chairs", "charts", "chains", "trains", "brains", "drains", "strains",
    "sprains", "strain", "sprain", "moving", "loving", "roving", "proving", "shoving",
    "waking", "making", "taking", "baking", "faking", "raking", "shaking", "walking", "talking",
    "balking", "calking", "stalking", "rolling", "polling", "tolling", "lolling", "calling",
    "falling", "balling", "walling", "stalling", "filling", "killing", "willing", "billing",
    "drilling", "grilling", "thrilling", "spilling", "chilling", "tingles", "shingles",
    "shingle", "singles", "tangle", "tangles", "tangled", "tangling", "tingled", "single",
    "dancing", "glancing", "lancing", "prancing", "chancing", "sneer", "sneers", "sneaky",
    "coughs", "laughs", "boughs", "doughs", "fused", "fuses", "mused", "muses", "amused",
    "abused", "accused", "caused", "paused", "refused", "housed", "roused", "focused",
    "rotate", "rotated", "related", "relates", "relaxed", "relapse", "related", "bottle",
    "button", "bottoms", "butter", "batter", "better", "bitter", "butler", "bullet", "buttered",
    "glue", "glues", "glued", "gluten", "flutes", "flute", "cheeks", "checks", "chicks",
    "cheese", "cheesy", "cheery", "cheers", "sheets", "creek", "greek", "groan", "groans",
    "groaned", "grin", "grins", "grown", "growing", "groin", "groins", "grain", "rain", "train",
    "dimly", "simple", "sample", "temple", "ample", "pimple", "pimples", "wimple", "rumple",
    "dimpled", "nigh", "knight", "eight", "sight", "light", "might", "fight", "tight", "right",
    "bright", "flight", "fright", "height", "weight", "wright", "rights", "lights", "nights",
    "sleek", "sleet", "sleep", "sleeps", "steep", "sweep", "slept", "swept", "stiffly",
    "sniffles", "sniff", "sniffs", "scuff", "scuffs", "bluff", "fluff", "stuffs",
    "excise", "exercises", "exercised", "exerciser", "rehab", "rehabs", "physic", "physics",
    "physical", "physician", "physicians", "chiropody", "ablaze", "ablation", "medication",
    "meditation", "meditating", "mediation", "dedication", "indication", "indications",
    "injection", "injections", "inspection", "inspections", "rejection", "infected",
    "injected", "affected", "effected", "reflected", "rejected", "inflected", "insertion",
    "numbers", "number", "numbed", "lumber", "lumbar", "lumbago", "climber", "plumber",
    "dumber", "number", "sitcom", "position", "positions", "possession", "positioned",
    "paining", "painting", "printing", "pointing", "painted", "pained", "paint", "point",
    "pints", "pint", "points", "pinpoint", "waist", "waits", "wrist", "twist", "wrists",
    "twists", "belts", "bolts", "melt", "felt", "dealt", "knees", "kneel", "kneels", "knelt",
    "kneed", "needs", "knead", "tingly", "jingly", "tightly", "nightly", "rightly", "lightly",
    "slightly", "sightly", "sprightly", "knightly", "mightily", "sleeping", "sweeping",
    "seeping", "steeping", "sleeper", "sleepers", "creeping", "keeping", "peeping", "weeping",
    "leaping", "heaping", "reaping", "turning", "burning", "churning", "spurning", "learning",
    "returning", "gluteus", "colitis", "bursts", "bursting", "burst", "bursar", "cursing",
    "nursing", "pursing", "thrusting", "trusting", "rusting", "dusting", "lusting", "busting",
}
