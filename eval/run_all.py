"""Evaluation on the held-out sets, through a real Rasa server and action server.

    make eval            # writes eval/reports/*.md and eval/reports/summary.json
    python -m eval.run_all --check   # also exits 1 when a gate is missed (used by make test)

Nothing in eval/*.yml is ever trained on (tests/unit checks the sets are disjoint from data/).
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from clinic_core.vocabulary import LEVEL_ORDER, NUMBER_ITEMS, SYMPTOM_EXTRACTOR, TRIAGE_ALERT
from eval.quiz_story_http import eval_quiz_stories
from eval.quiz_story_sim import TARGETS as STORY_TARGETS
from eval.quiz_story_sim import load_stories, report as story_report, run_all as simulate_stories
from scripts.servers import running_assistant

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
TOKEN = "eval-only-token"

GATES = {
    "quiz_intent_f1": 0.90,
    "quiz_item_accuracy": 0.90,
    "red_flag_recall": 1.0,
    "red_flag_false_alarm_rate": 0.05,  # at most
    "faq_top1": 0.95,
    # issue 10's targets on the held-out quiz stories: all 100 in the core (eval/quiz_story_sim.py)
    # and a fixed sample of 20 over HTTP (eval/quiz_story_http.py)
    "quiz_story_core_exact_rate_story_first": STORY_TARGETS["exact_rate"],
    "quiz_story_core_exact_rate_quiz_first": STORY_TARGETS["exact_rate"],
    "quiz_story_exact_rate_story_first": STORY_TARGETS["exact_rate"],
    "quiz_story_exact_rate_quiz_first": STORY_TARGETS["exact_rate"],
    "quiz_story_under_triage": STORY_TARGETS["under_triage"],  # at most
    "quiz_story_median_questions_story_first": STORY_TARGETS["median_story_first"],  # at most
    "quiz_story_median_questions_quiz_first": STORY_TARGETS["median_quiz_first"],  # at most
}
# Upper-bound gates: every "...rate" (false alarms) and these.
AT_MOST = {"quiz_story_under_triage", "quiz_story_median_questions_story_first",
           "quiz_story_median_questions_quiz_first"}


def at_most(name: str) -> bool:
    return name.endswith("rate") or name in AT_MOST


class Client:
    def __init__(self, url: str):
        self.url = url

    def _post(self, path: str, body: Dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.url}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def parse(self, text: str) -> Dict[str, Any]:
        return self._post(f"/model/parse?token={TOKEN}", {"text": text})

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        return self._post("/webhooks/rest/webhook", {"sender": sender, "message": text}) or []


def load(name: str) -> List[Dict[str, Any]]:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def f1_macro(pairs: List[tuple]) -> Dict[str, Any]:
    labels = sorted({gold for gold, _ in pairs})
    per_label = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    total = sum(v["support"] for v in per_label.values())
    weighted = sum(v["f1"] * v["support"] for v in per_label.values()) / total if total else 0.0
    return {"weighted_f1": weighted, "per_label": per_label}


def items_from_parse(parsed: Dict[str, Any]) -> Dict[str, Any]:
    found: Dict[str, Any] = {}
    for entity in parsed.get("entities") or []:
        if entity.get("extractor") != SYMPTOM_EXTRACTOR:
            continue
        if entity["entity"] == "symptom":
            found[entity["value"]] = entity.get("role") != "absent"
        elif entity["entity"] in NUMBER_ITEMS:
            found[entity["entity"]] = float(entity["value"])
    return found


def same_items(expected: Dict[str, Any], found: Dict[str, Any]) -> bool:
    if set(expected) != set(found):
        return False
    for key, value in expected.items():
        if isinstance(value, bool) or isinstance(found[key], bool):
            if value is not found[key] and value != found[key]:
                return False
        elif abs(float(value) - float(found[key])) > 0.51:
            return False
    return True


def eval_quiz(client: Client) -> Dict[str, Any]:
    data = load("quiz_nlu.yml")
    pairs, exact, failures = [], 0, []
    for case in data:
        parsed = client.parse(case["text"])
        intent = (parsed.get("intent") or {}).get("name")
        pairs.append((case["intent"], intent))
        found = items_from_parse(parsed)
        ok = same_items(case.get("items") or {}, found)
        exact += ok
        if not ok or intent != case["intent"]:
            failures.append({"text": case["text"], "intent": [case["intent"], intent],
                             "expected_items": case.get("items") or {}, "found_items": found})
    scores = f1_macro(pairs)
    return {"n": len(data), "intent_f1": scores["weighted_f1"], "per_intent": scores["per_label"],
            "item_accuracy": exact / len(data), "failures": failures}


def alert_level(messages: List[Dict[str, Any]]) -> Optional[str]:
    levels = [m["custom"]["level"] for m in messages
              if isinstance(m.get("custom"), dict) and m["custom"].get("type") == TRIAGE_ALERT]
    return max(levels, key=lambda lvl: LEVEL_ORDER[lvl]) if levels else None


def triage_outcome(messages: List[Dict[str, Any]], check_asked: bool) -> str:
    level = alert_level(messages)
    if level:
        return level
    return "check" if check_asked else "none"


def eval_red_flags(client: Client) -> Dict[str, Any]:
    data = load("red_flags.yml")
    contexts = {
        "first message": [],
        "mid-quiz": ["take the quiz"],
        "mid-booking": ["I want to book an appointment", "Jane Testperson"],
    }
    rows, failures = [], []
    for context, lead_in in contexts.items():
        for case in data:
            sender = f"eval-{uuid.uuid4()}"
            for line in lead_in:
                client.say(sender, line)
            messages = client.say(sender, case["text"])
            tracker_check = _pending_check(client, sender)
            outcome = triage_outcome(messages, tracker_check)
            rows.append((context, case["level"], outcome))
            expected = case["level"]
            bad = (
                (expected in ("emergency", "urgent") and LEVEL_ORDER[outcome] < LEVEL_ORDER[expected] and outcome != "emergency")
                or (expected == "none" and outcome in ("urgent", "emergency"))
            )
            if bad:
                failures.append({"context": context, "text": case["text"], "expected": expected, "got": outcome})
    positives = [r for r in rows if r[1] in ("emergency", "urgent")]
    recalled = [r for r in positives if LEVEL_ORDER[r[2]] >= LEVEL_ORDER[r[1]]]
    negatives = [r for r in rows if r[1] == "none"]
    false_alarms = [r for r in negatives if r[2] in ("urgent", "emergency")]
    checks_on_negatives = [r for r in negatives if r[2] == "check"]
    by_context = {}
    for context in contexts:
        pos = [r for r in positives if r[0] == context]
        neg = [r for r in negatives if r[0] == context]
        by_context[context] = {
            "recall": sum(LEVEL_ORDER[r[2]] >= LEVEL_ORDER[r[1]] for r in pos) / len(pos) if pos else 1.0,
            "false_alarm_rate": sum(r[2] in ("urgent", "emergency") for r in neg) / len(neg) if neg else 0.0,
            "positives": len(pos), "near_misses": len(neg),
        }
    return {
        "recall": len(recalled) / len(positives) if positives else 1.0,
        "false_alarm_rate": len(false_alarms) / len(negatives) if negatives else 0.0,
        "safety_questions_on_near_misses": len(checks_on_negatives),
        "by_context": by_context, "failures": failures,
        "positives": len(positives), "near_misses": len(negatives),
    }


def _pending_check(client: Client, sender: str) -> bool:
    with urllib.request.urlopen(f"{client.url}/conversations/{sender}/tracker?token={TOKEN}", timeout=30) as r:
        slots = json.loads(r.read())["slots"]
    return slots.get("safety_check_answer") is None


def eval_faq(client: Client) -> Dict[str, Any]:
    data = load("faq.yml")
    correct, failures, per_topic = 0, [], Counter()
    for case in data:
        parsed = client.parse(case["text"])
        intent = (parsed.get("intent") or {}).get("name")
        if case["topic"] == "ask_medical_advice":
            got = intent
        else:
            selector = (parsed.get("response_selector") or {}).get("faq") or {}
            key = ((selector.get("response") or {}).get("intent_response_key") or "")
            got = key.split("/", 1)[1] if intent == "faq" and "/" in key else f"intent:{intent}"
        ok = got == case["topic"]
        correct += ok
        per_topic[case["topic"]] += 0 if ok else 1
        if not ok:
            failures.append({"text": case["text"], "expected": case["topic"], "got": got})
    return {"n": len(data), "top1": correct / len(data), "failures": failures}


def machine() -> str:
    import os
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_reports(summary: Dict[str, Any]) -> None:
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True))
    lines = [
        "# Evaluation report",
        "",
        f"Generated by `make eval` (`python -m eval.run_all`) on {summary['machine']} at {summary['when']}.",
        "Every figure comes from a real Rasa server and action server answering the held-out sets in eval/.",
        "",
        "| measure | value | gate |",
        "|---|---|---|",
    ]
    for name, gate in GATES.items():
        value = summary["metrics"].get(name)
        if value is None:
            continue
        op = "<=" if at_most(name) else ">="
        lines.append(f"| {name} | {value:.3f} | {op} {gate} |")
    rf = summary.get("red_flags")
    if rf:
        lines += ["", "## Red flags by context", "", "| context | positives | recall | near misses | false alarm rate |", "|---|---|---|---|---|"]
        for context, v in rf["by_context"].items():
            lines.append(f"| {context} | {v['positives']} | {v['recall']:.3f} | {v['near_misses']} | {v['false_alarm_rate']:.3f} |")
        lines.append(f"\nNear misses that got one yes/no safety question instead of an alert: {rf['safety_questions_on_near_misses']}.")
    stories = summary.get("quiz_stories")
    if stories:
        lines += ["", "## Quiz stories", "",
                  "All 100 held-out stories (eval/quiz_stories.yml) in the core (eval/quiz_story_sim.py):", "",
                  summary["quiz_story_core"]["table"].split("\n\nMisses")[0], "",
                  f"A fixed sample of {stories['stories']} over HTTP (eval/quiz_story_http.py), story first and "
                  f"quiz first, a simulated patient typing answers from the story; {stories['seconds']:.0f} s:", "",
                  stories["table"].split("\n\nMisses")[0]]
        lines += [f"- note: {run}: {', '.join(said)}" for run, said in stories["notes"].items()]
    for section in ("quiz", "quiz_stories", "red_flags", "faq"):
        failures = (summary.get(section) or {}).get("failures") or []
        if failures:
            lines += ["", f"## {section}: misses ({len(failures)})", ""]
            lines += [f"- `{json.dumps(f, sort_keys=True)}`" for f in failures[:60]]
    (REPORTS / "README.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 when a gate is missed")
    args = parser.parse_args()
    summary: Dict[str, Any] = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with running_assistant(api_token=TOKEN) as servers:
        client = Client(servers["url"])
        quiz = eval_quiz(client)
        stories = eval_quiz_stories(client.say)
        red = eval_red_flags(client)
        faq = eval_faq(client)
    core_table, core = story_report(simulate_stories(load_stories()))
    summary.update(quiz=quiz, quiz_stories=stories, quiz_story_core={"table": core_table, "figures": core},
                   red_flags=red, faq=faq)
    figures = stories["figures"]
    summary["metrics"] = {
        "quiz_intent_f1": quiz["intent_f1"],
        "quiz_item_accuracy": quiz["item_accuracy"],
        "red_flag_recall": red["recall"],
        "red_flag_false_alarm_rate": red["false_alarm_rate"],
        "faq_top1": faq["top1"],
        "quiz_story_core_exact_rate_story_first": core["story_first"]["exact_rate"],
        "quiz_story_core_exact_rate_quiz_first": core["quiz_first"]["exact_rate"],
        "quiz_story_exact_rate_story_first": figures["story_first"]["exact_rate"],
        "quiz_story_exact_rate_quiz_first": figures["quiz_first"]["exact_rate"],
        "quiz_story_under_triage": figures["story_first"]["under_triage"] + figures["quiz_first"]["under_triage"],
        "quiz_story_median_questions_story_first": figures["story_first"]["median_questions"],
        "quiz_story_median_questions_quiz_first": figures["quiz_first"]["median_questions"],
    }
    write_reports(summary)
    missed = [
        name for name, gate in GATES.items()
        if (summary["metrics"][name] > gate if at_most(name) else summary["metrics"][name] < gate)
    ]
    print(f"{'measure':<40}{'value':>8}  gate")
    for name, gate in GATES.items():
        print(f"{name:<40}{summary['metrics'][name]:>8.3f}  {'<=' if at_most(name) else '>='} {gate}")
    print(f"machine: {summary['machine']}; report: eval/reports/README.md")
    if args.check and missed:
        print("evaluation gates missed: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
