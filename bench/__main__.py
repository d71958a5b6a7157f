"""The benchmark: whole quiz conversations against our assistant and, in the same run and with the
same messages, against a bare `rasa init` bot (the floor Rasa and TensorFlow set on this machine).

    python -m bench            # full: 1, 10, 50, 100 concurrent patients, REST and socket.io (~45 min)
    python -m bench --quick    # development: 1 and 10 patients, fewer conversations (~8 min)
    python -m bench --write    # also replace the generated section of docs/benchmark.md
    python -m bench --scale    # also: throughput through nginx with one and with two Rasa servers

Servers are started on free loopback ports and stopped at the end; nothing else is contacted.
Figures are per message (one patient turn: the request until every reply of that turn arrived).
"""
from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp

from bench.baseline import running_bare_bot
from bench.machine import describe, load_average, peak_memory_mb, reset_peak_memory
from bench.patients import PROBE_TURNS, PROFILES, Conversation, Patient, run_patient
from bench.report import Level, document, length_table, levels_table, table, write_section
from bench.transports import RestTransport, SocketIOTransport
from scripts.servers import ROOT, running_assistant

Script = Callable[[Patient], object]


@dataclass(frozen=True)
class Plan:
    levels: Sequence[int]
    min_conversations: int  # per level: max(patients, this) whole conversations
    long_conversations: int
    scale_patients: int


FULL = Plan(levels=(1, 10, 50, 100), min_conversations=10, long_conversations=3, scale_patients=50)
QUICK = Plan(levels=(1, 10), min_conversations=2, long_conversations=1, scale_patients=10)


def transport(kind: str, url: str, session: aiohttp.ClientSession):
    return (lambda: RestTransport(session, [url])) if kind == "rest" else (lambda: SocketIOTransport(url))


async def run_level(bot: str, kind: str, url: str, patients: int, conversations: int,
                    script_for: Callable[[int], Script], procs: Dict[str, subprocess.Popen]) -> Level:
    """``conversations`` whole conversations, at most ``patients`` of them at the same time."""
    for proc in procs.values():
        reset_peak_memory(proc.pid)
    run = uuid.uuid4().hex[:8]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        make = transport(kind, url, session)
        gate = asyncio.Semaphore(patients)

        async def one(i: int) -> Conversation:
            async with gate:
                return await run_patient(make, f"bench-{run}-{i}", script_for(i))

        start = time.perf_counter()
        records = await asyncio.gather(*(one(i) for i in range(conversations)))
        elapsed = time.perf_counter() - start
    peaks = {name: peak_memory_mb(proc.pid) for name, proc in procs.items()}
    return Level(bot, kind, patients, list(records), elapsed, peaks, needs_result=(bot == "ours"))


def scripts(bot: str, transcripts: Dict[str, List[List[str]]]) -> Tuple[Callable[[int], Script], ...]:
    """Patient i's whole quiz and long conversation: ours is answered question by question, the
    bare bot gets a replay of what ours was sent (``transcripts``, filled while ours runs)."""
    if bot == "ours":
        return (lambda i: lambda p: p.quiz(i)), (lambda i: lambda p: p.long_conversation(i, PROBE_TURNS[-1]))

    def replay(kind: str) -> Callable[[int], Script]:
        return lambda i: lambda p: p.replay(transcripts[kind][i % len(transcripts[kind])])
    return replay("quiz"), replay("long")


def measure(bot: str, server: Dict[str, object], plan: Plan, transports: Sequence[str],
            transcripts: Dict[str, List[List[str]]]) -> Dict[str, object]:
    """Every level on every transport, then the long conversations, for one bot."""
    procs = dict(zip(("actions", "rasa") if bot == "ours" else ("rasa",), server["procs"]))
    url = str(server["url"])
    quiz_for, long_for = scripts(bot, transcripts)
    if bot == "ours":  # warm-up, one conversation per answering profile: the transcripts to replay
        warm = asyncio.run(run_level(bot, "rest", url, 1, len(PROFILES), quiz_for, procs))
        failed = [c.error or "no result" for c in warm.conversations if c.error or not c.result]
        if failed:
            raise SystemExit(f"bench: our assistant failed its warm-up conversations: {failed}")
        transcripts["quiz"] = [c.texts for c in warm.conversations]
    levels: List[Level] = []
    notes: List[str] = []
    for kind in transports:
        trial = asyncio.run(run_level(bot, kind, url, 1, 1, quiz_for, procs))
        if trial.errors:
            notes.append(f"{bot} over {kind}: no figures, the first conversation failed "
                         f"({trial.conversations[0].error or 'no result'})")
            continue
        for patients in plan.levels:
            level = asyncio.run(run_level(bot, kind, url, patients, max(patients, plan.min_conversations),
                                          quiz_for, procs))
            print(f"bench: {bot:4} {kind:8} {patients:3} patients: {level.turns} turns, p50 {level.ms(.5):.0f} ms, "
                  f"p95 {level.ms(.95):.0f} ms, {level.throughput:.1f} turns/s, {level.errors} failed", flush=True)
            levels.append(level)
    long = Level(bot, "rest", 1, [], 0.0)
    if bot == "ours" or transcripts.get("long"):
        long = asyncio.run(run_level(bot, "rest", url, 1, plan.long_conversations, long_for, procs))
    if bot == "ours":
        transcripts["long"] = [c.texts for c in long.conversations if not c.error]
    notes += [f"{bot} long conversation failed: {c.error}" for c in long.conversations if c.error]
    return {"levels": levels, "long": long.conversations, "notes": notes, "ready_seconds": server["ready_seconds"]}


def services() -> Dict[str, str]:
    out = subprocess.run(["bash", str(ROOT / "scripts" / "services.sh"), "start", "all"], capture_output=True,
                         text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def measure_scale(plan: Plan, log_dir: Path) -> List[List[str]]:
    """Ours through nginx with one, then two Rasa servers (and as many action servers)."""
    from scripts.cluster import running_cluster

    urls, rows = services(), []
    quiz_for = scripts("ours", {})[0]
    for n in (1, 2):
        with running_cluster(urls["TEST_POSTGRES_URL"], urls["TEST_REDIS_URL"], rasa_servers=n, action_servers=n,
                             log_dir=log_dir / f"cluster-{n}") as cluster:
            procs = {name: proc for name, proc in cluster.procs.items() if name.startswith(("rasa", "actions"))}
            asyncio.run(run_level("ours", "rest", cluster.lb_url, 1, 1, quiz_for, procs))  # warm-up
            level = asyncio.run(run_level("ours", "rest", cluster.lb_url, plan.scale_patients, plan.scale_patients,
                                          quiz_for, procs))
        memory = ", ".join(f"{name} {mb:.0f}" for name, mb in level.peak_mb.items() if name.startswith("rasa"))
        rows.append([str(n), str(level.patients), str(level.turns), f"{level.ms(.5):.0f}", f"{level.ms(.95):.0f}",
                     f"{level.ms(.99):.0f}", f"{level.throughput:.1f}", str(level.errors), memory])
        print(f"bench: {n} Rasa server(s) behind nginx: {level.throughput:.1f} turns/s", flush=True)
    return table(rows, ["Rasa servers", "patients", "turns", "p50 ms", "p95 ms", "p99 ms", "turns/s",
                        "failed conversations", "peak MB per Rasa server"])


def compare(plan: Plan, transports: Sequence[str], log_dir: Path) -> Dict[str, List[str]]:
    """Ours, then the bare bot with the same messages: the tables, and what could not be measured."""
    transcripts: Dict[str, List[List[str]]] = {}
    with running_assistant(log_dir=log_dir) as server:
        ours = measure("ours", server, plan, transports, transcripts)
    with running_bare_bot(log_dir) as server:
        bare = measure("bare", server, plan, transports, transcripts)
    sections = {
        "Per message, whole quiz conversations": levels_table(ours["levels"] + bare["levels"]),
        "Latency of the same message at turn 5 and turn 50 (one patient at a time, REST)":
            length_table({"ours": ours["long"], "bare": bare["long"]}, PROBE_TURNS),
        "Start to ready": table([["ours (Rasa server + action server)", f"{ours['ready_seconds']:.0f}"],
                                 ["bare `rasa init` bot (Rasa server)", f"{bare['ready_seconds']:.0f}"]],
                                ["servers", "seconds from start until they answer"]),
    }
    notes = ours["notes"] + bare["notes"]
    if notes:
        sections["Not measured"] = [f"- {n}" for n in notes]
    return sections


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="development run: 1 and 10 patients")
    parser.add_argument("--levels", help="comma-separated numbers of concurrent patients (overrides the plan)")
    parser.add_argument("--transports", default="rest,socketio")
    parser.add_argument("--scale", action="store_true", help="also one vs two Rasa servers behind nginx")
    parser.add_argument("--scale-only", action="store_true", help="only one vs two Rasa servers behind nginx")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/benchmark.md")
    parser.add_argument("--note", default="", help="a sentence printed with the figures (e.g. the machine was busy)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.levels:
        plan = Plan(tuple(int(x) for x in args.levels.split(",")), plan.min_conversations,
                    plan.long_conversations, plan.scale_patients)
    log_dir = Path(tempfile.mkdtemp(prefix="bench-"))
    shown = [a for i, a in enumerate(argv) if not a.startswith("--note") and (i == 0 or argv[i - 1] != "--note")]
    command = " ".join(["python -m bench"] + shown)
    header = {"run": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") + f": `{command}`", **describe(),
              "load average at start (1, 5, 15 min)": load_average()}
    sections = {} if args.scale_only else compare(plan, [t for t in args.transports.split(",") if t], log_dir)
    if args.scale or args.scale_only:
        sections["Scale-out: ours through nginx, PostgreSQL tracker store, Redis lock store"] = measure_scale(plan, log_dir)
    header["load average at end"] = load_average()
    if args.note:
        header["note"] = args.note
    key = "bench-scale" if args.scale_only else "bench"  # a scale-only run keeps the comparison tables
    text = document(header, sections, key)
    print(text)
    if args.write:
        write_section(ROOT / "docs" / "benchmark.md", text, key)
        print(f"bench: written to {ROOT / 'docs' / 'benchmark.md'}; server logs in {log_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
