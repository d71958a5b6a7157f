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
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

import yaml

from clinic_core.vocabulary import NUMBER_ITEMS, SYMPTOM_EXTRACTOR
from eval import red_flag_report
from eval.red_flag_report import MAX_FALSE_ALARM_RATE
from eval.red_flag_runs import Client, eval_red_flags, report_lines, sample
from eval.repair_report import eval_repair
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
    "red_flag_recall": 1.0,  # in every context: first message, mid-quiz, mid-booking, after a result
    "red_flag_false_alarm_rate": MAX_FALSE_ALARM_RATE,  # at most
    # The rule layer alone on every case (the contexts above may run on a sample: --all-red-flags).
    "red_flag_rules_recall": 1.0,
    "red_flag_rules_false_alarm_rate": MAX_FALSE_ALARM_RATE,
    # Near misses that get a yes/no safety question instead of going on (issue 9: under one in ten).
    "red_flag_near_miss_question_rate": 0.10,  # at most
    "faq_top1": 0.95,
    "repair_handled": 0.95,  # multi-turn conversation repair cases (eval/repair_cases.yml)
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
        lines += report_lines(rf)
    repair = summary.get("repair")
    if repair:
        lines += ["", f"## Conversation repair ({repair['n']} multi-turn cases, {repair['seconds']} s, {repair['senders']} senders)", "",
                  "| after | cases | handled |", "|---|---|---|"]
        lines += [f"| {k} | {v['cases']} | {v['handled']} |" for k, v in repair["by_context"].items()]
        lines += ["", f"Not handled ({len(repair['failures'])}):", ""]
        lines += [f"- after `{f['after']}`, said `{json.dumps(f['say'])}`: {'; '.join(f['problems'])}"
                  for f in repair["failures"]]
    stories = summary.get("quiz_stories")
    if stories:
        lines += ["", "## Quiz stories", "",
                  "All 100 held-out stories (eval/quiz_stories.yml) in the core (eval/quiz_story_sim.py):", "",
                  summary["quiz_story_core"]["table"].split("\n\nMisses")[0], "",
                  f"A fixed sample of {stories['stories']} over HTTP (eval/quiz_story_http.py), story first and "
                  f"quiz first, a simulated patient typing answers from the story; {stories['seconds']:.0f} s:", "",
                  stories["table"].split("\n\nMisses")[0]]
        lines += [f"- note: {run}: {', '.join(said)}" for run, said in stories["notes"].items()]
    for section in ("quiz", "quiz_stories", "red_flags", "red_flag_rules", "faq"):
        failures = (summary.get(section) or {}).get("failures") or []
        if failures:
            lines += ["", f"## {section}: misses ({len(failures)})", ""]
            lines += [f"- `{json.dumps(f, sort_keys=True)}`" for f in failures[:60]]
    (REPORTS / "README.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 when a gate is missed")
    parser.add_argument("--all-red-flags", action="store_true",
                        help="every red-flag case in the four contexts (default: a fixed sample per kind)")
    args = parser.parse_args()
    red_cases = load("red_flags.yml")
    rules = red_flag_report.evaluate(red_cases)
    started = time.monotonic()
    summary: Dict[str, Any] = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with running_assistant(api_token=TOKEN) as servers:
        client = Client(servers["url"], TOKEN)
        quiz = eval_quiz(client)
        stories = eval_quiz_stories(client.say)
        red = eval_red_flags(client, red_cases if args.all_red_flags else sample(red_cases))
        faq = eval_faq(client)
        repair = eval_repair(client.url, TOKEN)
    core_table, core = story_report(simulate_stories(load_stories()))
    red["sample"] = "all cases" if args.all_red_flags else "a fixed sample per kind"
    summary.update(quiz=quiz, quiz_stories=stories, quiz_story_core={"table": core_table, "figures": core},
                   red_flags=red, red_flag_rules={"failures": rules["failures"]}, faq=faq, repair=repair,
                   seconds=round(time.monotonic() - started))
    figures = stories["figures"]
    summary["metrics"] = {
        "quiz_intent_f1": quiz["intent_f1"],
        "quiz_item_accuracy": quiz["item_accuracy"],
        "red_flag_recall": red["recall"],
        "red_flag_false_alarm_rate": red["false_alarm_rate"],
        "red_flag_near_miss_question_rate": red["near_miss_question_rate"],
        "red_flag_rules_recall": rules["recall"],
        "red_flag_rules_false_alarm_rate": rules["false_alarm_rate"],
        "faq_top1": faq["top1"],
        "repair_handled": repair["handled_rate"],
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
    print(f"machine: {summary['machine']}; {summary['seconds']} s with the servers' start; report: eval/reports/README.md")
    if args.check and missed:
        print("evaluation gates missed: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
