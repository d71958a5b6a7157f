"""Conversation repair on the held-out multi-turn cases (eval/repair_cases.yml), over HTTP.

    python -m eval.repair_report [--senders N]   # own servers; prints the table and every failure
    make eval                                    # runs it with the other held-out sets (eval/run_all.py)

A case is handled when every check of its `expect` passes on the reply to its last message (the
checks are described at the top of eval/repair_cases.yml). Each case is a new conversation that
starts at the question or turn the case is about: a scripted lead-in (LEAD_INS, mostly button
payloads, so it does not depend on the classifier) is talked through once per kind, and each case
starts from a copy of its events (PUT /conversations/<id>/tracker/events), which keeps the run
short.
"""
from __future__ import annotations

import json
import sys
import time
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import yaml

from clinic_core.catalogue import load_catalogue
from clinic_core.clinic import clinic
from eval.red_flag_runs import customs

HERE = Path(__file__).resolve().parent
CASES = HERE / "repair_cases.yml"
NAME, PHONE = "Jane Testperson", "410-555-0123"
_BOOKING = ["/request_appointment", NAME, PHONE, "/skip", "elkridge-md", "weekday mornings", "/skip",
            "/affirm", "/deny"]
LEAD_INS: Dict[str, List[str]] = {
    "start": [],
    "greeting": ["hello"],
    "help": ["/help"],
    "goodbye": ["/goodbye"],
    "faq_answer": ["what is the SI joint?"],
    "alert": ["/red_flag_emergency"],
    "safety_check": ["/red_flag_check"],
    "quiz": ["/start_quiz"],  # the safety checklist is pending
    "quiz_yes_no": [],  # a yes/no question is pending: to_quiz_turn("yes_no") first
    "stopped_quiz": ["/start_quiz", "/stop"],
    "cancelled_request": ["/request_appointment", "/stop"],
    "booking_name": _BOOKING[:1],
    "booking_email": _BOOKING[:3],
    "booking_office": _BOOKING[:4],
    "booking_insurance": _BOOKING[:6],
    "booking_contact": _BOOKING[:7],
    "booking_texts": _BOOKING[:8],
    "booking_confirm": _BOOKING,
    "sent_request": [*_BOOKING, "/affirm"],
    "result": [],  # to_quiz_turn("result") first
}
QUIZ_TURNS = {"quiz_yes_no": "yes_no", "result": "result"}  # lead-ins that walk the quiz
# Conversations sent at once. Measured on 2 shared cores (load about 5), 147 cases: 72 s with 1
# sender, 84 s with 4 (the servers are CPU-bound, so more senders only queue). Copying each
# lead-in's events instead of talking it through again is what keeps it short (194 s before).
SENDERS = 1
ALWAYS_WRONG = ("utter_default", "utter_medical_advice_deferral")  # unless the case expects them


class Conversation:
    def __init__(self, url: str, token: str):
        self.url, self.token, self.sender = url, token, f"repair-{uuid.uuid4()}"

    def say(self, text: str) -> List[Dict[str, Any]]:
        body = json.dumps({"sender": self.sender, "message": text}).encode()
        request = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"[]")

    def replace_events(self, events: List[Dict[str, Any]]) -> None:
        """Make this conversation a copy of another's events (Rasa's PUT .../tracker/events)."""
        request = urllib.request.Request(
            f"{self.url}/conversations/{self.sender}/tracker/events?token={self.token}",
            data=json.dumps(events).encode(), headers={"Content-Type": "application/json"}, method="PUT")
        urllib.request.urlopen(request, timeout=60).close()

    def tracker(self) -> Dict[str, Any]:
        with urllib.request.urlopen(f"{self.url}/conversations/{self.sender}/tracker?token={self.token}",
                                    timeout=30) as response:
            return json.loads(response.read())


def to_quiz_turn(chat: Conversation, wanted: str) -> List[Dict[str, Any]]:
    """Start the quiz and answer "no" to everything (40 to number questions) until a question
    of the `wanted` answer type is asked, or until the result when `wanted` is "result"."""
    replies = chat.say("/start_quiz")
    catalogue = load_catalogue()
    for _ in range(40):
        if customs(replies, "quiz_result"):
            if wanted == "result":
                return replies
            raise RuntimeError(f"the quiz gave its result before a {wanted} question")
        asked = customs(replies, "quiz_question")
        if not asked:
            raise RuntimeError("the quiz neither asked nor gave a result")
        answer_type = catalogue.item(asked[-1]["item"]).answer_type
        if answer_type == wanted:
            return replies
        replies = chat.say("40" if answer_type == "number" else "/deny")
    raise RuntimeError(f"no {wanted} turn after 40 answers")


def last_turn(tracker: Dict[str, Any]) -> List[Dict[str, Any]]:
    events = tracker["events"]
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    return events[users[-1]:] if users else events


def check(case: Dict[str, Any], replies: List[Dict[str, Any]], before: Dict[str, Any], after: Dict[str, Any]) -> List[str]:
    """The checks of one case that failed (empty: handled)."""
    expect = case.get("expect") or {}
    turn = last_turn(after)
    said = [(e.get("metadata") or {}).get("utter_action") for e in turn if e["event"] == "bot"]
    text = "\n".join(r.get("text") or "" for r in replies)
    slots = after["slots"]
    problems = [f"missing response {r}" for r in expect.get("responses", []) if r not in said]
    problems += [f"unexpected {r}" for r in ALWAYS_WRONG if r in said and r not in expect.get("responses", [])]
    if "response_prefix" in expect and not any((r or "").startswith(expect["response_prefix"]) for r in said):
        problems.append(f"no response {expect['response_prefix']}*")
    if "payload" in expect and not customs(replies, expect["payload"]):
        problems.append(f"no {expect['payload']} payload")
    if "text" in expect and expect["text"].lower() not in text.lower():
        problems.append(f"no text {expect['text']!r}")
    if "payment" in expect and clinic().payment[expect["payment"]] not in text:
        problems.append(f"not the {expect['payment']} answer")
    if "buttons" in expect and [b["payload"] for r in replies for b in r.get("buttons") or []] != expect["buttons"]:
        problems.append("other buttons")
    for name, value in (expect.get("slots") or {}).items():
        if slots.get(name) != value:
            problems.append(f"slot {name} is {slots.get(name)!r}")
    if "loop" in expect and ((after.get("active_loop") or {}).get("name") or "none") != expect["loop"]:
        problems.append(f"form {(after.get('active_loop') or {}).get('name')}")
    problems += _quiz_checks(expect, replies, before, slots)
    logged = any(e["event"] == "slot" and e.get("name") == "unanswered_question" and e.get("value") for e in turn)
    if logged != bool(expect.get("logged")):
        problems.append("saved as an unanswered question" if logged else "not saved for staff")
    return problems


def _quiz_checks(expect: Dict[str, Any], replies: List[Dict[str, Any]], before: Dict[str, Any],
                 slots: Dict[str, Any]) -> List[str]:
    problems = []
    pending = before["slots"].get("quiz_pending_item")
    if expect.get("next_question"):
        asked = customs(replies, "quiz_question")
        if not asked or asked[-1]["item"] == pending:
            problems.append("no next quiz question")
    if "answer" in expect:
        answers, asked_items = slots.get("quiz_answers") or {}, slots.get("quiz_asked") or []
        wanted = expect["answer"]
        got = answers.get(pending, "unknown" if pending in asked_items else "unanswered")
        if got != wanted:
            problems.append(f"answer to {pending} is {got!r}")
    return problems


def lead_in(url: str, token: str, after: str) -> List[Dict[str, Any]]:
    """The events of a conversation brought to the turn `after` names (run once per kind)."""
    chat = Conversation(url, token)
    if after in QUIZ_TURNS:
        to_quiz_turn(chat, QUIZ_TURNS[after])
    for text in LEAD_INS[after]:
        chat.say(text)
    return chat.tracker()["events"]


def run_case(url: str, token: str, case: Dict[str, Any], events: List[Dict[str, Any]]) -> List[str]:
    """One case in a new conversation that starts as a copy of its lead-in's `events`."""
    chat = Conversation(url, token)
    chat.replace_events(events)
    replies: List[Dict[str, Any]] = []
    before: Dict[str, Any] = {}
    for index, text in enumerate(case["say"]):
        if index == len(case["say"]) - 1:
            before = chat.tracker()
        replies = chat.say(text)
    return check(case, replies, before, chat.tracker())


def eval_repair(url: str, token: str, senders: int = SENDERS) -> Dict[str, Any]:
    """Every case, each its own conversation, `senders` of them at a time on the one server
    (the cases are independent; Rasa keeps one conversation's messages in order). Each lead-in
    is talked through once; its cases start from copies of it."""
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    kinds = sorted({c["after"] for c in cases})
    unknown = [k for k in kinds if k not in LEAD_INS]
    if unknown:
        raise ValueError(f"repair_cases.yml: no lead-in called {', '.join(unknown)}")
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        lead_ins = dict(zip(kinds, pool.map(lambda kind: lead_in(url, token, kind), kinds)))
        outcomes = list(pool.map(lambda case: run_case(url, token, case, lead_ins[case["after"]]), cases))
    failures, by_context, handled_by = [], Counter(), Counter()
    for case, problems in zip(cases, outcomes):
        by_context[case["after"]] += 1
        if problems:
            failures.append({"after": case["after"], "say": case["say"], "problems": problems})
        else:
            handled_by[case["after"]] += 1
    return {
        "n": len(cases), "handled": len(cases) - len(failures), "handled_rate": (len(cases) - len(failures)) / len(cases),
        "seconds": round(time.monotonic() - start, 1), "senders": senders, "failures": failures,
        "by_context": {k: {"cases": v, "handled": handled_by[k]} for k, v in sorted(by_context.items())},
    }


def print_table(result: Dict[str, Any]) -> None:
    print(f"{'after':<20}{'cases':>6}{'handled':>9}")
    for context, row in result["by_context"].items():
        print(f"{context:<20}{row['cases']:>6}{row['handled']:>9}")
    print(f"{'all':<20}{result['n']:>6}{result['handled']:>9}   {result['handled_rate']:.1%} "
          f"in {result['seconds']} s ({result['senders']} senders)")
    for failure in result["failures"]:
        print(f"  not handled: after {failure['after']}, said {failure['say']}: {'; '.join(failure['problems'])}")


def main() -> int:
    import argparse

    from scripts.servers import running_assistant

    parser = argparse.ArgumentParser()
    parser.add_argument("--senders", type=int, default=SENDERS, help="conversations sent at once")
    args = parser.parse_args()
    token = "repair-eval-token"
    with running_assistant(api_token=token) as servers:
        result = eval_repair(servers["url"], token, args.senders)
    print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
