"""Item extraction accuracy of the rule layer alone (no Rasa) on eval/quiz_nlu.yml.

    .venv/bin/python -m eval.symptom_items_report            # summary + failures
    .venv/bin/python -m eval.symptom_items_report --quiet    # summary only

An utterance counts as correct only when the extracted items equal the expected ones exactly
(same item set; booleans equal; numbers within 0.51, as eval/run_all.py compares them).
Per-item precision/recall count an item as right when it is found with the right value.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict

import yaml

from clinic_core.language.symptoms import extract_findings

HERE = Path(__file__).resolve().parent


def same_value(expected: Any, found: Any) -> bool:
    if isinstance(expected, bool) or isinstance(found, bool):
        return expected is found
    try:
        return abs(float(expected) - float(found)) <= 0.51
    except (TypeError, ValueError):
        return False


def same_items(expected: Dict[str, Any], found: Dict[str, Any]) -> bool:
    return set(expected) == set(found) and all(same_value(v, found[k]) for k, v in expected.items())


def report(path: Path, show_failures: bool = True) -> float:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    tp, fp, fn = Counter(), Counter(), Counter()
    exact, failures = 0, []
    for case in cases:
        expected = case.get("items") or {}
        found = extract_findings(case["text"]).items
        ok = same_items(expected, found)
        exact += ok
        if not ok:
            failures.append((case["text"], expected, found))
        for item in set(expected) | set(found):
            if item in expected and item in found and same_value(expected[item], found[item]):
                tp[item] += 1
            else:
                if item in found:
                    fp[item] += 1
                if item in expected:
                    fn[item] += 1
    accuracy = exact / len(cases) if cases else 0.0
    print(f"utterances: {len(cases)}   exact-match item accuracy: {accuracy:.3f} ({exact}/{len(cases)})")
    print(f"{'item':34} {'prec':>6} {'rec':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for item in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[item] / (tp[item] + fp[item]) if tp[item] + fp[item] else 0.0
        r = tp[item] / (tp[item] + fn[item]) if tp[item] + fn[item] else 0.0
        print(f"{item:34} {p:6.2f} {r:6.2f} {tp[item]:4} {fp[item]:4} {fn[item]:4}")
    micro_p = sum(tp.values()) / max(1, sum(tp.values()) + sum(fp.values()))
    micro_r = sum(tp.values()) / max(1, sum(tp.values()) + sum(fn.values()))
    print(f"{'(micro)':34} {micro_p:6.2f} {micro_r:6.2f}")
    if show_failures and failures:
        print("\nfailures:")
        for text, expected, found in failures:
            missing = {k: v for k, v in expected.items() if k not in found or not same_value(v, found[k])}
            extra = {k: v for k, v in found.items() if k not in expected or not same_value(expected[k], v)}
            print(f"- {text}\n    expected-but-not-found: {missing}\n    found-but-not-expected: {extra}")
    return accuracy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(HERE / "quiz_nlu.yml"))
    parser.add_argument("--quiet", action="store_true", help="do not list failures")
    parser.add_argument("--min", type=float, default=None, help="exit 1 when accuracy is below this")
    args = parser.parse_args()
    accuracy = report(Path(args.file), show_failures=not args.quiet)
    return 1 if args.min is not None and accuracy < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
