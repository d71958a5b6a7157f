"""Figures from recorded conversations, and the Markdown tables (stdout and docs/benchmark.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bench.patients import Conversation



def markers(key: str):
    """The comments around a generated section of docs/benchmark.md (one per key)."""
    return f"<!-- {key}:begin (written by `python -m bench --write`) -->", f"<!-- {key}:end -->"


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Level:
    """One bot, one transport, one number of concurrent patients."""
    bot: str
    transport: str
    patients: int
    conversations: List[Conversation]
    elapsed: float
    peak_mb: Dict[str, float] = field(default_factory=dict)
    needs_result: bool = True  # ours must reach the quiz result; the bare bot only answers

    @property
    def latencies(self) -> List[float]:
        return [t.latency for c in self.conversations for t in c.turns if not t.error]

    @property
    def turns(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        """Conversations that failed (a turn with an error or no reply, or ours without its result):
        a patient stops at the first failure, so this also bounds the failed turns."""
        return sum(1 for c in self.conversations if c.error or (self.needs_result and not c.result))

    def ms(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000

    @property
    def throughput(self) -> float:
        return self.turns / self.elapsed if self.elapsed else 0.0


def _ratio(ours: float, bare: float) -> str:
    """ours / bare; "-" when either is missing (NaN) or zero."""
    return f"{ours / bare:.2f}" if ours and bare and bare == bare and ours == ours else "-"


def _rate(level: Level) -> str:
    return f"{level.throughput:.1f}" if level.turns else "-"


def _ms(value: float) -> str:
    return f"{value:.0f}" if value == value else "-"


def levels_table(levels: Sequence[Level]) -> List[str]:
    rows = ["| transport | patients | turns | p50 ms ours / bare (ratio) | p95 ms ours / bare (ratio) "
            "| p99 ms ours / bare (ratio) | turns/s ours / bare (ratio) | failed conversations ours / bare "
            "| peak MB ours: rasa + actions / bare: rasa |",
            "|---|---|---|---|---|---|---|---|---|"]
    keys = sorted({(l.transport, l.patients) for l in levels})
    for transport, patients in keys:
        found = {l.bot: l for l in levels if (l.transport, l.patients) == (transport, patients)}
        # A bot without figures on this transport (its first conversation failed) shows as empty.
        ours, bare = found.get("ours") or Level("ours", transport, patients, [], 0.0), found.get("bare") or Level(
            "bare", transport, patients, [], 0.0)
        cells = [f"{_ms(ours.ms(q))} / {_ms(bare.ms(q))} ({_ratio(ours.ms(q), bare.ms(q))})" for q in (.5, .95, .99)]
        memory = " + ".join(f"{ours.peak_mb.get(n, 0):.0f}" for n in ("rasa", "actions"))
        rows.append(f"| {transport} | {patients} | {ours.turns} / {bare.turns} | " + " | ".join(cells)
                    + f" | {_rate(ours)} / {_rate(bare)} ({_ratio(ours.throughput, bare.throughput)})"
                    + f" | {ours.errors} / {bare.errors} | {memory} / {bare.peak_mb.get('rasa', 0):.0f} |")
    return rows


def length_table(long: Dict[str, List[Conversation]], probe_turns: Sequence[int]) -> List[str]:
    """Median latency of the same probe message at each turn number."""
    rows = ["| bot | " + " | ".join(f"turn {n} ms" for n in probe_turns) + f" | turn {probe_turns[-1]} / turn "
            f"{probe_turns[0]} |", "|---|" + "---|" * (len(probe_turns) + 1)]
    for bot, conversations in long.items():
        medians = [percentile([c.turns[n - 1].latency for c in conversations if len(c.turns) >= n and
                               not c.turns[n - 1].error], .5) * 1000 for n in probe_turns]
        rows.append(f"| {bot} | " + " | ".join(_ms(m) for m in medians) + f" | {_ratio(medians[-1], medians[0])} |")
    return rows


def document(header: Dict[str, str], sections: Dict[str, List[str]], key: str = "bench") -> str:
    begin, end = markers(key)
    lines = [begin, ""]
    lines += [f"- {name}: {value}" for name, value in header.items()]
    for title, body in sections.items():
        lines += ["", f"### {title}", ""] + body
    return "\n".join(lines + ["", end])


def write_section(path: Path, text: str, key: str = "bench") -> None:
    """Replaces the generated section ``key`` of ``path`` (between its markers), keeping the rest."""
    begin, end = markers(key)
    current = path.read_text() if path.exists() else "# Benchmark\n\n"
    if begin in current and end in current:
        current = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: text, current, flags=re.S)
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(current)


def table(rows: List[List[str]], header: List[str]) -> List[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def optional(value: Optional[float], fmt: str = "{:.1f}") -> str:
    return fmt.format(value) if value is not None else "-"
