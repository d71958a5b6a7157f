"""Red flags through a real Rasa server, in four contexts, per kind (used by eval/run_all.py).

Every case of eval/red_flags.yml is sent as a fresh conversation in each context: as the first
message, mid-quiz, mid-booking and after a quiz result. A context is set up once by talking to the
server, then each case's conversation starts from a copy of those events (PUT .../tracker/events),
so a case costs one message, not the whole lead-in.

Outcome of a run: the highest ``triage_alert`` level in the replies, else "check" when a yes/no
safety question is left pending, else "none". Positives must reach their level (an urgent case
may come out emergency); a near miss must not alert (a question is tolerated but counted: the
share of near-miss runs that get a safety question is gated too).
"""
from __future__ import annotations

import json
import random
import urllib.request
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple

from clinic_core.vocabulary import LEVEL_ORDER, QUIZ_QUESTION, QUIZ_RESULT, TRIAGE_ALERT

CONTEXTS = ("first message", "mid-quiz", "mid-booking", "after a result")
LEAD_INS = {"mid-quiz": ["take the quiz"], "mid-booking": ["I want to book an appointment", "Jane Testperson"]}
WORKERS = 3  # conversations at once: the Rasa and action servers overlap their waits
MAX_QUIZ_TURNS = 25
# CI runs the four contexts on a fixed sample (every kind, a few cases each) and the rule layer on
# every case (eval/red_flag_report.py): the whole matrix would add about four messages per case.
SAMPLE_PER_KIND = 3
SAMPLE_SEED = 9


def customs(messages: List[Dict[str, Any]], kind: str) -> List[Dict[str, Any]]:
    """The custom payloads of one type among a turn's bot messages (the eval's one reader)."""
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind]


def alert_level(messages: List[Dict[str, Any]]) -> Optional[str]:
    levels = [c["level"] for c in customs(messages, TRIAGE_ALERT)]
    return max(levels, key=lambda lvl: LEVEL_ORDER[lvl]) if levels else None


def _after_a_result(client, sender: str) -> None:
    """Answer the quiz ("no", "44" for numbers) until its result is shown."""
    replies = client.say(sender, "take the quiz")
    for _ in range(MAX_QUIZ_TURNS):
        if customs(replies, QUIZ_RESULT):
            return
        asked = customs(replies, QUIZ_QUESTION)
        number = asked and asked[-1]["item"] in ("age", "duration_months", "conservative_care_months")
        replies = client.say(sender, "44" if number else "no")
    raise RuntimeError("the quiz did not reach a result for the evaluation's 'after a result' context")


def snapshot(client, context: str) -> Optional[List[Dict[str, Any]]]:
    """The events of a conversation in that context (None: a new conversation)."""
    if context == "first message":
        return None
    sender = f"eval-setup-{uuid.uuid4()}"
    if context == "after a result":
        _after_a_result(client, sender)
    else:
        for line in LEAD_INS[context]:
            client.say(sender, line)
    return client.tracker(sender)["events"]


def run_case(client, context: str, events: Optional[List[Dict[str, Any]]], text: str) -> str:
    sender = f"eval-{uuid.uuid4()}"
    if events is not None:
        client.replace_events(sender, events)
    level = alert_level(client.say(sender, text))
    if level:
        return level
    return "check" if client.tracker(sender)["slots"].get("safety_check_answer") is None else "none"


def kind_of(case: Dict[str, Any]) -> str:
    if case.get("kind"):
        return str(case["kind"])
    if case["level"] in ("emergency", "urgent"):
        return str((case.get("reasons") or ["(no reason)"])[0])
    return "near miss (first set)" if case["level"] == "none" else "ambiguous"


def sample(cases: List[Dict[str, Any]], per_kind: int = SAMPLE_PER_KIND,
           seed: int = SAMPLE_SEED) -> List[Dict[str, Any]]:
    """Up to ``per_kind`` cases of every kind, chosen with a fixed seed, in the set's order."""
    grouped: Dict[str, List[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        grouped[kind_of(case)].append(index)
    rng = random.Random(seed)
    chosen = sorted(i for kind in sorted(grouped)
                    for i in rng.sample(grouped[kind], min(per_kind, len(grouped[kind]))))
    return [cases[i] for i in chosen]


def _outcome_is_bad(expected: str, got: str) -> bool:
    if expected in ("emergency", "urgent"):
        return LEVEL_ORDER[got] < LEVEL_ORDER[expected]
    return expected == "none" and got in ("urgent", "emergency")


def eval_red_flags(client, cases: List[Dict[str, Any]], workers: int = WORKERS) -> Dict[str, Any]:
    rows: List[Tuple[str, Dict[str, Any], str]] = []
    for context in CONTEXTS:
        events = snapshot(client, context)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(lambda case: run_case(client, context, events, case["text"]), cases))
        rows += [(context, case, got) for case, got in zip(cases, outcomes)]
    return summarise(rows)


def _rates(rows: List[Tuple[str, Dict[str, Any], str]]) -> Dict[str, Any]:
    positives = [(c, g) for _, c, g in rows if c["level"] in ("emergency", "urgent")]
    negatives = [(c, g) for _, c, g in rows if c["level"] == "none"]
    recalled = sum(not _outcome_is_bad(c["level"], g) for c, g in positives)
    alarms = sum(g in ("urgent", "emergency") for _, g in negatives)
    questions = sum(g == "check" for _, g in negatives)
    return {
        "positives": len(positives), "near_misses": len(negatives),
        "recall": recalled / len(positives) if positives else 1.0,
        "false_alarm_rate": alarms / len(negatives) if negatives else 0.0,
        "near_miss_question_rate": questions / len(negatives) if negatives else 0.0,
        "false_alarms": alarms, "near_miss_questions": questions,
    }


def summarise(rows: List[Tuple[str, Dict[str, Any], str]]) -> Dict[str, Any]:
    by_context = {context: _rates([r for r in rows if r[0] == context]) for context in CONTEXTS}
    grouped: Dict[str, List] = defaultdict(list)
    for row in rows:
        grouped[kind_of(row[1])].append(row)
    by_kind = {kind: {**_rates(kind_rows), "level": kind_rows[0][1]["level"], "runs": len(kind_rows)}
               for kind, kind_rows in sorted(grouped.items())}
    failures = [{"context": ctx, "text": case["text"], "expected": case["level"], "got": got}
                for ctx, case, got in rows if _outcome_is_bad(case["level"], got)]
    return {**_rates(rows), "by_context": by_context, "by_kind": by_kind, "failures": failures,
            "safety_questions_on_near_misses": _rates(rows)["near_miss_questions"]}


def report_lines(rf: Dict[str, Any]) -> List[str]:
    """Markdown tables for eval/reports/README.md."""
    lines = ["", "## Red flags by context", "", f"Cases: {rf.get('sample', 'all cases')}.", "",
             "| context | positives | recall | near misses | false alarm rate | near misses asked a safety question |",
             "|---|---|---|---|---|---|"]
    for context, v in rf["by_context"].items():
        lines.append(f"| {context} | {v['positives']} | {v['recall']:.3f} | {v['near_misses']} | "
                     f"{v['false_alarm_rate']:.3f} | {v['near_miss_question_rate']:.3f} |")
    lines += ["", "## Red flags by kind (all four contexts)", "",
              "| kind | expected | runs | recall | false alarms | safety questions |", "|---|---|---|---|---|---|"]
    for kind, v in rf["by_kind"].items():
        positive = v["level"] in ("emergency", "urgent")
        lines.append(f"| {kind} | {v['level']} | {v['runs']} | "
                     f"{v['recall']:.3f} | " + ("- | - |" if positive else
                                               f"{v['false_alarms']} | {v['near_miss_questions']} |"))
    return lines


class Client:
    """The Rasa server's REST channel and HTTP API (the API needs the token)."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read() or b"null")

    def parse(self, text: str) -> Dict[str, Any]:
        return self._call("POST", f"/model/parse?token={self.token}", {"text": text})

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        return self._call("POST", "/webhooks/rest/webhook", {"sender": sender, "message": text}) or []

    def tracker(self, sender: str) -> Dict[str, Any]:
        return self._call("GET", f"/conversations/{sender}/tracker?token={self.token}")

    def replace_events(self, sender: str, events: List[Dict[str, Any]]) -> None:
        self._call("PUT", f"/conversations/{sender}/tracker/events?token={self.token}", events)
