"""Prints the chat widget's size per file, raw and gzipped (as the web process sends it).

    .venv/bin/python -m scripts.widget_size
"""
from __future__ import annotations

import gzip
from pathlib import Path

from scripts.servers import ROOT

WIDGET = ROOT / "widget"


def main() -> None:
    files = sorted(p for p in WIDGET.rglob("*") if p.suffix in (".js", ".css"))
    rows = [(str(p.relative_to(WIDGET)), p.stat().st_size, len(gzip.compress(p.read_bytes(), compresslevel=6)))
            for p in files]
    print(f"| {'file':<34} | {'bytes':>7} | {'gzipped':>7} |")
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 9}|")
    for name, raw, packed in rows:
        print(f"| {name:<34} | {raw:>7} | {packed:>7} |")
    own = [r for r in rows if not r[0].startswith("vendor/")]
    for label, subset in (("widget (our code)", own), ("all, with socket.io-client", rows)):
        print(f"| {label:<34} | {sum(r[1] for r in subset):>7} | {sum(r[2] for r in subset):>7} |")


if __name__ == "__main__":
    main()
