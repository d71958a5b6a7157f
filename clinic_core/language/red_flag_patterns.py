"""Red-flag lexicon: DATA for ``clinic_core.triage`` (no logic beyond a pattern expander).

"ev" below = /work/shared/research/clinical-evidence.md (section 2: red flags and the action each
warrants). Every flag in ``FLAGS`` names the section and source it rests on.

How the lexicon is read
-----------------------
Text is matched in small pieces ("atoms": a body part, a sensation word, a bladder word, a risk
factor...). ``clinic_core.triage`` then combines atoms that belong together in one clause
("numb" + "down there" -> saddle numbness) and decides negation, time ("years ago"), who it is
about ("my mom") and hypotheticals ("what if") around them. Writing atoms rather than whole
sentences is what lets one entry cover the many ways people say the same thing.

Pattern notation (expanded by ``expand``): slots separated by spaces; ``a|b`` = alternatives;
a trailing ``?`` makes a slot optional; ``_`` joins words inside one alternative; ``@name``
inserts the alternatives of ``MACROS[name]``. Matching is on lower-cased tokens.
"""
from __future__ import annotations

import itertools
import re
from typing import Dict, Iterable, List, Tuple

# ------------------------------------------------------------------------------------------
# Flags: id -> level and source (ev = clinical-evidence.md)
# ------------------------------------------------------------------------------------------

EMERGENCY, URGENT, CHECK = "emergency", "urgent", "check"

FLAGS: Dict[str, Dict[str, str]] = {
    # --- emergency: go to the emergency department now -------------------------------------
    "saddle_numbness": {
        "level": EMERGENCY,
        "source": "ev §2.1 BASS 2018 via NHS Cornwall (saddle or genital sensory disturbance); "
                  "NICE CKS (saddle anaesthesia/paraesthesia); BMJ Best Practice CES; ev §2.3 row 1",
    },
    "bladder_bowel_change": {
        "level": EMERGENCY,
        "source": "ev §2.1 NICE CKS (loss of bladder/bowel control, retention); BASS 2018 "
                  "(difficulty initiating micturition, impaired sensation of urinary flow); ev §2.3 row 1",
    },
    "bilateral_leg_weakness": {
        "level": EMERGENCY,
        "source": "ev §2.1 BASS 2018 (severe or progressive bilateral neuro deficit); BMJ BP "
                  "(bilateral leg deficit); ev §2.3 row 1",
    },
    "cannot_move_legs": {
        "level": EMERGENCY,
        "source": "ev §2.1 NICE CKS (severe neurological deficit in the lower extremities); ev §2.3 row 1",
    },
    "fever_with_risk_factor_and_weakness": {
        "level": EMERGENCY,
        "source": "ev §2.1 spinal epidural abscess (risk factors IV drug use, immunosuppression, "
                  "recent spinal procedure; 'time to paralysis once weakness is present is 24 h'); "
                  "ev §2.3 row 2 (EMERGENCY with weakness)",
    },
    "fever_with_new_weakness": {
        "level": EMERGENCY,
        "source": "ev §2.3 row 2 ('any new leg weakness with fever' -> EMERGENCY); BMJ BP SEA",
    },
    "cancer_with_new_weakness": {
        "level": EMERGENCY,
        "source": "ev §2.1 NICE NG234 metastatic spinal cord compression; ev §2.3 row 3; Downie 2013",
    },
    "aortic_tearing_pain_faint": {
        "level": EMERGENCY,
        "source": "ev §2.1 freefrombackpain.org (abdominal aortic aneurysm 'requires immediate "
                  "action'); ev §2.3 row 7",
    },
    "trauma_cannot_bear_weight": {
        "level": EMERGENCY,
        "source": "ev §2.3 row 5 ('EMERGENCY if neuro deficit or cannot bear weight after major trauma')",
    },
    "cauda_equina_symptoms": {
        "level": EMERGENCY,
        "source": "ev §2.1 BASS 2018 / BMJ BP CES (patient said yes to the combined safety question)",
    },
    # --- urgent: same-day care ---------------------------------------------------------------
    "progressive_leg_weakness": {
        "level": URGENT,
        "source": "ev §2.3 row 6 (regional pathway 'new or progressive neurological deficit: "
                  "urgent same day'; ACP/APS 2007 rec 3)",
    },
    "foot_drop": {
        "level": URGENT,
        "source": "ev §2.3 row 6 (progressive unilateral weakness, e.g. foot drop: URGENT same day)",
    },
    "significant_trauma": {
        "level": URGENT,
        "source": "ev §2.1 NICE CKS fracture (major trauma); ev §2.2 Henschke 2009, Downie 2013 "
                  "(severe trauma post-test 11 %); ev §2.3 row 5",
    },
    "minor_fall_with_bone_risk": {
        "level": URGENT,
        "source": "ev §2.1 NICE CKS (minor trauma with osteoporosis or corticosteroids); ev §2.2 "
                  "Henschke 2009 (age > 70, prolonged steroids); ev §2.3 row 5",
    },
    "fever_with_back_pain": {
        "level": URGENT,
        "source": "ev §2.1 NICE CKS infection (fevers/chills/rigors); ev §2.3 row 2 "
                  "(URGENT same day without deficit)",
    },
    "post_procedure_infection_signs": {
        "level": URGENT,
        "source": "ev §2.1 SEA risk factors (recent spinal procedure); NICE CKS infection; ev §2.3 row 2",
    },
    "cancer_or_weight_loss_with_night_pain": {
        "level": URGENT,
        "source": "ev §2.1 NICE CKS cancer (history of cancer, night pain unrelieved by position, "
                  "unexplained weight loss); Deyo 1988; ev §2.3 row 4",
    },
}

# "check" reasons: an unclear mention; ask one yes/no question (CHECK_QUESTIONS) instead of guessing.
CHECK_REASONS = {
    "possible_saddle_numbness": "saddle_numbness",
    "possible_bladder_bowel_change": "bladder_bowel",
    "possible_bilateral_leg_symptoms": "both_legs",
    "possible_leg_weakness": "leg_weakness_worse",
    "possible_fever": "fever_now",
    "possible_cancer_pain": "night_or_constant_pain",
    "possible_aortic_pain": "faint_with_pain",
    "possible_cauda_equina": "safety_general",
}

# Question id -> (question, the result of a "yes": level, reason). Plain words, one question.
CHECK_QUESTIONS: Dict[str, Tuple[str, str, str]] = {
    "saddle_numbness": (
        "Quick safety check: is the numbness or tingling between your legs, around your bottom or "
        "private parts (where you sit on a bike seat), and is it new?",
        EMERGENCY, "saddle_numbness"),
    "bladder_bowel": (
        "Quick safety check: is there anything new with your bladder or bowels, like leaking, "
        "not being able to hold it, trouble starting to pee, or not feeling when you pee?",
        EMERGENCY, "bladder_bowel_change"),
    "both_legs": (
        "Quick safety check: are both of your legs weak or numb, or are you unable to move your "
        "legs properly?",
        EMERGENCY, "bilateral_leg_weakness"),
    "leg_weakness_worse": (
        "Quick safety check: is the weakness in your leg getting worse, or does your foot drag or "
        "slap when you walk?",
        URGENT, "progressive_leg_weakness"),
    "fever_now": (
        "Quick safety check: do you have a fever, chills or shivers now, or did you have them in "
        "the last few days?",
        URGENT, "fever_with_back_pain"),
    "night_or_constant_pain": (
        "Quick safety check: is your pain there all the time, or does it wake you at night even "
        "when you lie still?",
        URGENT, "cancer_or_weight_loss_with_night_pain"),
    "faint_with_pain": (
        "Quick safety check: did this pain start suddenly, and do you feel faint, dizzy or sweaty?",
        EMERGENCY, "aortic_tearing_pain_faint"),
    "safety_general": (
        "Quick safety check: is any of this new for you: numbness between your legs or around "
        "your bottom, trouble holding or starting your pee or poo, or weakness or numbness in "
        "both legs?",
        EMERGENCY, "cauda_equina_symptoms"),
}
DEFAULT_CHECK_QUESTION = "safety_general"

# One plain sentence per flag for the alert ("why"). Reading level: short words, short sentences.
WHY: Dict[str, str] = {
    "saddle_numbness": "New numbness between the legs or around the bottom can mean the nerves at "
                       "the base of the spine are squeezed, and that needs treatment within hours.",
    "bladder_bowel_change": "New trouble with your bladder or bowels can mean the nerves at the base "
                            "of the spine are squeezed, and that needs treatment within hours.",
    "bilateral_leg_weakness": "Weakness or numbness in both legs can mean the nerves in your spine "
                              "are squeezed, and that needs treatment within hours.",
    "cannot_move_legs": "Not being able to move your legs can mean the nerves in your spine are "
                        "squeezed, and that needs treatment within hours.",
    "fever_with_risk_factor_and_weakness": "A fever with new weakness can mean an infection near "
                                           "the spine, and that needs treatment within hours.",
    "fever_with_new_weakness": "A fever with new weakness can mean an infection near the spine, "
                               "and that needs treatment within hours.",
    "cancer_with_new_weakness": "New weakness or numbness after cancer can mean pressure on the "
                                "spinal cord, and that needs to be checked within hours.",
    "aortic_tearing_pain_faint": "Sudden tearing pain with feeling faint can be a problem with a "
                                 "large blood vessel, and that needs help right away.",
    "trauma_cannot_bear_weight": "Not being able to stand after a big accident can mean a broken "
                                 "bone, and that needs to be checked right away.",
    "cauda_equina_symptoms": "These signs can mean the nerves at the base of the spine are "
                             "squeezed, and that needs treatment within hours.",
    "progressive_leg_weakness": "A leg that keeps getting weaker should be checked by a doctor today.",
    "foot_drop": "A foot that drags or slaps when you walk should be checked by a doctor today.",
    "significant_trauma": "Back pain after a big accident or fall should be checked today in case "
                          "a bone is broken.",
    "minor_fall_with_bone_risk": "Even a small fall can break a bone when bones are thin, so this "
                                 "should be checked today.",
    "fever_with_back_pain": "Back pain with a fever can mean an infection, so it should be checked today.",
    "post_procedure_infection_signs": "Redness, heat or fever after an injection or surgery can mean "
                                      "an infection, so it should be checked today.",
    "cancer_or_weight_loss_with_night_pain": "Constant or night-time pain after cancer or with weight "
                                             "loss should be checked by a doctor soon, ideally today.",
}

# ------------------------------------------------------------------------------------------
# Risk factors (ids) and their sources
# ------------------------------------------------------------------------------------------

RISK_FACTORS: Dict[str, str] = {
    "cancer_history": "ev §2.1 NICE CKS cancer; ev §2.2 Downie 2013 (history of malignancy 33 %)",
    "iv_drug_use": "ev §2.1 NICE CKS infection (IV drug misuse); SEA risk factor (4-37 %)",
    "immunosuppressed": "ev §2.1 NICE CKS infection (immunosuppression); SEA risk factors",
    "recent_spinal_procedure": "ev §2.1 SEA risk factor (recent spinal procedure)",
    "osteoporosis": "ev §2.1 NICE CKS fracture (minor trauma with osteoporosis)",
    "long_term_steroids": "ev §2.1 NICE CKS; ev §2.2 Henschke 2009, Downie 2013 (prolonged steroids 33 %)",
    "age_over_70": "ev §2.2 Henschke 2009 (age > 70 informative for fracture)",
    "unexplained_weight_loss": "ev §2.1 NICE CKS cancer; ev §2.2 Verhagen 2016",
    # Conversation state that makes a later sign worse (kept with the risk factors so that
    # "I have a fever" then "my leg is getting weaker" escalates across messages).
    "fever": "ev §2.3 row 2 (fever, then new weakness -> EMERGENCY)",
    "recent_major_trauma": "ev §2.3 row 5 (cannot bear weight after major trauma -> EMERGENCY)",
}
INFECTION_RISK = ("iv_drug_use", "immunosuppressed", "recent_spinal_procedure")
BONE_RISK = ("osteoporosis", "long_term_steroids", "age_over_70")
CANCER_RISK = ("cancer_history", "unexplained_weight_loss")

# ------------------------------------------------------------------------------------------
# Macros and atoms
# ------------------------------------------------------------------------------------------

MACROS: Dict[str, str] = {
    "cant": "can't|cant|cannot|can_not|couldn't|couldnt|could_not|unable_to|not_able_to|"
            "can_no_longer|can_hardly|can_barely|hardly|barely|can't_really|cant_really|"
            "haven't_been_able_to|havent_been_able_to|have_not_been_able_to|not_been_able_to|"
            "no_longer|can't_seem_to|cant_seem_to|struggle_to|struggling_to",
    "pee": "pee|peeing|pees|peed|wee|weeing|wees|wee'd|urine|urinate|urinating|urination|"
           "piss|pissing|wee_wee|pee_pee|tinkle|number_one|number_1|pass_water|passing_water|"
           "passed_water|pass_urine|passing_urine|make_water",
    "poo": "poo|poop|pooping|poos|poops|pooed|pooped|pooing|stool|stools|bowel|bowels|"
           "bowel_movement|bowel_movements|number_two|number_2|number_twos|bm|bms|bowel_motion|"
           "faeces|feces|wind|farts|farting|gas|poo's|poops",
    "self": "myself|my_self|my_pants|my_trousers|my_knickers|my_underwear|my_undies|my_boxers|"
            "my_jeans|my_bed|the_bed|my_clothes|my_pajamas|my_pyjamas|my_sheets|the_sheets|"
            "my_nappy|my_diaper",
    "wet_verb": "wet|wetting|wets|peed|pee|peeing|pissed|piss|pissing|wee'd|weeing|wee|"
                "urinated|pooped|poop|pooping|pooed|poo|pooing|shat|shit|shitting|soiled|soil|"
                "soiling|messed|mess|messing|dirtied",
    "num": "numb|numbness|numbed|numbish|numbing|nummness|dead|deadness",
}

# Each atom: label -> {id: [patterns]}. Labels and what triage does with them:
#   BODY       where (saddle, saddle_vague, legs_both, feet_both, leg_one, toes, back, belly, other)
#   NUMB       lost or changed feeling (numb / tingle / odd)
#   WEAK       weakness (weak / giveway / heavy);  COLLAPSE ("collapsed": legs or a faint)
#   CANTMOVE   cannot move;  CANTWALK cannot walk/stand;  GAIT unsteady walking
#   PAIN       pain words (compete with NUMB/WEAK for body parts: "pain in my groin")
#   BLADDER    bladder / bowel / toilet / clothes / wipe / sex words
#   LOSS       loss of control, leaking, accidents, not noticing;  CANT  "can't"-type verbs
#   RETENT     trouble starting or emptying;  FLAG  whole phrases that are a flag on their own
#   FEVER      fever / sweats;  FACTOR  risk factors;  EVENT  trauma and falls
#   WOUND/INFLAM  surgical or injection site + signs of infection
#   TEAR / FAINT / SUDDEN / SEVERE / PULSE   aortic pattern
#   NIGHT      constant or night pain;  FOOTSIGN drag / slap / floppy (with a foot or leg)
#   NEG        negated whole phrases ("I haven't wet myself"): reported as negated mentions only
#   IGNORE     look-alikes that must not match anything ("hay fever", "hot water bottle")
ATOMS: Dict[str, Dict[str, List[str]]] = {
    "BODY": {
        "saddle": [
            "down_there|downstairs|down_below", "privates|privites|privets|privats", "my|the|your private parts|part|area|bits|region|regions",
            "private parts|part|area|region", "genitals|genital|genitalia|genitles|genetals|genitels",
            "genital area|region", "between my|the|your legs|thighs|cheeks|buttocks|buttcheeks|bum_cheeks|butt_cheeks", "between legs",
            "crotch|crotch_area", "perineum|perineal|perianal|taint|gooch", "vagina|vaginal|vulva|labia|clitoris|vag|pussy|coochie|fanny",
            "penis|scrotum|testicles|testicle|willy|dick|cock|balls", "me bits|privates|bum_hole|arse|bum", "the? area between them|my_cheeks|the_cheeks|my_buttocks|my_legs",
            "in between my|the cheeks|legs|buttocks", "between them", "my|his|her|lady|man bits", "lady parts|garden",
            "ladybits|ladyparts", "man parts", "front bottom", "nether regions|region",
            "anus|anal|rectum|rectal", "back passage", "bumhole|butthole|arsehole|asshole",
            "bum|butt|arse|ass hole", "saddle|saddle_area|saddle_region|saddle_zone",
            "around|round my|the bum|bottom|butt|backside|anus|arse|back_passage",
            "where i|you|you'd|i'd|we|one|u sit|sits|would_sit|'d_sit on a|the bike|saddle|bicycle|horse|bike_seat",
            "where a|the bike|bicycle|horse saddle would|goes|sits|touches", "groin and bum|bottom|butt|backside",
            "bum|bottom|butt|backside and groin|privates|genitals", "inner thighs and groin",
        ],
        "saddle_vague": [
            "bum|butt|bottom|backside|buttock|buttocks|arse|ass|bum_cheeks|butt_cheeks|buttcheeks|bumcheeks|glutes|glute|cheeks",
            "my|the behind", "groin|groins|groin_area|inner_thigh|inner_thighs|tailbone|coccyx|sit_bones|sitbones|sitting_bones|pelvic_floor|pelvis",
        ],
        "legs_both": [
            "legs|leggs|lgs|thighs|calves|shins|lower_limbs|lower_legs|limbs", "both legs|thighs|calves",
            "both of my|the legs|thighs", "left and right legs|leg", "right and left legs|leg",
            "from the|my waist|hips|belly_button down", "waist down", "below the|my waist", "lower body|half",
            "bottom half", "either leg", "each leg",
        ],
        "feet_both": ["feet|foots|soles", "both feet", "both of my|the feet"],
        "leg_one": [
            "leg|thigh|calf|shin|foot|ankle|hamstring|quad", "left|right|lft|rght|rigt|other|one|bad|1 leg|foot|thigh|calf|side",
            "one of my|the legs|feet",
        ],
        "toes": ["toes|toe|big_toe|fingers|finger|hands|hand|arms|arm|face|lips|tongue|shoulder|shoulders|neck|head|chest|hip|hips|knee|knees|heel|heels|side|sides|jaw|cheek"],
        "back": ["back|lower_back|spine|low_back|lumbar|upper_back|mid_back|middle_back"],
        "belly": ["belly|tummy|stomach|abdomen|abdominal|abdo|gut|tum|flank|flanks"],
    },
    "NUMB": {
        "numb": [
            "@num", "no|zero|lost|losing|lost_all|lost_the|loss_of|reduced|less|decreased|altered|changed|no_real feeling|sensation|feelings",
            "@cant feel|sense anything|much|a_thing|it|them|that|a_lot|properly|at_all|when|if|myself|my|the|you?",
            "don't|dont|do_not|didn't|didnt feel anything|a_thing|much|it|when|them|properly",
            "feel|feels|felt nothing", "feel|feels|felt like nothing", "no feel|feelin", "like cotton_wool|wood|rubber|a_block|a_brick",
            "not my own", "gone to sleep", "like it's|its|it_is not mine",
        ],
        "tingle": [
            "tingling|tingly|tingles|tingle|tingled|tinglin|tinglng|prickling|prickly|pins_and_needles|pins_&_needles|pins_n_needles|pin_and_needles|buzzing|fizzing|crawling",
            "pins - and - needles",
        ],
        # Only as something said of a body part ("feels weird", "a strange feeling"), never a bare
        # adjective ("the odd twinge", "lift my leg off the bed").
        "odd": [
            "feels|feel|felt|feeling|is|are|was|were|been|gone|went|goes|going|'s|'re|seems|seem a_bit|a_little|kind_of|kinda|sort_of|really|very|so|quite|all|totally|completely? weird|strange|funny|odd|different|off|wrong|fuzzy|muffled|not_right|dull|numbish",
            "weird|strange|funny|odd|different|unusual|fuzzy|tingly|numbish feeling|feelings|sensation|sensations",
            "asleep", "falls|fell|fall|falling|fallen|goes|go|went|going|gone asleep",
        ],
    },
    "WEAK": {
        "weak": [
            "weak|weakness|weakened|weakening|weakned|weakend|feeble|floppy|jelly|wobbly|jelly_like|like_jelly|noodles|like_noodles",
            "no|lost|losing|lost_all|lost_my|zero strength|power", "feel|feels|feeling|felt|are|is|so|very|really|gone|went|getting|go|goes|a_bit|quite week",
            "can't|cannot|can_not|won't|wont|will_not|don't|dont hold|support|take|carry me|my_weight|me_up|the_weight",
        ],
        "weak_progress": [
            "weaker", "getting|gets|got|growing|becoming|going weaker|weak", "weaker and weaker", "keeps|keep|kept getting|going weaker",
            "weaker every|each day|week", "weaker by the day", "weaker than before|last_week|yesterday|it_was", "more and more weak",
            "increasingly|progressively weak", "weakness is|has getting|got|spreading|worsening worse", "weakness is spreading|worsening|increasing",
            "worsening|increasing|progressive|progressing weakness",
        ],
        "giveway": [
            "give|gave|giving|gives|given way|out|up", "buckle|buckled|buckling|buckles|folded|folding|folds",
            "went|go|goes|going|gone from_under|from_underneath|out_from_under|out_from_underneath me",
            "keep|keeps|kept giving way|out|buckling|folding",
        ],
        "heavy": ["heavy|heaviness|like_lead|leaden|like_concrete|like_bricks|sluggish"],
    },
    "COLLAPSE": {"collapse": ["collapsed|collapse|collapsing|collapses|crumpled|crumple|hit_the_floor|dropped_to_the_floor"]},
    "CANTMOVE": {
        "cantmove": [
            "@cant move|lift|use|wiggle|raise|budge|feel_or_move|move_or_feel",
            "won't|wont|will_not|don't|dont|do_not|didn't|didnt|wouldn't|wouldnt move",
            "paralysed|paralyzed|paralysis|paralized|paralised|paraplegic",
            "no movement|power|control in",
        ],
        # "stopped working": only about a body part ("my legs stopped working"), never on its own.
        "cantmove_body": [
            "won't|wont|will_not|don't|dont|do_not|didn't|didnt|wouldn't|wouldnt work|respond|listen|cooperate|obey",
            "stopped|stop|stops working|moving|responding", "not working|moving|responding",
            "aren't|isn't|arent|isnt|are_not|is_not|weren't|werent|wasn't|wasnt working|moving|responding",
        ],
    },
    "CANTWALK": {
        "cantwalk": [
            "@cant walk|stand|stand_up|get_up|bear_weight|weight_bear|weightbear|put_weight|take_weight|take_a_step|step",
            "@cant even walk|stand",
        ],
    },
    "GAIT": {
        "gait": [
            "walking|walk|walks funny|strange|weird|oddly|drunk|like_a_drunk|wonky",
            "unsteady|unstable|off_balance|off-balance|staggering|stumbling|stumble|stumbles|lurching",
            "balance is|has|'s|feels|seems|has_been|keeps_going|is_going|has_gone off|gone|bad|poor|terrible|awful|wobbly|not_great|not_good|all_over_the_place|shot|worse",
            "lost|losing|lose my balance", "no|poor|bad balance", "keep|keeps|kept tripping|stumbling|falling_over",
            "@cant walk straight|properly|normally|right", "walk like i'm|im drunk",
        ],
    },
    "FOOTDROP": {
        "foot_drop": [
            "foot drop|drops|dropping", "footdrop|drop_foot|dropfoot|dropped_foot|floppy_foot",
            "foot|feet|toes|leg is|are|keeps|keep|just? drags|dragging|slaps|slapping|flops|flopping|flapping|catching|catch|scuffs|scuffing|hangs|droops|drooping",
            "drag|dragging|drags|scuff|scuffing my|the foot|feet|leg|toes", "trip|tripping|trips|tripped over|on my|the|my_own foot|feet|toes",
            "catch|catching|catches my toes|foot", "@cant lift|raise|pick_up|pull_up my|the foot|toes|ankle|front_of_my_foot",
            "@cant walk on my heels|heel|toes|tiptoes|tip_toes", "@cant stand on my heels|heel|toes|tiptoes",
            "foot|feet won't|wont|doesn't|doesnt lift|come_up|pick_up",
        ],
    },
    # Signs of a dropped foot that need a foot or leg in the same clause ("my foot has gone floppy").
    "FOOTSIGN": {
        "foot_sign": ["drag|drags|dragging|dragged|slap|slaps|slapping|slapped|flop|flops|flopping|floppy|flappy|droopy|droops|drooping|drops|dropping|scuffs|scuffing"],
    },
    "PAIN": {
        "pain": [
            "pain|pains|painful|ache|aches|aching|achy|hurt|hurts|hurting|sore|soreness|sciatica|sciatic|shooting|stabbing|throbbing|burning|cramp|cramps|cramping|agony|discomfort|twinge|twinges|spasm|spasms|killing|kills|radiates|radiating|shoots",
        ],
    },
    "TEAR": {
        "tear": [
            "tearing|ripping|ripped|tore|torn|rip|tear pain|feeling|sensation|sensations|ache",
            "tearing|ripping|like_tearing|like_ripping", "like something is|was? tearing|ripping|tore|ripped|torn|splitting",
            "like i'm|i_am|im|being torn|ripped|split", "ripped|ripping|tore|tearing|rips|tears through|across|into|down my|the",
        ],
    },
    "FAINT": {
        "faint": [
            "faint|fainted|fainting|feint|fainty|passed_out|pass_out|passing_out|passes_out|blacked_out|black_out|blacking_out|lightheaded|light_headed|light-headed|dizzy|dizziness|woozy|clammy|cold_sweat|cold_sweats|keeled_over",
            "light - headed", "nearly|almost collapsed|passed_out|fainted|blacked_out", "grey|gray|pale and sweaty|clammy", "sweaty and pale|grey",
        ],
    },
    "SUDDEN": {"sudden": ["sudden|suddenly|abrupt|abruptly|all_of_a_sudden|out_of_nowhere|out_of_the_blue|without_warning|came_on_fast|came_on_quickly|instantly|within_seconds|within_minutes"]},
    "SEVERE": {"severe": ["severe|worst|excruciating|unbearable|agonising|agonizing|terrible|horrendous|extreme|crushing|10/10|10_out_of_10|ten_out_of_ten|intense|horrible|awful"]},
    "PULSE": {
        "pulse": [
            "pulsing|pulsating lump|mass|feeling", "heartbeat|heart_beat|pulse|beating|throbbing in my belly|tummy|stomach|abdomen",
            "throbbing|pulsing|pulsating lump|mass",
        ],
    },
    "BLADDER": {
        "bladder": ["bladder|bladders|blader|bladdder|bladdr|bladda|@pee|urinary|waterworks|water_works|pee's|wee's"],
        "bowel": ["@poo"],
        "toilet": ["toilet|toilets|loo|bathroom|restroom|lavatory|potty|washroom|wc|commode"],
        "clothes": ["pants|trousers|knickers|underwear|undies|boxers|briefs|jeans|nappy|diaper|pad|pads|bedsheets|sheets|bed"],
        "wipe": ["wipe|wiping|wiped|wipes|toilet_paper|toilet_roll|toilet_tissue|loo_roll|loo_paper|tp|paper|tissue"],
        "sex": ["sex|intercourse|making_love|orgasm|orgasms|climax|ejaculate|ejaculating|ejaculation|arousal|aroused"],
    },
    "LOSS": {
        "control": [
            "lost|lose|losing|loss_of|loosing|loose|no|zero|little|less|poor|reduced|no_real|not_much|not_in|out_of|hardly_any|limited control|controll|contol",
            "@cant control|controll|contol", "don't|dont|do_not|didn't|didnt have control|controll|any_control",
            "control is|has gone|bad|poor|shot|awful|terrible", "no longer have|in control",
        ],
        "hold": ["@cant hold|keep|hold_in|hold_on_to|keep_in|retain"],
        "hold_it": [
            "@cant hold|keep it|it_in|in", "@cant hold|keep my|your|the pee|wee|urine|water|bladder|poo|poop|bowels|stool|wind|farts",
        ],
        "leak": [
            "leak|leaks|leaking|leaked|leakage|leaky|seeping|seeps|trickling|trickles|gushing|gushes|escaping|escapes|comes_out|came_out|coming_out|just_comes|just_came|pours_out|runs_out",
            "stress|urge|overflow incontinence",
        ],
        "dribble": ["dribble|dribbles|dribbling|dribbled|drip|drips|dripping"],
        "accident": ["accident|accidents|accidnet|acident"],
        "unaware": [
            "without knowing|noticing|realising|realizing|feeling_it|any_warning",
            "didn't|didnt|did_not|don't|dont|do_not|never know|notice|realise|realize|feel when|until|till|til|that_i_was|that_i'd_gone|i_was|i'd_gone|i_had_gone",
            "no urge|warning", "don't|dont|do_not get|feel the|any|an urge|signal|warning", "not aware",
            "until it's|its|it_is too_late", "@cant tell|sense when|if", "before i know it",
        ],
        "stop": ["@cant stop it|the_flow|the_pee|the_wee|peeing|weeing|it_coming"],
        "problem": ["problem|problems|issue|issues|trouble|troubles|changes|change|difficulties|difficulty|playing_up|acting_up"],
        "late": [
            "@cant make|get it|there in|on time", "@cant get|make it to the toilet|loo|bathroom in|on time",
            "didn't|didnt|did_not|don't|dont|never make|get it|there in|on time",
            "didn't|didnt|did_not|don't|dont make it to|in the toilet|loo|bathroom|time",
        ],
    },
    "CANT": {"cant": ["@cant|struggle|struggling|hard_to|straining_to|strain_to|have_to_strain_to|have_to_push_to|nothing_when_i_try_to"]},
    "RETENT": {
        "retention_explicit": [
            "haven't|havent|have_not|hasn't|hasnt peed|pee'd|wee'd|urinated|been_for_a_wee|been_for_a_pee|had_a_wee|had_a_pee|passed_urine|passed_water|gone_for_a_pee|gone_for_a_wee|been_able_to_pee|been_able_to_wee",
            "not peed|urinated|passed_urine|passed_water", "urinary retention|retension", "retention of urine",
        ],
        "retention": [
            "@cant go|start|get_started|get_going|get_it_started|get_it_going|push_it_out|get_it_out|get_anything_out|squeeze_it_out",
            "nothing|hardly_anything|barely_anything|only_a_little|just_a_trickle|only_drips|not_much comes|came|coming|will_come out",
            "won't|wont|doesn't|doesnt|will_not|does_not come|start|flow",
            "nothing|hardly_anything|barely_anything happens|happened|happening",
        ],
        "empty": [
            "@cant empty", "not|never|doesn't|doesnt|won't|wont|don't|dont emptying|empty|emptied|empties", "still|always|constantly feels? full",
            "feels|feel full even_after|after|all_the_time|but",
        ],
        "strain": ["strain|straining|strains|push|pushing|bear_down|forcing|slow_to_start|hesitant|hesitancy|hesitation"],
    },
    "FLAG": {
        "bladder_bowel_change": [
            "@wet_verb @self", "@wet_verb himself|herself|themselves|yourself", "had|having|have an? accident|accidents|little_accident|wee_accident in|on @self",
            "incontinent|incontinence|incontinance|incontinece|incontenence|incontinant|incontinet", "urinary|bladder|bowel|faecal|fecal|double incontinence",
            "bladder|bowel|bowels|waterworks gave|went|opened|packed_up|let_go|let_me_down|failed|failing|broke",
            "lost|losing my bladder|bowels|waterworks", "bed wetting|wetting", "bedwetting",
            "no|lost|losing|loss_of|poor|zero|little|reduced|less|lose bladder|bowel|bowels|urine|pee|toilet control",
        ],
        "saddle_numbness": [
            "saddle anaesthesia|anesthesia|numbness|paraesthesia|paresthesia|sensory_loss",
            "@cant feel|sense the|when_i|if_i|when_you|as_i|while_i|myself_when_i|anything_when_i|it_when_i|me wipe|wipes|wiping|toilet_paper|tp",
            "numb|dead crotch|privates|genitals",
        ],
        "cauda_equina_mention": ["cauda equina|equnia|equina_syndrome", "caudal equina"],
        "erection": [
            "@cant get|keep|maintain an? erection|hard", "no erection|erections", "erectile dysfunction|problems",
            "erection|erections problems|trouble|issues|gone",
        ],
    },
    # Negated whole-phrase flags ("I haven't wet myself"): recorded as negated mentions only.
    "NEG": {
        "bladder_bowel_change": [
            "haven't|havent|have_not|hasn't|hasnt|didn't|didnt|did_not|never|not|don't|dont|do_not|doesn't|doesnt|haven't_ever|have_never|not_once|no @wet_verb @self",
        ],
    },
    "FEVER": {
        "fever": [
            "fever|fevers|feverish|fevered|fevery|fevar|fevr|feaver|pyrexia|febrile|chills|chils|shivers|shivering|shivery|rigors|rigours|shaking_chills|the_shakes|hot_and_cold|hot_then_cold|burning_up|sweats_and_chills|chills_and_sweats",
            "a|high|running_a|run_a|got_a|have_a|has_a|had_a|with_a|raised|elevated|spiking_a|spiked_a temperature|temprature|tempreture|temperture|tempature",
            "running|run|got|have|has|had|with|spiking|spiked a temp",
            "temperature|temp|temprature went_up|spiked|high|raised|over|up", "temperature|temp is|was|has_been|keeps_going high|up|raised|through_the_roof",
            "high|raised|elevated|hot temperature|temp|temps", "running hot", "sweating and shaking", "shaking and sweating",
        ],
        "fever_vague": ["flu-like|flu_like|fluish|flu-ish|fluey", "flu - like|ish", "feel|feeling|felt flu-ish|fluey|like_i've_got_flu|like_i_have_flu|like_i've_got_the_flu|like_i_have_the_flu"],
        "sweats": ["night sweats|sweat|sweating", "sweats|sweating|sweat at|in_the|during_the|every night|nights", "sweating buckets|cobs", "drenching|drenched|soaking|soaked sweats|sweat|in_sweat", "soaking|drenching the sheets|bed", "nightsweats"],
    },
    "FACTOR": {
        "cancer_history": [
            "cancer|cancers|canser|cancr|cancre|cancar|cancor|tumour|tumor|tumours|tumors|tumer|malignancy|malignant|carcinoma|lymphoma|leukaemia|leukemia|myeloma|melanoma|sarcoma|metastases|metastatic|metastasis|mets|secondaries|oncologist|oncology|radiotherapy|radiation_therapy|radiation_treatment|mastectomy|prostatectomy|lumpectomy|hodgkin's|hodgkins|cancerous",
            "in remission", "the big c", "the c word",
        ],
        "chemo": ["chemo|chemotherapy|kemo|chemotheraphy|chemotherepy|immunotherapy"],
        "iv_drug_use": [
            "inject|injecting|injected|injects|shoot|shooting|shot|shoots|mainline|mainlining drugs|heroin|heroine|meth|speed|cocaine|coke|crack|fentanyl|dope|gear|smack",
            "shoot|shooting|shot up", "iv|i.v.|intravenous drug|drugs|drug_use|drug_user|drug_users", "ivdu|ivda|pwid", "heroin|heroine|fentanyl|smack addict|user|habit|use",
            "share|sharing|shared needles|needle|syringes|works", "dirty needles|needle", "on heroin|heroine|fentanyl|smack|gear",
            "drug|drugs injection|injections|injecting", "track marks", "use|using|on|taking|do|doing|addicted_to heroin|heroine|fentanyl|smack", "needle user", "inject|injecting|injected|use|using|used|on i.v.|iv",
        ],
        "immunosuppressed": [
            "immunosuppressed|immunosupressed|immunosuppresed|immunocompromised|immuno-compromised|immuno-suppressed|immunosuppression|immunosuppressant|immunosuppressants|immunodeficiency|immunodeficient",
            "immuno - compromised|suppressed",
            "weak|weakened|low|poor|suppressed|compromised|rubbish|bad immune system|immunity", "immune system is|was weak|low|suppressed|compromised|shot",
            "hiv|hiv+|hiv_positive", "organ|kidney|liver|heart|lung|bone_marrow|stem_cell transplant", "transplant|transplanted",
            "anti-rejection|antirejection|anti_rejection drugs|meds|medication|tablets", "anti - rejection drugs|meds|medication|tablets",
            "methotrexate|humira|adalimumab|enbrel|etanercept|infliximab|remicade|rituximab|tacrolimus|ciclosporin|cyclosporine|azathioprine|mycophenolate|biologic|biologics|jak_inhibitor",
            "dialysis",
        ],
        "procedure_spinal": [
            "back|spine|spinal|lumbar|disc|disk surgery|operation|op|procedure|injection|injections|jab|shot|shots|fusion|block|decompression",
            "surgery|operation|op|procedure|injection|jab|shot|epidural on|in|into|to my|the back|spine|lower_back|disc|sacroiliac|si_joint|sij",
            "epidural|epidurals|discectomy|diskectomy|microdiscectomy|laminectomy|laminotomy|foraminotomy|fusion|spinal_fusion|kyphoplasty|vertebroplasty|rhizotomy|ablation|rfa|radiofrequency|nerve_block|nerve_blocks|facet_injection|facet_injections|facet_block|medial_branch_block|lumbar_puncture|spinal_tap|spinal_cord_stimulator|stimulator_implant",
            "steroid|cortisone|facet|si|sij|sacroiliac|trigger_point|nerve_root|transforaminal|caudal|epidural_steroid injection|injections|shot|shots|jab|block",
            "si|sacroiliac|sij joint injection|fusion|block", "had|have|got my|a? back|spine done|operated_on", "injected into|in my back|spine",
        ],
        "procedure_any": ["surgery|operation|op|procedure|injection|injections|jab|shot|injected|operated"],
        "osteoporosis": [
            "osteoporosis|osteoperosis|osteoporsis|osteoprosis|osteoporosos|ostioporosis|osteoporisis|osteoporotic|osteopenia|osteopaenia|osteopina|osteopenic",
            "brittle|thin|thinning|weak|fragile|soft|porous bones", "low|poor bone density|mass", "bone density|mass is|was low|poor|bad",
            "fosamax|alendronate|alendronic|risedronate|bisphosphonate|bisphosphonates|prolia|denosumab|zoledronic|forteo|teriparatide",
        ],
        "steroid": [
            "steroid|steroids|steriods|steriod|steroides|corticosteroid|corticosteroids|prednisone|prednisolone|prednisalone|predisone|prednizone|pred|dexamethasone|dexamethazone|hydrocortisone|methylprednisolone|medrol|budesonide",
        ],
        "weight_loss": [
            "lost|losing|loosing|dropped|dropping|shed|shedding weight|wieght|weigth|weight_without_trying|a_lot_of_weight|lots_of_weight|so_much_weight|a_ton_of_weight|loads_of_weight|a_stone|two_stone|half_a_stone|some_weight|a_bit_of_weight",
            "weight|wieght|weigth loss|is_dropping|has_dropped|keeps_dropping|falling_off|dropping_off|coming_off|has_gone_down|going_down|keeps_going_down",
            "clothes|trousers|jeans|pants are|feel|getting hanging_off|baggy|falling_off|too_big|loose",
            "getting|got|gotten|become|becoming|gone|look|looking thinner|skinnier|skinny|bony|so_thin|really_thin|very_thin|too_thin", "wasting away",
        ],
    },
    "EVENT": {
        "major_trauma": [
            "car|road|traffic|motorbike|motorcycle|bike|cycling|bicycle|skiing|ski|riding|horse|workplace|industrial|farm|quad|atv|bus|truck|lorry|vehicle|auto|motor|rugby|football|snowboarding|snowboard accident|crash|wreck|collision|smash|pileup|pile-up|pile_up",
            "crashed|wrecked|totaled|totalled|rolled|flipped|smashed my|the|our car|bike|motorbike|motorcycle|truck|van|vehicle", "rta|rtc|mva|mvc|mvas|mvcs",
            "hit|knocked_down|knocked_over|run_over|ran_over|struck by a|the car|bus|truck|van|lorry|vehicle|motorbike|bike|cyclist",
            "knocked|thrown|flung off|from my|the|a bike|horse|motorbike|motorcycle|quad",
            "rear-ended|rear_ended|t-boned|t_boned|head-on|head_on|sideswiped", "rear - ended", "t - boned",
            "came|come|coming off|of a|the|my|his|her bike|motorbike|motorcycle|motorbike|horse|quad|scooter|ladder|roof|skateboard",
            "fell|fall|falling|fallen|tumbled|slipped off|from|down|through a|the|my|some|our ladder|roof|scaffold|scaffolding|balcony|wall|tree|horse|cliff|stairs|staircase|flight_of_stairs|steps|loft|attic|bunk|bunk_bed|window|motorbike|bike|bicycle|climbing_wall|height|floor|ceiling",
            "fell|fall|falling|tumbled|slipped down|off stairs|steps", "fall|fell from height|a_height", "fell down a|the|some flight of stairs",
            "crushed|pinned by|under|between", "landed_on_my_head|landed_on_my_neck|high_speed|high-speed|whiplash|hit_by_a_car",
            "was|got|been hit_by_a_car|run_over|knocked_down|knocked_over",
        ],
        "fall": [
            "fell|fall|falls|fallen|falling|slipped|slip|tripped|tumbled|tumble|took_a_tumble|took_a_fall|had_a_fall|went_flying|hit_the_ground|hit_the_deck|went_over|keeled|went_down_hard",
            "trip and fall|fell", "landed on my|hard", "slipped|slipping on ice|the_ice|the_stairs|a_step|the_floor|wet_floor",
        ],
    },
    "WOUND": {
        "wound": [
            "wound|wounds|scar|incision|incisions|cut|stitches|staples|sutures|dressing|dressings|puncture|needle_mark|needle_site|entry_point",
            "injection|needle|surgery|surgical|operation|op|jab|shot|procedure|epidural site|spot|area|point|mark",
            "where they|the_doctor|he|she|you injected|did_the_injection|put_the_needle|went_in|stuck_the_needle|cut|operated|did_the_op|did_the_surgery|did_the_procedure",
            "where the needle|injection|jab|shot went|was|went_in", "site",
        ],
    },
    "INFLAM": {
        "inflam": [
            "red|redness|reddened|reddish|hot|warm|swollen|swelling|puffy|pus|oozing|oozes|weeping|weeps|discharge|discharging|smells|smelly|stinks|infected|infection|inflamed|angry|angry-looking|hot_to_touch|warm_to_touch|gaping|streaks|red_streaks|crusty",
            "opened|opening up", "split open", "red and hot|warm|swollen|sore", "hot|warm and red|swollen",
        ],
    },
    "NIGHT": {
        "night_or_constant": [
            "at|in_the|during_the|through_the|every night|nights|nite|nighttime|night-time|night_time", "night|nighttime|nocturnal pain|pains|ache",
            "worse|worst|bad|terrible at|in_the|during_the night|nights|nite", "wakes|woke|waking|wake|keeps|kept me up|awake|at_night|in_the_night|from_sleep",
            "constant|constantly|nonstop|non-stop|non_stop|relentless|unrelenting|continuous|persistent|24/7|24_7|24-7|twenty_four_seven",
            "non - stop", "24 - 7", "all the time|day", "day and night", "24|twenty_four hours|hrs|hours_a_day|hrs_a_day",
            "round the clock", "all day and|every night|day", "every minute|hour of the day",
            "never|doesn't|doesnt|don't|dont|won't|wont|will_not|does_not|do_not stops|stop|goes_away|go_away|eases|ease|lets_up|let_up|settles|settle|leaves|leave",
            "even when|if|while i'm|im|i_am? lying|laying|resting|at_rest|still|down", "even at rest|rest", "at rest", "no|any position|positions helps|help|eases|relieves|works|makes_it_better",
            "@cant get comfortable|comfy", "nothing eases|helps|relieves|touches it?",
        ],
    },
    "IGNORE": {
        "ignore": [
            "hay fever|fevers", "hayfever", "hot and cold packs|pack|therapy|compresses|compress|water|showers|shower|treatment|towels", "glandular|scarlet|yellow|cabin|dengue|rheumatic|jungle|spring fever",
            "fall|fell|falls|falling|fallen apart|behind|in_love|for_it|through_the_cracks|short|out|back|off_the_wagon",
            "in|this|last|next the? fall", "fall season|term|semester",
            "trip|trips to|away|abroad|out", "road|day|business|camping|holiday|family|school trip",
            "bottom of|line", "at the bottom", "from top to bottom",
            "behind my|the|his|her knee|knees|eye|eyes|ear|ears|kneecap|house", "behind me", "left behind",
            "cold|room|outside|body|water|bath|shower|ambient temperature|temp", "temperature outside|drop|change|changes|in_the_room",
            "hot|warm water_bottle|bath|baths|shower|showers|pack|packs|compress|compresses|tub|weather|climate|day|days|towel|pad|pads|wheat_bag|water|yoga|stone|stones|drink|tea|flush|flushes|flashes|flash",
            "heat|heating pad|pack|packs|patch|patches|wrap", "red wine|meat|light|flag|flags|bull|pepper|peppers|face",
            "tear|tears|tearing|teared up", "torn between", "tore|torn|ripped|tearing|ripping|pulled a|my|the muscle|ligament|tendon|cartilage|meniscus|hamstring|disc|disk|rotator_cuff|acl|labrum|calf",
            "torn|ripped|tore ligament|muscle|tendon|cartilage|meniscus|hamstring|disc|disk|acl|labrum", "ripped|ripping off", "ripped|shredded abs",
            "dead tired|serious|set|end|lift|lifts|lifting|bug|weight|sea|line|lines", "deadlift|deadlifts|deadlifting|dead_lift", "drop dead", "brain dead", "dead of night",
            "week|weeks ago|later|before|after|long|or_two|or_so|off|end", "last|this|next|a|per|every|each|one|two|three|few|couple_of|couple week|weeks",
            "numbing cream|gel|spray|injection|agent|medicine", "accident prone", "accident and emergency", "a&e", "no accident", "by accident", "accidentally",
            "shoot|shot|shooting|shoots up|down|through|into|across my|the|your|his|her", "shot|shots of tequila|vodka|whiskey|espresso|coffee", "shooting star",
            "gave|give|given|giving up on", "gave|give|giving|given up smoking|drinking|work|running|sport|sports|football|golf|hope|trying|coffee|alcohol|meat|my_job",
            "gave|give|giving|given in to", "pass out flyers|leaflets", "flu|covid|tetanus|booster jab|shot|vaccine|injection|jabs|shots",
            "speed bump|limit|up|boat|dating", "coke zero|can|bottle", "gear box|stick|shift|change|changes", "crack of dawn", "crack my back|knuckles|neck",
            "balls of my|the feet|foot", "ball of my|the foot", "dropped the ball", "take|taking|took a seat", "car|bike|back seat|seats",
            "water retention|infection|infections|intake|tablets|pills", "fluid retention", "weak stream|flow", "slow stream|flow", "continence nurse",
            "wind up|down", "wind chill", "gas station|bill|stove|cooker|mark", "stool softener|softeners|sample|test", "step stool", "bar stool",
            "pelvic floor exercises|physio|therapy", "bed rest|bath|time", "bedtime", "out of bed", "in bed", "go|went to bed",
            "heads up", "no matter", "free of charge", "a wee bit|while|one|lad|lass|dram", "wee bit|while|one", "shivers down my|your spine",
            "sends|send|sent|gives|gave shivers", "hair transplant", "slipped|slip|slipping disc|disk|discs", "trip advisor",
            "dropped my|the phone|keys|bag|cup|kids", "dropping the kids|kids", "drop the kids", "fall guy", "landed a|the job|role",
            "cut down|back|out", "cutting down|back|out", "red light|lights", "the john",
        ],
    },
}

# Regular-expression atoms for numbers (temperatures, ages, heights, weights): label, id, regex.
REGEX_ATOMS = [
    ("FEVER", "fever", None),           # FEVER_NUMBER, filled in below
    ("FACTOR", "age_over_70", None),    # AGE_OVER_70
    ("EVENT", "major_trauma", re.compile(
        r"\b(?:fell|fall|fallen|dropped|falling|tumbled)\s+(?:about|around|over|nearly|almost|like|at\s+least)?\s*"
        r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s*(?:feet|foot|ft|metres|meters|m|storeys|stories|floors)\b", re.I)),
    ("FACTOR", "weight_loss", re.compile(
        r"\b(?:lost|losing|dropped|shed|down|loosing)\s+(?:about|around|over|nearly|almost|like|at\s+least|more\s+than|a\s+good)?\s*"
        r"(?:\d+(?:[.,]\d+)?|a|one|two|three|four|five|six|seven|eight|nine|ten|half\s+a|a\s+couple\s+of|a\s+few|several|two\s+dress|a\s+dress)\s*"
        r"(?:kg|kgs|kilos?|kilograms?|pounds?|lbs?|lb|stones?|st|dress\s+sizes?|sizes?)\b", re.I)),
]

# ------------------------------------------------------------------------------------------
# Negation, termination and context cues
# ------------------------------------------------------------------------------------------

# Inability words are part of the symptom ("can't feel when I wipe", "couldn't pee"): never negations.
NOT_NEGATIONS = [
    "cannot", "can't", "cant", "couldn't", "couldnt", "doubt", "versus", "ro", "r/o", "declined",
    "hurts", "it hurts", "only", "not demonstrate", "symptoms atypical", "evaluate for",
]
# Following negations are applied only right after a mention (triage checks the distance), and
# these are removed because they follow positive statements too ("I wet myself, no idea why").
NOT_FOLLOWING = ["never", "no", "doesn't hurt", "doesnt hurt", "does not hurt", "don't hurt", "dont hurt"]
EXTRA_PRECEDING = [
    "denies", "deny", "never had", "never noticed", "never been", "haven't noticed", "havent noticed",
    "have not noticed", "haven't got", "havent got", "not had", "no sign of", "no signs of", "no hint of",
    "no trouble with", "no problems with", "no issues with", "no change in", "no changes in",
    "not any", "ruled out", "no loss of", "nothing wrong with", "don't think", "dont think",
    "do not think", "not sure", "unsure", "doubt", "no history of", "not experiencing", "not experienced",
    "never experienced", "nor", "neither", "no more", "not noticed", "haven't had any", "havent had any",
    "not getting", "not having", "isn't", "wasn't", "n't have", "no obvious", "clear of", "no new",
    "haven't lost", "havent lost", "have not lost", "not lost", "didn't lose", "didnt lose",
]
# "uncertain" cues: a negated emergency under these becomes a question, not silence.
UNCERTAIN_CUES = {"don't think", "dont think", "do not think", "not sure", "unsure", "doubt", "not certain"}
EXTRA_FOLLOWING = [
    "is fine", "are fine", "is ok", "are ok", "is okay", "are okay", "is normal", "are normal",
    "is good", "are good", "seem fine", "seems fine", "feel fine", "feels fine", "fine", "normal",
    "no problem", "no problems", "not an issue", "not a problem", "all good", "all fine",
    "working fine", "working normally", "work fine", "are working", "is working", "still work",
    "still works", "okay", "ok", "unaffected", "not affected", "are strong", "is strong", "feel strong",
    "feels strong", "feel normal", "feels normal", "as normal", "as usual", "fine thanks", "intact",
    "never", "none", "nope",
]
PSEUDO = [
    "not only", "no idea why", "no idea what", "no idea how", "don't know why", "dont know why",
    "do not know why", "not sure why", "not sure what", "not sure how", "for no reason",
    "no reason", "no warning", "without warning", "no matter", "not just", "not normal",
    "isn't normal", "is not normal", "not right", "isn't right", "no clue why", "without trying",
    "without dieting", "not trying", "wasn't trying", "weren't trying", "not dieting",
    "nothing helps", "nothing works", "nothing eases", "no position", "never goes away",
    "never stops", "never eases", "doesn't go away", "doesnt go away", "does not go away",
    "won't go away", "wont go away", "doesn't stop", "doesnt stop", "doesn't ease", "doesnt ease",
    "don't know if", "dont know if", "not sure if", "no longer able", "don't know what",
    "dont know what", "didn't know", "didnt know", "didn't realise", "didn't realize", "didn't notice",
    "didnt notice", "didn't make it", "didnt make it", "don't make it", "dont make it", "no control",
    "not in control", "no strength", "no feeling", "no sensation", "no urge", "not working",
    "no power", "no movement", "not my own", "not able", "not been able", "haven't been able",
    "havent been able", "have not been able", "not emptying", "not empty", "don't get the urge",
    "no better", "not getting better", "not improving", "not helping", "didn't help", "didnt help",
    "doesn't help", "doesnt help", "not much better", "not even",
]
EXTRA_TERMINATION = [
    ":", "-", "--", "/", ", i", ", my", ", and", ", now", "and now", "now i", "now my", ", also",
    "also", "plus", "anyway", "apart from that", "other than that", "on top of that",
    "besides that", "oh and", "by the way", "btw", "ps", ", it", ", it's", ", its", ", but",
    "although", "whereas", "while", "except", "since then", "ever since", "because", "cause",
    "and yesterday", "and today", "and this morning", "and last night", "though", "other than",
    "aside from", "and the", "and there",
]

# Words that close a clause for attaching body parts to sensations (in addition to negex's
# sentence and termination boundaries).
COPULA = set(
    "is are was were feel feels felt feeling go goes went going gone get gets got getting keep keeps "
    "kept seem seems seemed 's 're 've has have had turn turned turning become became can could "
    "ca wo will would just now both still all also started start starts starting".split()
)
COORD = set(", and or & / the my both in around also of".split())

_FAMILY = (
    r"mom|mum|mother|mam|ma|dad|father|pa|papa|sister|brother|sis|bro|wife|husband|partner|"
    r"boyfriend|girlfriend|fianc[eé]e?|aunt|auntie|uncle|cousin|gran|granny|grandma|grandmother|"
    r"nan|nana|nanna|grandad|granddad|grandpa|grandfather|friend|mate|neighbou?r|colleague|boss|"
    r"coworker|co-worker|family|relative|relatives|parents?|in-laws?|mother-in-law|father-in-law|"
    r"flatmate|roommate|patient|client|dog|cat"
)
_CHILD = r"son|daughter|kid|kids|child|children|baby|toddler|grandson|granddaughter|grandchild|grandkids?|niece|nephew|boy|girl|teen|teenager"
# People in general ("do you treat people who..."): a question, not a report.
GENERIC_PERSON = re.compile(r"\b(?:people|patients|clients|someone|somebody|anyone|anybody|everyone|others|folks|a\s+person|persons)\b", re.I)
OTHER_PERSON = re.compile(
    rf"\b(?:my|our|his|her|their|a|the)\s+(?:(?:old|elderly|late|little|older|younger|best|oldest|youngest|"
    rf"step|twin)\s+)?(?:{_FAMILY})\b|\b(?:he|she|they|him|them)\b|(?:^|[.,;!?]\s*|\band\s+)(?:mum|mom|dad|mother|father|"
    rf"grandma|grandad|granddad|grandpa|gran|nan|nana|hubby|wifey)\b|\b(?:patients|clients|people|others|someone|somebody|"
    rf"everyone|anyone|friends|parents|relatives|folks)\b",
    re.I,
)
# "osteoporosis runs in my family and I have it too": the patient has it as well.
OWN_TOO = re.compile(r"\b(?:i\s+(?:have|had|'ve\s+got|got)\s+(?:it|that|one)\s+(?:too|as\s+well)|me\s+too|so\s+do\s+i|so\s+have\s+i|"
                     r"as\s+do\s+i|including\s+me|i\s+(?:have|had|'ve\s+got)\s+it\s+now|and\s+now\s+i\s+(?:have|'ve\s+got)\s+it)\b", re.I)
CHILD_PERSON = re.compile(rf"\b(?:my|our|his|her|their|a|the)\s+(?:(?:little|older|younger|oldest|youngest|baby|step)\s+)?(?:{_CHILD})\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|myself|mine)\b", re.I)
FAMILY_HISTORY = re.compile(
    r"\b(?:runs?|running|ran)\s+in\s+(?:my|the|our)\s+family\b|\bfamily\s+history\b|\bin\s+(?:my|the|our)\s+family\b|"
    r"\b(?:on|from)\s+(?:my|the|our)\s+(?:mum|mom|mother|dad|father|parents?)'?s'?\s+side\b|\b(?:mum|mom|mother|dad|father)'?s\s+side\b|"
    r"\bhereditary\b|\bgenetic\b|\bfamily\s+member\b|\b(?:whole|entire)\s+family\b", re.I)
HYPOTHETICAL = re.compile(
    r"\b(?:what\s+if|if\s+i\s+(?:ever|get|got|start|had|have|were|lose|lost|develop|notice)|if\s+(?:you|your|someone|somebody|one|they|ever)\b|"
    r"what\s+(?:should|do|would)\s+i\s+do\s+if|if\s+(?:my|it|this|the|these|that)\b|in\s+case|worried|worry|worrying|worries|afraid|scared|frightened|terrified|fear|fears|"
    r"concerned|anxious|paranoid|could\s+(?:it|this|that|i|these|my|a|an|the|you|someone)|will\s+(?:a|an|the|it|this|that|losing|getting|having)|"
    r"would\s+(?:a|an|the|it|this|that)|can\s+(?:it|this|that|back\s+pain|sciatica|a|an|the|"
    r"you|your|someone|people|si\s+joint|sij)|does\s+(?:it|this|that|back\s+pain|sciatica|a|an|your|my)|do\s+(?:people|you)|"
    r"is\s+it\s+possible\s+(?:to|for)|possible\s+to|should\s+i\s+(?:worry|be\s+worried|be\s+concerned|watch)|"
    r"warning\s+signs?|signs?\s+of|symptoms?\s+of|what\s+(?:are|is|would|does|do|happens)|how\s+(?:do|would|can)\s+(?:i|you)\s+(?:know|tell)|"
    r"watch\s+(?:out\s+)?for|look\s+out\s+for|keep\s+an\s+eye|told\s+(?:me\s+)?(?:to|about)|mentioned|asked\s+(?:me\s+)?(?:if|whether|about)|"
    r"might\s+(?:be|have|get|lose|develop)|may\s+(?:be|have|get|lose|develop)|risk\s+of|chance\s+of|prevent|avoid|"
    r"rule\s+out|ruled\s+out|check(?:ed)?\s+for|test(?:ed|s)?\s+for|screen(?:ed|ing)?\s+for|scan\s+for|looking\s+for|"
    r"is\s+(?:it|this|that)\s+(?:cancer|a\s+tumou?r|serious|cauda)|do\s+i\s+have|could\s+be|would\s+be|"
    r"possibility|possibly|suspect(?:ed)?|wonder(?:ing)?|think\s+it\s+(?:might|could|is)|read\s+(?:about|that|online)|"
    r"google|googled|heard|dr\s+google|in\s+the\s+future|one\s+day|someday|eventually|ever\s+get|will\s+i|am\s+i\s+going)\b",
    re.I,
)
# General questions about what something can cause ("can an SI joint fusion cause infection").
CAUSE_QUESTION = re.compile(
    r"^\W*(?:can|could|does|do|will|would|might|may|is\s+it\s+possible\s+for)\b[^.?!]{0,60}?"
    r"\b(?:cause|causes|lead\s+to|leads\s+to|give\s+(?:you|me|people)|result\s+in|make\s+you|be\s+a\s+sign|mean)\b|"
    r"\bcan\s+i\s+(?:get|catch|develop|end\s+up|become|lose)\b",
    re.I,
)
# Time words. Nearest marker to a mention (same sentence) decides its time.
PAST = re.compile(
    r"\b(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|few|several|many|some|couple\s+of|a\s+couple\s+of|couple)\s+"
    r"(?:years?|yrs?|decades?|months?|mths?)\s+(?:ago|back|before|earlier)|years?\s+ago|decades?\s+ago|months?\s+ago|last\s+year|the\s+year\s+before|"
    r"(?:a\s+)?long\s+(?:time\s+)?ago|ages\s+ago|back\s+in|in\s+(?:19|20)\d\d|as\s+a\s+(?:child|kid|teen|teenager|boy|girl|baby|student)|"
    r"when\s+i\s+was\s+(?:young|younger|little|small|a\s+(?:kid|child|teen|teenager|boy|girl|baby|student)|in\s+my|\d+|pregnant|at\s+school)|"
    r"in\s+my\s+(?:teens|twenties|thirties|forties|20s|30s|40s|youth)|childhood|used\s+to|previously|in\s+the\s+past|at\s+one\s+point|last\s+month|"
    r"in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|"
    r"last\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|christmas|easter)|"
    r"once\s+before|(?:back\s+)?when\s+i\s+had\s+(?:my|the)\s+(?:kids|children|baby|son|daughter)|years\s+back|last\s+(?:spring|summer|autumn|winter|fall))\b",
    re.I,
)
CHRONIC = re.compile(
    r"\b(?:for\s+(?:(?:about|around|over|nearly|almost|like|the\s+last|the\s+past|past|last)\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|many|several|some|few|a\s+few|couple\s+of|a\s+couple\s+of)\s+"
    r"(?:years?|yrs?|decades?|months?)|for\s+years|for\s+decades|for\s+months|years\s+now|"
    r"since\s+(?:childhood|i\s+was|my\s+(?:teens|twenties|kids|children|baby|babies|twins|son|daughter|pregnancy|pregnancies|menopause|prostate|stroke|ms|diabetes|operation|surgery|op)|"
    r"having\s+(?:my|the|a)\s+(?:kids|children|baby|babies|son|daughter|twins)|giving\s+birth|childbirth|birth|the\s+birth|pregnancy|menopause|(?:19|20)\d\d)|"
    r"always\s+(?:had|been|have|has)|all\s+my\s+life|whole\s+life|long[-\s]?standing|chronic|lifelong|life-long|on\s+and\s+off\s+for|"
    r"after\s+(?:having\s+)?(?:my\s+)?(?:kids|children|babies|childbirth|pregnancy|pregnancies)|from\s+(?:birth|childbirth|my\s+pregnancy)|"
    r"(?:old|older)\s+age|getting\s+older|menopause|menopausal|prostate|diabetic|diabetes|neuropathy|ms\b|multiple\s+sclerosis|stroke|pregnan\w*|"
    r"childbirth|after\s+birth|postpartum|since\s+birth|uti|urine\s+infection|water\s+infection|bladder\s+infection|kidney\s+infection|diuretic|water\s+tablets?|"
    r"overactive\s+bladder|ibs|irritable\s+bowel|crohn'?s|colitis|piles|haemorrhoids|hemorrhoids|constipat\w*|diarrh\w*|laxatives?|codeine|opioids?|tramadol|morphine|oxycodone)\b",
    re.I,
)
RECENT = re.compile(
    r"\b(?:yesterday|today|tonight|this\s+(?:morning|afternoon|evening|week|weekend)|last\s+(?:night|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:\d+|a|one|two|three|four|five|six|seven|few|several|couple\s+of|a\s+couple\s+of|couple)\s+(?:days?|weeks?|hours?|hrs?|nights?)\s+ago|"
    r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|earlier|recently|recent|just\s+now|an\s+hour\s+ago|"
    r"since\s+(?:yesterday|this\s+morning|last\s+night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+weekend|then|last\s+week)|"
    r"(?:for|in)\s+(?:the\s+)?(?:last|past)\s+(?:few\s+|couple\s+of\s+|\d+\s+)?(?:days?|weeks?|hours?|nights?)|"
    r"for\s+(?:\d+|a|one|two|three|few|a\s+few|several|couple\s+of|a\s+couple\s+of)\s+(?:days?|weeks?|hours?|nights?)|new|newly|suddenly|sudden|all\s+of\s+a\s+sudden|this\s+time|now|right\s+now|currently|at\s+the\s+moment|still|ongoing|"
    r"a\s+(?:week|fortnight)\s+ago|last\s+(?:fortnight|few\s+days))\b",
    re.I,
)
RESOLVED = re.compile(
    r"\b(?:went\s+away|gone\s+away|(?:it|that|this)\s+(?:has|had)\s+gone|(?:it|that)'?s\s+gone|gone\s+now|cleared\s+up|resolved|"
    r"got\s+better|settled\s+down|(?:it|that)\s+passed|not\s+any\s*more|no\s+longer|never\s+came\s+back|fine\s+since|"
    r"(?:all\s+)?better\s+now|okay\s+now|ok\s+now|fine\s+now|back\s+to\s+normal|(?:it|that)\s+stopped|disappeared)\b",
    re.I,
)
# "fell down a full flight of stairs": a fall from height or down stairs is major trauma.
FALL_FROM_HEIGHT = re.compile(
    r"^\W*(?:[\w']+\s+){0,3}?(?:down|off|from|through|out\s+of)\s+(?:[\w']+\s+){0,5}?(?:ladder|roof|stairs|staircase|steps|horse|"
    r"cliff|balcony|scaffold\w*|wall|tree|loft|attic|window|bunk\s*bed|height|motorbike|motorcycle|bike|bicycle|quad|trampoline)\b",
    re.I,
)
# Trigger words that make leg numbness or heaviness a walking/standing (stenosis) pattern, or pain
# the reason for not moving: these become a question, not an alarm.
TRIGGERED = re.compile(
    r"\b(?:when(?:ever)?|if|after|while|once)\s+(?:i\s+)?(?:walk|walking|stand|standing|sit|sitting|sat|"
    r"cross|crossed|run|running|cycle|cycling|drive|driving|lie|lying|lay|laying|sleep|sleeping|wake|waking|exercise|"
    r"exercising|squat|squatting|kneel|kneeling|bend|bending)\w*|\bafter\s+(?:a\s+)?(?:while|long\s+walk|walk|walking|standing|sitting|a\s+long\s+time)|"
    r"\bafter\s+(?:the\s+|a\s+|my\s+)?(?:football|running|run|exercise|gym|work|training|sport|sports|gardening|cycling|ride|hike|"
    r"hiking|match|game|workout|shift|long\s+day|day\s+at\s+work|swim|swimming|dancing|yoga|tennis|golf)\b|"
    r"\b(?:walking|standing|sitting)\s+(?:too\s+)?(?:long|for\s+long|for\s+a\s+while|a\s+while)|\bon\s+(?:walking|standing)|"
    r"\bgoes?\s+away\s+when|\beases\s+when|\bbetter\s+when\s+i\s+(?:sit|rest|lie|bend)|\bfor\s+a\s+(?:few|couple\s+of)\s+(?:minutes|seconds)|"
    r"\b(?:in|on)\s+the\s+(?:morning|mornings)\b|\bsometimes|\bnow\s+and\s+then|\bon\s+and\s+off|\boccasionally|\bevery\s+(?:now|so)\b",
    re.I,
)
PAIN_CAUSE = re.compile(
    r"\b(?:because\s+of\s+(?:the|my)?\s*pain|because\s+it\s+hurts|(?:too|so)\s+(?:painful|sore)|it\s+hurts\s+(?:too|so)\s+much|"
    r"(?:from|due\s+to|with)\s+(?:the|all\s+the)?\s*pain|without\s+(?:pain|it\s+hurting|hurting|screaming|crying|agony)|"
    r"in\s+(?:too\s+much\s+|so\s+much\s+)?(?:pain|agony)|hurts\s+too\s+much|for\s+long|very\s+far|far|for\s+more\s+than|"
    r"more\s+than\s+\d+|longer\s+than|for\s+\d+\s+minutes|upright|straight|up\s+straight|the\s+pain|pain\s+is|"
    r"without\s+help|without\s+a\s+stick|without\s+my\s+stick)\b",
    re.I,
)
TRIGGER_COUGH = re.compile(r"\b(?:cough|coughing|coughs|sneeze|sneezing|sneezes|laugh|laughing|laughs|jump|jumping|jumps|lift|lifting|run|running|exercise|exercising|trampoline)\b", re.I)
INTENTIONAL = re.compile(
    r"\b(?:diet|dieting|diets|on\s+purpose|trying|tried|try|gym|exercis\w*|intentional(?:ly)?|meant\s+to|plan|planned|goal|keto|"
    r"fasting|calorie|calories|slimming|weight\s*watchers|ozempic|wegovy|mounjaro|semaglutide|tirzepatide|surgery|bariatric|gastric|"
    r"healthier|healthy|running|walking\s+more|cut\s+out|cutting\s+out|sugar|carbs|need\s+to|should|want\s+to|wanted\s+to|hoping\s+to|"
    r"have\s+to|has\s+to|told\s+me\s+to|asked\s+me\s+to|advised|would\s+help|will\s+help|might\s+help|help\s+(?:my|the|with)|pregnan\w*|"
    r"baby|birth|gained|gain|put\s+on)\b",
    re.I,
)
EXPLAINED = re.compile(
    r"\b(?:from|because\s+of|due\s+to|thanks\s+to|after|with)\s+(?:all\s+)?(?:the\s+|my\s+|this\s+)?(?:walking|exercise|exercising|running|"
    r"swimming|cycling|gym|training|diet|dieting|stress|covid|flu|illness|being\s+ill|sickness|vomiting|surgery|op|operation|"
    r"breastfeeding|new\s+job|moving|holiday|hiking|sport|sports)\b|\bon\s+holiday\b",
    re.I,
)
UNEXPLAINED = re.compile(
    r"\b(?:without\s+(?:trying|dieting|meaning\s+to|even\s+trying|changing)|not\s+(?:trying|dieting)|wasn'?t\s+trying|weren'?t\s+trying|"
    r"haven'?t\s+been\s+(?:trying|dieting)|no\s+reason|for\s+no\s+reason|unexplained|unintentional(?:ly)?|unintended|don'?t\s+know\s+why|"
    r"no\s+idea\s+why|not\s+sure\s+why|can'?t\s+explain|by\s+itself|on\s+its\s+own|eating\s+(?:the\s+same|normally|normal|fine|well|more))\b",
    re.I,
)
STEROID_NOT_LONG_TERM = re.compile(
    r"\b(?:inject\w*|shot|shots|jab|jabs|epidural|block|inhaler|inhalers|puffer|cream|creams|ointment|drops|spray|nasal|"
    r"short\s+course|one\s+course|a\s+course|course\s+of|once|one\s+off|one-off|single|few\s+days|a\s+week|five\s+days|5\s+days|anabolic)\b",
    re.I,
)
STEROID_LONG_TERM = re.compile(
    r"\b(?:long[-\s]?term|for\s+(?:years|months|ages|a\s+long\s+time|(?:\d+|a|two|three|several|many|few)\s+(?:years?|months?))|"
    r"every\s+day|daily|each\s+day|a\s+day|tablets?|pills?|oral|regular(?:ly)?|maintenance|on\s+(?:them|it|steroids|prednisone|prednisolone)|"
    r"taking|take|takes|been\s+on|still\s+on|years|permanently|mg)\b",
    re.I,
)
CURRENT_CHEMO = re.compile(r"\b(?:on|having|getting|started|start|doing|during|in\s+the\s+middle\s+of|currently|receiving|undergoing|still)\b", re.I)
NOT_IV = re.compile(r"\b(?:insulin|b12|vitamin|ozempic|wegovy|mounjaro|testosterone|hormones?|ivf|fertility|allergy|epipen|methotrexate|humira|heparin|fragmin|clexane|enoxaparin|sumatriptan|semaglutide|pen)\b", re.I)
PROCEDURE_FUTURE = re.compile(
    r"\b(?:going\s+to\s+have|gonna\s+have|will\s+have|scheduled|booked|waiting\s+(?:for|on)|on\s+the\s+(?:waiting\s+)?list|waitlist|next\s+(?:week|month|year)|"
    r"considering|thinking\s+(?:about|of)|might\s+(?:have|need)|may\s+need|need\s+(?:a|an|to\s+have)|offered|suggested|recommend\w*|"
    r"should\s+i|do\s+i\s+need|would|planned|planning|due\s+to\s+have|referred|referral)\b",
    re.I,
)
# One leg, then the other: weakness or numbness spreading to both legs.
SPREAD_TO_BOTH = re.compile(
    r"\b(?:the|my)\s+other\s+(?:one|leg|side)\b|\b(?:left|right)\s+one\b[^.!?]{0,30}?\b(?:too|as\s+well|also|now)\b|"
    r"\bnow\s+(?:the|my)\s+(?:left|right|other)\s+(?:one|leg|side)?|\bspread\w*\s+to\s+(?:the|my)\s+other\b|\bboth\s+(?:sides|legs)\b",
    re.I,
)
# Temperatures that mean a fever (C or F), with or without the word "temperature".
FEVER_NUMBER = re.compile(
    r"\b(?:3[89](?:[.,]\d+)?|4[0-2](?:[.,]\d+)?)\s*(?:°\s*c?|degrees?(?:\s*c(?:elsius)?)?|c)\b(?![a-z])|"
    r"\b(?:100(?:[.,][4-9]\d*)|10[1-6](?:[.,]\d+)?)\s*(?:°\s*f?|degrees?(?:\s*f(?:ahrenheit)?)?|f)\b(?![a-z])|"
    r"\btemp(?:erature)?\s+(?:of|is|was|at|reading|hit|went\s+up\s+to|up\s+to|around|about|over)?\s*(?:3[89]|4[0-2]|100[.,][4-9]|10[1-6])(?:[.,]\d+)?\b",
    re.I,
)
AGE_OVER_70 = re.compile(
    r"\b(?:i'?m|i\s+am|im|aged?|age\s+is|age:|turned|turning)\s*(?:now\s+)?(7[1-9]|[89]\d|1[01]\d)\b(?!\s*(?:kg|kilos|lbs?|pounds|%|percent|mg|minutes|mins|days|weeks|months|times|cm|km|miles))|"
    r"\b(7[1-9]|[89]\d|1[01]\d)\s*(?:-\s*)?(?:years?|yrs?|yo|y/o|y\.o\.?)(?:\s*-?\s*old)?\b(?!\s*(?:ago))|"
    r"\bin\s+my\s+(?:(?:early|mid|late)[\s-]+)?(?:70s|80s|90s|70's|80's|90's|seventies|eighties|nineties)\b|"
    r"\b(?:over|past|older\s+than)\s+(?:70|seventy|75|80|eighty)\b|\b(?:septuagenarian|octogenarian|nonagenarian)\b",
    re.I,
)

REGEX_ATOMS[0] = ("FEVER", "fever", FEVER_NUMBER)
REGEX_ATOMS[1] = ("FACTOR", "age_over_70", AGE_OVER_70)

# ------------------------------------------------------------------------------------------
# Typos
# ------------------------------------------------------------------------------------------

TYPOS: Dict[str, str] = {
    "bladdder": "bladder", "bladdr": "bladder", "bladda": "bladder", "blader": "bladder", "bladr": "bladder",
    "bladdar": "bladder", "blodder": "bladder", "bowl": "bowl", "bowles": "bowels", "bowls": "bowls",
    "bowells": "bowels", "bowell": "bowel", "numbess": "numbness", "numbnes": "numbness", "numness": "numbness",
    "numbnss": "numbness", "numbenss": "numbness", "numbnesss": "numbness", "numbniss": "numbness",
    "num": "numb", "numm": "numb", "nmb": "numb", "numbb": "numb", "nunb": "numb", "mumb": "numb",
    "numbe": "numb", "numbd": "numb", "numbbed": "numb", "numbed": "numb", "numbish": "numb",
    "tinglin": "tingling", "tinglng": "tingling", "tingeling": "tingling", "tinggling": "tingling",
    "weeknes": "weakness", "weaknes": "weakness", "weekness": "weakness", "weakniss": "weakness",
    "weakeness": "weakness", "waekness": "weakness", "weakish": "weak", "weakk": "weak", "waek": "weak",
    "weeak": "weak", "wek": "weak", "weakned": "weakened", "weakend": "weakened",
    "fevar": "fever", "fevr": "fever", "feaver": "fever", "fiever": "fever", "feber": "fever",
    "fevor": "fever", "feveer": "fever", "fevers": "fevers", "temprature": "temperature",
    "tempreture": "temperature", "temperture": "temperature", "tempature": "temperature",
    "tempurature": "temperature", "temparature": "temperature", "chils": "chills", "chillls": "chills",
    "shiverring": "shivering", "canser": "cancer", "cancr": "cancer", "cancre": "cancer", "cancar": "cancer",
    "cancor": "cancer", "kancer": "cancer", "tumer": "tumour", "tumour's": "tumour", "chemotheraphy": "chemotherapy",
    "kemo": "chemo", "steriods": "steroids", "steriod": "steroid", "steroides": "steroids", "predisone": "prednisone",
    "prednizone": "prednisone", "prednisalone": "prednisolone", "osteoperosis": "osteoporosis",
    "osteoporsis": "osteoporosis", "osteoprosis": "osteoporosis", "ostioporosis": "osteoporosis",
    "osteoporisis": "osteoporosis", "osteoporosos": "osteoporosis", "osteopina": "osteopenia",
    "paralized": "paralysed", "paralised": "paralysed", "parylized": "paralysed", "paralyzd": "paralysed",
    "incontinance": "incontinence", "incontinece": "incontinence", "incontenence": "incontinence",
    "incontinant": "incontinent", "incontinet": "incontinent", "privites": "privates", "privets": "privates",
    "privats": "privates", "genitles": "genitals", "genetals": "genitals", "genitels": "genitals",
    "crotche": "crotch", "vagnia": "vagina", "vagine": "vagina", "testicals": "testicles",
    "testicels": "testicles", "peeing": "peeing", "peein": "peeing", "weeing": "weeing", "poopin": "pooping",
    "pooping": "pooping", "urin": "urine", "uriene": "urine", "urinat": "urinate", "accidnet": "accident",
    "acident": "accident", "accedent": "accident", "accidant": "accident", "ladde": "ladder", "surgury": "surgery",
    "sugery": "surgery", "surgey": "surgery", "surjery": "surgery", "opperation": "operation",
    "operaton": "operation", "injecton": "injection", "injektion": "injection", "injectoin": "injection",
    "injeciton": "injection", "epidrual": "epidural", "epideral": "epidural", "feint": "faint", "fainted": "fainted",
    "dizy": "dizzy", "dizzey": "dizzy", "lightheded": "lightheaded", "tareing": "tearing", "tearring": "tearing",
    "riping": "ripping", "stomache": "stomach", "stomac": "stomach", "abdomin": "abdomen", "wieght": "weight",
    "weigth": "weight", "wight": "weight", "weght": "weight", "lgs": "legs", "leggs": "legs", "lges": "legs",
    "legz": "legs", "feets": "feet", "legss": "legs", "saddel": "saddle", "sadle": "saddle", "bottum": "bottom",
    "botom": "bottom", "buttocks": "buttocks", "buttox": "buttocks", "groyn": "groin", "grion": "groin",
    "heroine": "heroin", "herion": "heroin", "heroyn": "heroin", "immune": "immune", "imune": "immune",
    "transplnt": "transplant", "controll": "control", "contol": "control", "contorl": "control",
    "cntrol": "control", "controle": "control", "loosing": "losing", "lossing": "losing", "lost": "lost",
    "cant": "cant", "cnt": "cant", "caint": "cant", "wipeing": "wiping", "whipe": "wipe", "whiping": "wiping",
    "whipeing": "wiping", "wippng": "wiping", "wiipe": "wipe", "toliet": "toilet", "toilett": "toilet",
    "toiet": "toilet", "tiolet": "toilet", "bathrom": "bathroom", "bathroon": "bathroom", "colapsed": "collapsed",
    "collasped": "collapsed", "collaped": "collapsed", "colapse": "collapse", "buckeled": "buckled",
    "buckld": "buckled", "tripin": "tripping", "draging": "dragging", "dragginng": "dragging", "felll": "fell",
    "constnt": "constant", "contstant": "constant", "constent": "constant",
    "conatant": "constant", "nite": "night", "nigth": "night", "niht": "night", "tonite": "tonight",
    "yestrday": "yesterday", "yesturday": "yesterday", "yesterdy": "yesterday", "yeterday": "yesterday",
    "morining": "morning", "mornig": "morning", "sudenly": "suddenly", "suddently": "suddenly",
    "suddnly": "suddenly", "suddendly": "suddenly", "tingley": "tingly", "pins&needles": "pins and needles",
    "pinsandneedles": "pins and needles", "downthere": "down there", "dwn": "down", "ther": "there",
    "thier": "their", "legit": "legit", "ive": "ive", "im": "im", "myslef": "myself", "mysefl": "myself",
    "myelf": "myself", "mysef": "myself", "myslf": "myself", "pantz": "pants", "trousres": "trousers",
    "bothe": "both", "bothh": "both", "boht": "both", "bothlegs": "both legs", "weekend": "weekend",
}
# Distinctive words (7+ letters) worth mending when one edit away ("paralysd", "incontinense").
FUZZY_TARGETS = [
    "bladder", "numbness", "tingling", "weakness", "incontinence", "incontinent", "paralysed",
    "paralyzed", "paralysis", "genitals", "genital", "privates", "private", "testicles", "perineum",
    "urinate", "urinating", "urination", "temperature", "shivering", "osteoporosis", "osteopenia",
    "steroids", "prednisone", "prednisolone", "immunosuppressed", "immunocompromised", "chemotherapy",
    "radiotherapy", "transplant", "injecting", "epidural", "surgery", "operation", "injection",
    "accident", "collapsed", "lightheaded", "fainting", "tearing", "ripping", "stomach", "abdomen",
    "constantly", "constant", "buttocks", "buttock", "tailbone", "yesterday", "suddenly",
    "controlling", "control", "leaking", "dribbling", "wetting", "pooping", "dragging",
    "tripping", "stumbling", "unsteady", "methotrexate", "metastatic", "lymphoma", "leukemia",
    "leukaemia", "myeloma", "melanoma", "tumour", "discectomy", "laminectomy", "microdiscectomy",
    "fusion", "ladder", "scaffolding", "motorbike", "motorcycle", "staircase", "fracture",
    "buckled", "buckling", "feverish", "shivers", "rigors", "sweats", "weight", "thinner",
    "retention", "emptying", "toilet", "bathroom", "saddle", "crotch", "between", "myself",
]
PROTECTED_WORDS = {
    "between", "betwixt", "private", "privacy", "tearing", "wearing", "hearing", "bearing", "searing",
    "rearing", "nearing", "gearing", "clearing", "fearing", "tipping", "dripping", "gripping",
    "ripping", "shipping", "skipping", "slipping", "stripping", "whipping", "tripping", "trapping",
    "control", "controls", "console", "constant", "consent", "contact", "context", "content",
    "weight", "height", "eight", "weights", "freight", "sleight", "weighty", "heights", "weighed",
    "thinner", "thinker", "dinner", "winner", "sinner", "spinner", "toilet", "toilets", "tablet",
    "tablets", "bathroom", "bathrooms", "ladder", "ladders", "leader", "leaders", "larder", "louder",
    "lander", "sadder", "saddle", "paddle", "waddle", "fiddle", "middle", "riddle", "crotch",
    "crutch", "crouch", "clutch", "notch", "fusion", "vision", "version", "fashion", "session",
    "suction", "function", "mission", "surgery", "surgeon", "accident", "incident", "stomach",
    "stomachs", "sweats", "sweaty", "sweets", "sweeps", "shivers", "slivers", "livers", "givers",
    "rivers", "waivers", "quivers", "fevers", "rigors", "vigors", "leaking", "leaping", "peaking",
    "speaking", "wetting", "setting", "betting", "getting", "letting", "netting", "petting",
    "putting", "cutting", "wedding", "weeding", "pooping", "popping", "hopping", "mopping", "shopping",
    "dropping", "stopping", "topping", "dragging", "bragging", "dagging", "tagging", "bagging",
    "nagging", "wagging", "dredging", "stumbling", "rumbling", "tumbling", "humbling", "fumbling",
    "grumbling", "crumbling", "mumbling", "bumbling", "buckled", "buckles", "chuckled", "tackled",
    "trickled", "tickled", "pickled", "suckled", "buckling", "tackling", "tickling", "constants",
    "collapsed", "collapses", "elapsed", "relapsed", "lapsed", "myself", "itself", "himself",
    "herself", "yourself", "lightheaded", "retention", "attention", "detention", "intention",
    "emptying", "tempting", "retaining", "temperatures", "feverish", "sweaty", "fainting", "painting",
    "printing", "pointing", "tainting", "feinting", "stomachache", "injections", "inspection",
    "rejection", "affection", "infection", "infections", "operations", "cooperation", "injecting",
    "inspecting", "rejecting", "infecting", "affecting", "perfecting", "protecting", "selecting",
    "reflecting", "collecting", "correcting", "detecting", "expecting", "respecting", "suspecting",
    "numbers", "numbered", "plumbness", "dumbness", "tingles", "jingling", "mingling", "tinkling",
    "singling", "weakens", "wakeness", "weekend", "weekends", "weekly", "genial", "general",
    "genitive", "paralyse", "analysis", "paralegal", "transplants", "transport", "transplanted",
    "prostate", "prostrate", "steroid", "asteroid", "asteroids", "epidermal", "pyramid", "surgeries",
    "discretion", "directly", "buttons", "buttock", "button", "tailbones", "saddles", "addled",
}


# ------------------------------------------------------------------------------------------
# Pattern expansion
# ------------------------------------------------------------------------------------------


def _slot_alternatives(slot: str) -> Tuple[List[str], bool]:
    optional = slot.endswith("?")
    body = slot[:-1] if optional else slot
    alternatives: List[str] = []
    for alt in body.split("|"):
        if alt.startswith("@"):
            alternatives.extend(MACROS[alt[1:]].split("|"))
        elif alt:
            alternatives.append(alt)
    return [a.replace("_", " ") for a in alternatives], optional


def expand(pattern: str) -> List[str]:
    """All phrases one pattern stands for ("can't|cannot feel it?" -> 4 phrases)."""
    slots = []
    for raw in pattern.split():
        alternatives, optional = _slot_alternatives(raw)
        slots.append(alternatives + ([""] if optional else []))
    phrases = []
    for combo in itertools.product(*slots):
        text = " ".join(part for part in combo if part)
        if text:
            phrases.append(text)
    return phrases


def token_patterns(tokenize) -> List[Dict]:
    """Entity-ruler token patterns for every atom (compact: one ``IN`` list per slot where the
    alternatives are single tokens). ``tokenize(text) -> list of lower-case tokens``."""
    out: List[Dict] = []
    seen = set()
    for label, by_id in ATOMS.items():
        for atom_id, patterns in by_id.items():
            for pattern in patterns:
                slot_branches = []
                for raw in pattern.split():
                    alternatives, optional = _slot_alternatives(raw)
                    singles, multis = [], []
                    for alt in alternatives:
                        toks = tokenize(alt)
                        if len(toks) == 1:
                            singles.append(toks[0])
                        elif toks:
                            multis.append(toks)
                    branches: List[List[Dict]] = []
                    if singles:
                        branches.append([{"LOWER": {"IN": sorted(set(singles))}}])
                    branches.extend([[{"LOWER": t} for t in toks] for toks in multis])
                    if optional:
                        branches.append([])
                    slot_branches.append(branches)
                for combo in itertools.product(*slot_branches):
                    tokens = [spec for branch in combo for spec in branch]
                    if not tokens:
                        continue
                    key = (label, atom_id, repr(tokens))
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append({"label": label, "id": atom_id, "pattern": tokens})
    return out


def atom_phrases() -> Iterable[Tuple[str, str, str]]:
    """(label, id, phrase) for every atom phrase, without duplicates."""
    seen = set()
    for label, by_id in ATOMS.items():
        for atom_id, patterns in by_id.items():
            for pattern in patterns:
                for phrase in expand(pattern):
                    key = (label, atom_id, phrase.lower())
                    if key not in seen:
                        seen.add(key)
                        yield label, atom_id, phrase.lower()
