"""Where a turn's time goes (docs/benchmark.md, "phase 1 profile").

    python -m bench.profile [--conversations 6] [--patients 3] [--seconds 40]

1. Action calls: a counting proxy on 127.0.0.1 sits between the Rasa server and the action server
   and records, for every call, the turn it belongs to, the action, the request and response
   sizes and the time. Printed: calls per turn, bytes per call, time per call.
2. CPU: py-spy samples the Rasa server and the action server while patients go through the quiz;
   the samples are grouped by the code they were in (our rule layer, TensorFlow models, the tracker
   store, action-call serialisation, ...). Needs py-spy (requirements-dev.txt) and ptrace rights.
3. Start-up: the time from start until each server answers.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from dataclasses import dataclass
from typing import Dict, Iterator, List, Tuple

import aiohttp
from aiohttp import web

from bench.machine import cpu_seconds
from bench.patients import PROBE_TURNS, run_patient
from bench.report import percentile, table
from bench.transports import RestTransport
from scripts.servers import (
    SLOW_START_TIMEOUT, VENV_BIN, actions_command, base_env, free_port, latest_model, new_secret, rasa_command,
    start_process, stop_process, wait_until_up, write_endpoints,
)

# A sample belongs to the first bucket (in this order) any of whose patterns occurs in its stack.
BUCKETS: List[Tuple[str, Tuple[str, ...]]] = [
    ("Rasa: validating each action response against a JSON schema (jsonschema)", ("jsonschema/",)),
    ("Rasa: action calls, HTTP (aiohttp)", ("rasa/utils/endpoints", "aiohttp/")),
    ("Rasa: tracker store load and save (SQLAlchemy, SQLite)", ("rasa/core/tracker_store",)),
    ("our NLU rule layer (nlu_components, clinic_core.language)", ("(nlu_components/", "(clinic_core/language/")),
    ("TensorFlow models (DIET, ResponseSelector, TED)", ("tensorflow/", "keras/")),
    ("Rasa: featurizers and tokenizers", ("rasa/nlu/featurizers", "rasa/nlu/tokenizers")),
    ("Rasa: policies (rules, memoization, prediction)", ("rasa/core/policies",)),
    ("Rasa: graph runner (dask)", ("rasa/engine/", "dask/")),
    ("our actions and clinical core (actions/, clinic_core/)", ("(actions/", "(clinic_core/")),
    ("rasa_sdk: request parsing and response", ("rasa_sdk/",)),
    ("Rasa: message processing (events, domain, tracker)", ("(rasa/",)),
    ("HTTP server and event loop (sanic, asyncio)", ("sanic/", "asyncio/", "socketio/", "engineio/")),
]
IDLE = "serve (sanic/server/runners.py"  # the event loop waiting (uvloop in C): the process is idle


class CountingProxy:
    """Forwards Rasa's action calls to the action server and records each one."""

    def __init__(self, target: str):
        self.target = target
        self.turn = 0
        self.calls: List[Dict[str, object]] = []
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        start = time.perf_counter()
        headers = {name: request.headers[name] for name in ("Content-Type", "Authorization", "Content-Encoding")
                   if name in request.headers}
        async with self._session.post(f"{self.target}/webhook", data=body, headers=headers) as response:
            answer = await response.read()
            status = response.status
        call = json.loads(body)
        tracker = call.get("tracker") or {}
        self.calls.append({"turn": self.turn, "action": call.get("next_action", "?"),
                           "text": tracker.get("latest_message", {}).get("text"), "request_bytes": len(body),
                           "domain_bytes": len(json.dumps(call["domain"])) if "domain" in call else 0,
                           "events": len(tracker.get("events") or []),
                           "response_bytes": len(answer), "seconds": time.perf_counter() - start})
        return web.Response(body=answer, status=status, content_type="application/json")

    async def _health(self, _: web.Request) -> web.Response:
        async with self._session.get(f"{self.target}/health") as response:
            return web.Response(body=await response.read(), status=response.status)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._session = aiohttp.ClientSession()
            app = web.Application(client_max_size=64 * 1024 * 1024)
            app.router.add_post("/webhook", self._forward)
            app.router.add_get("/health", self._health)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> "CountingProxy":
        threading.Thread(target=self._serve, daemon=True).start()
        self._ready.wait(10)
        return self


@contextlib.contextmanager
def profiled_assistant(work: Path) -> Iterator[Dict[str, object]]:
    """Action server <- counting proxy <- Rasa server (SQLite tracker store), with start-up times."""
    action_port, rasa_port = free_port(), free_port()
    env = base_env()
    env.update(BOOKING_DATABASE_URL=f"sqlite:///{work / 'booking.db'}", BOOKING_SPOOL_DIR=str(work / "spool"),
               ACTIONS_PORT=str(action_port), ACTION_SERVER_TOKEN=new_secret())
    started = time.monotonic()
    procs = {"actions": start_process("actions", actions_command(), env, work)}
    proxy = CountingProxy(f"http://127.0.0.1:{action_port}").start()
    endpoints = write_endpoints(proxy.port, work / "conversations.db", work / "endpoints.yml")
    procs["rasa"] = start_process("rasa", rasa_command(rasa_port, endpoints, latest_model(), env), env, work)
    ready: Dict[str, float] = {}
    try:
        for name, url in (("actions", f"http://127.0.0.1:{action_port}/health"), ("rasa", f"http://127.0.0.1:{rasa_port}/")):
            wait_until_up([url], timeout=SLOW_START_TIMEOUT, procs=list(procs.values()))
            ready[name] = time.monotonic() - started
        yield {"url": f"http://127.0.0.1:{rasa_port}", "procs": procs, "proxy": proxy, "ready": ready}
    finally:
        for proc in procs.values():
            stop_process(proc)


def bucket_samples(raw: Path) -> Counter:
    """py-spy's raw (collapsed) output: `frame;frame;... count` per line, root first."""
    buckets: Counter = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        if stack.split(";")[-1].startswith(IDLE):
            buckets["(idle: waiting for requests)"] += int(count)
            continue
        name = next((label for label, patterns in BUCKETS if any(p in stack for p in patterns)), "other")
        buckets[name] += int(count)
    return buckets


@dataclass
class TurnCost:
    """One turn of one patient alone on the servers: its place in the conversation and what it cost."""
    turn: int  # the proxy's turn number (action calls carry it)
    position: int  # 1 = the conversation's first turn
    text: str
    latency: float
    cpu: Dict[str, float]  # process name -> CPU seconds used during the turn


async def drive(url: str, conversations: int, patients: int, proxy: CountingProxy,
                procs: Dict[str, subprocess.Popen], script=None) -> List[TurnCost]:
    """Conversations (quiz ones unless ``script`` is given); the proxy learns which turn each
    action call belongs to. Each turn's CPU time per process is exact only with one patient."""
    costs: List[TurnCost] = []
    gate = asyncio.Semaphore(patients)
    async with aiohttp.ClientSession() as session:
        class Counted(RestTransport):
            async def send(self, text: str):
                proxy.turn += 1
                turn = proxy.turn
                before = {name: cpu_seconds(proc.pid) for name, proc in procs.items()}
                start = time.perf_counter()
                replies = await super().send(text)
                costs.append(TurnCost(turn, self.turns, text, time.perf_counter() - start,
                                      {name: cpu_seconds(proc.pid) - before[name] for name, proc in procs.items()}))
                return replies

        async def one(i: int):
            async with gate:
                record = await run_patient(lambda: Counted(session, [url]), f"profile-{uuid.uuid4().hex}",
                                           script or (lambda p: p.quiz(i)))
                if record.error:
                    raise SystemExit(f"profile: a conversation failed: {record.error}")
        await asyncio.gather(*(one(i) for i in range(conversations)))
    return costs


def sample(url: str, procs: Dict[str, subprocess.Popen], proxy: CountingProxy, work: Path,
           seconds: int, patients: int) -> Dict[str, Counter]:
    """py-spy on both servers for ``seconds`` while ``patients`` patients take the quiz."""
    py_spy = shutil.which("py-spy") or str(VENV_BIN / "py-spy")
    spies = {name: subprocess.Popen([py_spy, "record", "--pid", str(proc.pid), "--duration", str(seconds),
                                     "--rate", "50", "--nonblocking", "--format", "raw",
                                     "--output", str(work / f"{name}.spy")],
                                    stdout=subprocess.DEVNULL, stderr=open(work / f"{name}.spy.log", "wb"))
             for name, proc in procs.items()}
    for _ in range(50):  # bounded: a round of conversations takes seconds, py-spy stops by itself
        if all(spy.poll() is not None for spy in spies.values()):
            break
        asyncio.run(drive(url, patients, patients, proxy, procs))
    for spy in spies.values():
        spy.wait(timeout=60)
    return {name: bucket_samples(work / f"{name}.spy") for name in spies
            if (work / f"{name}.spy").exists()}


def rule_layer_ms(messages: List[str], rounds: int = 5) -> List[List[str]]:
    """Mean CPU milliseconds per message of each plain-Python rule function our NLU components call,
    in this process (no Rasa, no HTTP), after one warm-up pass. CPU time, not wall time, so that
    other work on the machine does not count."""
    from clinic_core import triage
    from clinic_core.language.answers import short_answer
    from clinic_core.language.medicines import is_medicine_question
    from clinic_core.language.symptoms import extract_findings

    rows = []
    for name, function in (("triage.assess (red flags)", triage.assess),
                           ("symptoms.extract_findings (quiz items)", extract_findings),
                           ("answers.short_answer", short_answer),
                           ("medicines.is_medicine_question", is_medicine_question)):
        for text in messages:
            function(text)
        start = time.process_time()
        for _ in range(rounds):
            for text in messages:
                function(text)
        rows.append([name, f"{(time.process_time() - start) / (rounds * len(messages)) * 1000:.2f}"])
    return rows


def calls_section(calls: List[Dict[str, object]], costs: List[TurnCost]) -> List[str]:
    turns = len(costs)
    per_turn = Counter(c["turn"] for c in calls)
    by_action: Dict[str, List[Dict[str, object]]] = defaultdict(list)
    for call in calls:
        by_action[str(call["action"])].append(call)
    lines = [f"One patient at a time, {turns} turns: median turn {percentile([c.latency for c in costs], .5) * 1000:.0f} ms; "
             f"{len(calls)} action calls, {len(calls) / turns:.2f} per turn (at most {max(per_turn.values(), default=0)}; "
             f"{turns - len(per_turn)} turns without one); "
             f"{sum(c['request_bytes'] for c in calls) / turns / 1024:.0f} KB sent to the action server per turn, "
             f"{sum(c['domain_bytes'] for c in calls) / turns / 1024:.0f} KB of it the domain.", ""]

    def median(group, key, scale=1.0, digits=0):
        return f"{percentile([c[key] for c in group], .5) * scale:.{digits}f}"

    rows = [[name, str(len(group)), median(group, "request_bytes", 1 / 1024), median(group, "domain_bytes", 1 / 1024),
             median(group, "events"), median(group, "response_bytes", 1 / 1024, 1), median(group, "seconds", 1000)]
            for name, group in sorted(by_action.items(), key=lambda kv: -len(kv[1]))]
    return lines + table(rows, ["action", "calls", "median request KB", "of it domain KB", "median tracker events",
                                "median response KB", "median ms"])


def cpu_per_turn_section(costs: List[TurnCost]) -> List[str]:
    """CPU milliseconds per turn of each process (one patient at a time)."""
    rows = [[name, f"{percentile([c.cpu[name] for c in costs], .5) * 1000:.0f}",
             f"{sum(c.cpu[name] for c in costs) / len(costs) * 1000:.0f}"] for name in costs[0].cpu]
    return ["", f"CPU per turn, one patient at a time ({len(costs)} turns; /proc, 10 ms ticks):", ""] + table(
        rows, ["process", "median CPU ms", "mean CPU ms"])


def length_section(costs: List[TurnCost], calls: List[Dict[str, object]], window: int = 5) -> List[str]:
    """The first ``window`` turns of each long conversation against its last ``window`` (the same
    filler messages and the same probe question, at turn 5 and at the last turn)."""
    last = max(c.position for c in costs)
    spans = {"first": range(1, window + 1), "last": range(last - window + 1, last + 1)}
    rows = []
    for label, span in spans.items():
        chosen = [c for c in costs if c.position in span]
        turns = {c.turn for c in chosen}
        made = [call for call in calls if call["turn"] in turns]
        rows.append([f"turns {span.start}-{span.stop - 1}", str(len(chosen)),
                     f"{percentile([c.latency for c in chosen], .5) * 1000:.0f}",
                     *(f"{sum(c.cpu[name] for c in chosen) / len(chosen) * 1000:.0f}" for name in chosen[0].cpu),
                     f"{sum(call['request_bytes'] for call in made) / max(len(made), 1) / 1024:.0f}",
                     f"{sum(call['events'] for call in made) / max(len(made), 1):.0f}"])
    names = [f"mean {name} CPU ms" for name in costs[0].cpu]
    return ["", f"Cost against conversation length ({last}-turn conversations, one patient at a time):", ""] + table(
        rows, ["turns", "samples", "median ms", *names, "mean action request KB", "mean tracker events sent"])


def render(calls: List[Dict[str, object]], costs: List[TurnCost], long_calls: List[Dict[str, object]],
           long_costs: List[TurnCost], cpu: Dict[str, Counter], ready: Dict[str, float]) -> str:
    lines = calls_section(calls, costs) + cpu_per_turn_section(costs)
    if long_costs:
        lines += length_section(long_costs, long_calls)
    for name, buckets in cpu.items():
        idle = buckets.pop("(idle: waiting for requests)", 0)
        busy = sum(buckets.values()) or 1
        lines += ["", f"Where the {name} process spends its busy time ({busy} busy samples, {idle} idle):", ""]
        lines += table([[label, f"{count / busy:.0%}"] for label, count in buckets.most_common()], ["code", "share"])
    messages = sorted({str(c["text"]) for c in calls if c.get("text")}) or ["it hurts when I sit"]
    lines += ["", f"Rule layer per message, in-process ({len(messages)} different patient messages):", ""]
    lines += table(rule_layer_ms(messages), ["function", "CPU ms per message"])
    lines += ["", "Start to ready: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in ready.items())
              + " (both started at once)."]
    return "\n".join(lines)


def recorded(proxy: CountingProxy, url: str, procs: Dict[str, subprocess.Popen], conversations: int, script=None):
    """The action calls and turn costs of ``conversations`` conversations, one at a time."""
    proxy.calls.clear()
    costs = asyncio.run(drive(url, conversations, 1, proxy, procs, script))
    return list(proxy.calls), costs


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=4, help="sequential conversations for the call counts")
    parser.add_argument("--long", type=int, default=2, help=f"sequential {PROBE_TURNS[-1]}-turn conversations")
    parser.add_argument("--patients", type=int, default=3, help="concurrent patients while py-spy samples")
    parser.add_argument("--seconds", type=int, default=40, help="py-spy sampling time (0: no sampling)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="profile-"))
    with profiled_assistant(work) as assistant:
        url, proxy, procs = str(assistant["url"]), assistant["proxy"], assistant["procs"]
        recorded(proxy, url, procs, 1)  # warm-up
        calls, costs = recorded(proxy, url, procs, args.conversations)
        long_calls, long_costs = recorded(proxy, url, procs, args.long,
                                          lambda p: p.long_conversation(0, PROBE_TURNS[-1])) if args.long else ([], [])
        cpu = sample(url, procs, proxy, work, args.seconds, args.patients) if args.seconds else {}
        print(render(calls, costs, long_calls, long_costs, cpu, assistant["ready"]))
    print(f"\n(py-spy output and server logs: {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
