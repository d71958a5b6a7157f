"""Red-flag triage on the held-out set eval/red_flags.yml, straight through clinic_core.triage.assess.

    python -m eval.red_flag_report            # prints the figures and every failure
    python -m eval.red_flag_report --check    # also exits 1 when recall < 100 % or false alarms > 5 %

- recall: an emergency must come out emergency; an urgent must come out urgent or emergency;
- false alarms: a near miss (level none) that comes out emergency or urgent; near misses that get one
  yes/no safety question ("check") are counted separately (tolerated);
- ambiguous items (level check) are expected to get the question; reported, not gated;
- reasons: a positive whose expected flag ids are not all in the result is listed (not gated).

(eval/run_all.py measures the same set through a running Rasa server; this script needs no server.)
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from clinic_core import triage  # noqa: E402

MAX_FALSE_ALARM_RATE = 0.05  # issue 9: at most 5 % of near misses alert (the one gate, here and in make eval)


def load(path: Path = HERE / "red_flags.yml") -> List[Dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(cases: List[Dict[str, Any]]) -> Dict[str, Any]:
    from eval.red_flag_runs import kind_of  # one way to name a case's kind

    by_kind: Dict[str, List[int]] = {}  # kind -> [cases, failures]
    positives = misses = near = false_alarms = near_checks = 0
    checks = checks_ok = 0
    failures: List[str] = []
    reason_gaps: List[str] = []
    timings = []
    for case in cases:
        expected = case["level"]
        start = time.perf_counter()
        result = triage.assess(case["text"], frozenset(case.get("known_factors") or ()))
        timings.append(time.perf_counter() - start)
        got = result.level or "none"
        tally = by_kind.setdefault(kind_of(case), [0, 0])
        tally[0] += 1
        if expected in ("emergency", "urgent"):
            positives += 1
            ok = got == "emergency" if expected == "emergency" else got in ("urgent", "emergency")
            if not ok:
                misses += 1
                tally[1] += 1
                failures.append(f"MISS     expected {expected:9} got {got:9} {list(result.reasons)} | {case['text']}")
            missing = set(case.get("reasons") or ()) - set(result.reasons)
            if ok and missing:
                reason_gaps.append(f"REASON   expected {sorted(missing)} got {list(result.reasons)} | {case['text']}")
        elif expected == "none":
            near += 1
            if got in ("urgent", "emergency"):
                false_alarms += 1
                tally[1] += 1
                failures.append(f"FALSE    got {got:9} {list(result.reasons)} | {case['text']}")
            elif got == "check":
                near_checks += 1
                failures.append(f"(check)  {list(result.reasons)} | {case['text']}")
        elif expected == "check":
            checks += 1
            if got == "check":
                checks_ok += 1
            else:
                failures.append(f"AMBIG    expected check got {got:9} {list(result.reasons)} | {case['text']}")
    timings.sort()
    return {
        "positives": positives,
        "recall": (positives - misses) / positives if positives else 1.0,
        "near_misses": near,
        "false_alarms": false_alarms,
        "false_alarm_rate": false_alarms / near if near else 0.0,
        "near_miss_checks": near_checks,
        "ambiguous": checks,
        "ambiguous_asked": checks_ok,
        "failures": failures,
        "reason_gaps": reason_gaps,
        "p95_ms": 1000 * timings[int(0.95 * (len(timings) - 1))] if timings else 0.0,
        "by_kind": by_kind,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 when a gate is missed")
    args = parser.parse_args()
    triage.engine()
    r = evaluate(load())
    print("Red-flag triage on eval/red_flags.yml (clinic_core.triage.assess)")
    print(f"  recall on positives      {r['recall']:.1%}  ({r['positives'] - round((1 - r['recall']) * r['positives'])}/{r['positives']})")
    print(f"  false alarms (near miss) {r['false_alarm_rate']:.1%}  ({r['false_alarms']}/{r['near_misses']})")
    print(f"  near misses asked once   {r['near_miss_checks']}/{r['near_misses']} (one yes/no safety question, not an alarm)")
    print(f"  ambiguous items asked    {r['ambiguous_asked']}/{r['ambiguous']}")
    print(f"  p95 time per message     {r['p95_ms']:.1f} ms")
    print("  by kind (cases / misses or false alarms): " + ", ".join(
        f"{kind} {n}/{bad}" for kind, (n, bad) in sorted(r["by_kind"].items())))
    for line in r["failures"] + r["reason_gaps"]:
        print("  " + line)
    if args.check and (r["recall"] < 1.0 or r["false_alarm_rate"] > MAX_FALSE_ALARM_RATE):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
