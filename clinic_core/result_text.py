"""The words of a quiz result, from ``evidence/result_text.yml``. Plain Python, no Rasa import.

The decision (route, band, pattern, pathway) is made in ``scoring``; this module only turns it into
patient text: a summary (band phrase or pattern, always "not a diagnosis"), a details line with
the estimate rounded to 5 points, one line per driver saying which way the answer went, and the
next steps (after an urgent or emergency alert: a pointer back to it first, and no simple care or
fusion). ``message`` puts them together as one text, a paragraph per part.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Mapping

import yaml

from clinic_core.catalogue import Catalogue

if TYPE_CHECKING:  # pragma: no cover
    from clinic_core.scoring import Decision

TEXT_FILE = Path(__file__).resolve().parent / "evidence" / "result_text.yml"
REQUIRED_STEPS = (
    "care_start", "care_continue", "confirm", "exam_possible", "fusion", "other_causes", "get_checked",
    "spine_exam", "hip_exam", "rheum_visit", "rheum_first", "rheum_active", "hla_test",
    "pregnancy_common", "pregnancy_provider", "pregnancy_pt", "safety", "after_alert",
)


@lru_cache(maxsize=1)
def wording() -> Mapping[str, Any]:
    text = yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))
    missing = [key for key in REQUIRED_STEPS if key not in text["steps"]]
    if missing:
        raise ValueError(f"result_text.yml lacks steps: {', '.join(missing)}")
    return text


def rounded_percent(probability: float) -> int:
    """The estimate for display: whole percent, rounded to the nearest 5 (the payload keeps it all)."""
    return int(5 * round(probability * 100 / 5))


def details_line(probability: float) -> str:
    return wording()["details"].format(percent=rounded_percent(probability))


def summary(decision: "Decision") -> str:
    words = wording()
    if decision.route == "rheumatology":
        opening = [words["rheumatology"]]
    elif decision.si_pattern is not None and decision.route in ("si_likely", "si_possible"):
        opening = [words["si_patterns"][decision.si_pattern]]
    else:
        opening = [words["bands"][decision.band]]
    if decision.other_pattern is not None:
        key = "other_pattern" if decision.route == "si_unlikely" else "mixed_pattern"
        opening.append(words[key].format(says=decision.other_pattern.says))
    closing = [words["not_a_diagnosis"]]
    if decision.route == "si_likely" and decision.pathway is None:
        closing.append(words["confirm"])
    elif decision.route == "si_unlikely" and decision.other_pattern is None:
        closing.append(words["no_pattern"])
    return " ".join(opening + closing)


def driver_lines(drivers: List[str], answers: Mapping[str, Any], catalogue: Catalogue) -> List[str]:
    """One line per driver: "You said yes: ..." / "You said no: ..." (lower-case label)."""
    lines = []
    for item_id in drivers:
        value = answers.get(item_id)
        if isinstance(value, bool):
            label = catalogue.item(item_id).label
            label = label[0].lower() + label[1:]
            lines.append(wording()["drivers"]["yes" if value else "no"].format(label=label))
    return lines


def _route_steps(decision: "Decision", care: str, steps: Mapping[str, str]) -> List[str]:
    region = [steps[f"{decision.other_pattern.region}_exam"]] if decision.other_pattern else []
    if decision.pathway == "pregnancy":
        # Pelvic girdle pain pathway: obstetric and physiotherapy care, never an injection or procedure.
        extra = [steps["rheum_visit"]] if decision.route == "rheumatology" else region
        return [steps["pregnancy_common"], steps["pregnancy_provider"], steps["pregnancy_pt"]] + extra
    if decision.route == "rheumatology":
        return [steps["rheum_visit"], steps["rheum_first"], steps["rheum_active"]]
    if decision.route == "si_likely":
        return [care, steps["confirm"]] + ([steps["fusion"]] if decision.fusion else [])
    if decision.route == "si_possible":
        return [care] + region + [steps["exam_possible"]]
    if region:
        return region + [care]
    return [steps["other_causes"], steps["get_checked"], care]


def next_steps(decision: "Decision", care_tried: bool, after_alert: bool = False) -> List[str]:
    """The steps for a decision; ``after_alert``: an urgent or emergency alert came earlier, so it
    leads (the alert itself is said again before the result) and simple care and fusion go."""
    steps: Dict[str, str] = wording()["steps"]
    care = steps["care_continue"] if care_tried else steps["care_start"]
    result = _route_steps(decision, care, steps)
    if decision.hla_test_step:
        result.append(steps["hla_test"])
    if after_alert:
        dropped = {steps["care_start"], steps["care_continue"], steps["fusion"]}
        result = [steps["after_alert"]] + [step for step in result if step not in dropped]
    return result + [steps["safety"]]


def parameters(summary: str, details: str, driver_lines: List[str], steps: List[str]) -> Dict[str, str]:
    """The parts the domain response ``utter_quiz_result`` puts together: ``details`` holds the
    details line and the "You said ..." lines (no empty paragraph without drivers); ``steps`` is a
    list for the web, ``steps_plain`` one step a line for SMS (no markdown there)."""
    paragraphs = [details] + (["\n".join(driver_lines)] if driver_lines else [])
    return {"summary": summary, "details": "\n\n".join(paragraphs), "next_steps_heading": wording()["next_steps"],
            "steps": "\n".join(f"- {step}" for step in steps), "steps_plain": "\n".join(steps)}


def message(summary: str, details: str, driver_lines: List[str], steps: List[str]) -> str:
    """The result as one text, as the web reads it (utter_quiz_result's default variant; checked
    equal by tests/unit/test_wording_in_one_place.py)."""
    parts = parameters(summary, details, driver_lines, steps)
    return f"{parts['summary']}\n\n{parts['details']}\n\n{parts['next_steps_heading']}\n{parts['steps']}"
