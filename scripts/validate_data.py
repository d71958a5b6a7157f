"""`rasa data validate`, failing on the warnings that matter.

Rasa's validator also warns about things that are by design here (intents that only the
red-flag guard or a button sets, default intents); those are listed with the reason and
everything else fails the run.
"""
from __future__ import annotations

import re
import subprocess
import sys

from scripts.servers import ROOT, VENV_BIN, base_env

# Each entry: a pattern of a warning that is expected, and why.
EXPECTED = [
    (r"The intent 'nlu_fallback' is not used", "set by the FallbackClassifier, used by the fallback rule"),
    (r"The intent '(restart|back|session_start)' is not used in any story or rule",
     "Rasa's default intents; restart is answered by Rasa's default action"),
]


def main() -> int:
    proc = subprocess.run(
        [str(VENV_BIN / "rasa"), "data", "validate", "--data", "data", "--domain", "domain",
         "--config", "config.yml", "--max-history", "4"],
        cwd=ROOT, env=base_env(), capture_output=True, text=True,
    )
    output = proc.stdout + proc.stderr
    warnings = [
        line for line in output.splitlines()
        if re.search(r"UserWarning|\bWARNING\b|\[warning", line) and "tensorflow" not in line.lower()
    ]
    unexpected = [w for w in warnings if not any(re.search(p, w) for p, _ in EXPECTED)]
    for line in unexpected:
        print(line)
    if proc.returncode != 0 or unexpected:
        print(output[-4000:])
        print(f"data validation failed: exit {proc.returncode}, {len(unexpected)} unexpected warning(s)")
        return 1
    print(f"data validation passed ({len(warnings)} expected warning(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
