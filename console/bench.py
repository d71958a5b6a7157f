"""How the console's reading side scales: ``python -m console.bench --source <tracker.db>``.

Copies the real conversations of a tracker store (for example the one a test run leaves, or
var/conversations.db) into a scratch SQLite file until it holds ``--conversations`` of them
(each copy under a new sender id), then times what a page view costs and prints a table:
building the summary index, refreshing it with and without new rows, filtering the list,
searching the text and building a transcript. Nothing is written to the source.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable, List, Tuple

from console.filters import ConversationFilter
from console.summaries import ConversationIndex, SummaryFolder
from console.tracker import TrackerReader, copy_sqlite_database
from console.transcript import build_transcript


def _grow(source: Path, target: Path, conversations: int) -> int:
    copy_sqlite_database(source, target)
    with sqlite3.connect(target) as connection:
        senders = connection.execute("SELECT count(DISTINCT sender_id) FROM events").fetchone()[0]
        copies = max(0, -(-conversations // max(senders, 1)) - 1)
        # Each copy k of every conversation, k hours earlier, in one statement.
        connection.execute(
            "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ?) "
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "SELECT e.sender_id || '-copy' || n.k, e.type_name, e.timestamp - n.k * 3600, e.intent_name, "
            "e.action_name, e.data FROM n, events e ORDER BY n.k, e.id", (copies,))
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]


def _time(action: Callable[[], object], repeat: int) -> Tuple[float, float]:
    runs: List[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000, max(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m console.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--source", required=True, type=Path, help="a Rasa SQLite tracker store")
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="console-bench-"))
    try:
        rows = _grow(args.source, work / "events.db", args.conversations)
        reader = TrackerReader(f"sqlite:///{work / 'events.db'}")
        index = ConversationIndex(reader, 0.6)
        build_ms, _ = _time(index.refresh, 1)
        summaries = index.all()
        longest = max(summaries, key=lambda s: s.user_turns).conversation_id
        alert, _ = ConversationFilter.from_params({"triage": "alert", "attention": "no"})
        results = [
            ("build the index from scratch", build_ms, build_ms),
            ("refresh, nothing new", *_time(index.refresh, args.repeat)),
            ("list: every conversation, newest first", *_time(index.all, args.repeat)),
            ("list: red flags without fallbacks", *_time(lambda: alert.apply(index.all(), set(), {}), args.repeat)),
            ("text search ('parking')", *_time(lambda: reader.search("parking"), args.repeat)),
            (f"transcript of the longest ({max(s.user_turns for s in summaries)} messages)",
             *_time(lambda: build_transcript(longest, reader.conversation(longest), SummaryFolder(0.6)), args.repeat)),
        ]
        print(f"{len(summaries)} conversations, {rows} event rows (SQLite), median and worst of {args.repeat} runs\n")
        print(f"| {'what':<52} | median ms | worst ms |\n|{'-' * 54}|----------:|---------:|")
        for what, median, worst in results:
            print(f"| {what:<52} | {median:9.1f} | {worst:8.1f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
