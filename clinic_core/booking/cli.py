"""Staff and operations commands for the booking store.

    python -m clinic_core.booking.cli list [--status new] [--show-contact]
    python -m clinic_core.booking.cli export --out requests.csv
    python -m clinic_core.booking.cli set-status K7MQ-3DW contacted
    python -m clinic_core.booking.cli dispatch            # one outbox pass
    python -m clinic_core.booking.cli worker [--interval 30]
    python -m clinic_core.booking.cli requeue K7MQ-3DW    # send a failed delivery again
    python -m clinic_core.booking.cli migrate

The database is $BOOKING_DATABASE_URL (or var/bookings.db); ``--database-url`` overrides it.
The webhook is $BOOKING_WEBHOOK_URL (unset: local mode, nothing is sent).
"""
from __future__ import annotations

import argparse
import csv
import logging
import os
import sys
from datetime import datetime
from typing import List, Optional, Sequence

from clinic_core.booking import db
from clinic_core.booking.models import STATUSES
from clinic_core.spreadsheet import csv_cell


def _store(args):
    from clinic_core.booking.store import BookingStore

    return BookingStore(args.database_url)


def _short_time(value: Optional[datetime]) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _quiz(request) -> str:
    quiz = request.quiz_snapshot or {}
    if not quiz:
        return "-"
    probability = quiz.get("probability")
    pct = f" {round(float(probability) * 100)}%" if isinstance(probability, (int, float)) else ""
    return f"{quiz.get('route', '?')}{pct}"


def _table(rows: List[List[str]], header: List[str]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def cmd_list(args) -> int:
    store = _store(args)
    requests_ = store.list_requests(status=args.status)
    header = ["reference", "status", "created", "name", "location", "channel", "quiz", "triage", "delivery"]
    if args.show_contact:
        header[4:4] = ["phone", "email"]
    rows = []
    for r in requests_:
        message = r.outbox[0] if r.outbox else None
        delivery = f"{message.status} ({message.attempts})" if message else "-"
        row = [r.reference, r.status, _short_time(r.created_at), r.full_name, r.location_id, r.channel,
               _quiz(r), (r.triage_snapshot or {}).get("level") or "-", delivery]
        if args.show_contact:
            row[4:4] = [r.phone_e164, r.email or "-"]
        rows.append(row)
    if not rows:
        print(f"No requests{' with status ' + args.status if args.status else ''}.")
        return 0
    print(_table(rows, header))
    print(f"\n{len(rows)} request(s).")
    return 0


def cmd_export(args) -> int:
    from clinic_core.booking.models import BookingRequest

    store = _store(args)
    fields = list(BookingRequest.EXPORT_FIELDS) + ["delivery_status", "delivery_attempts", "delivered_at"]
    # The file holds patient data: readable by its owner only.
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    count = 0
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for row in store.iter_export():
            writer.writerow({k: csv_cell(row.get(k)) for k in fields})
            count += 1
    print(f"Exported {count} request(s) to {args.out} (contains patient data: keep it safe).")
    return 0


def cmd_set_status(args) -> int:
    from clinic_core.booking.store import InvalidTransition, UnknownReference

    store = _store(args)
    try:
        request = store.set_status(args.reference, args.status)
    except UnknownReference:
        print(f"No request with reference {args.reference}.", file=sys.stderr)
        return 1
    except InvalidTransition as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{request.reference}: {request.status}")
    return 0


def _dispatcher(args):
    from clinic_core.booking.outbox import OutboxDispatcher

    return OutboxDispatcher.from_env(_store(args))


def cmd_dispatch(args) -> int:
    summary = _dispatcher(args).dispatch_due()
    print(summary)
    return 0


def cmd_worker(args) -> int:
    """Deliver the outbox, store requests kept in the spool, purge old data once a day. A bad
    webhook setting is logged and the worker goes on in local mode: it never takes the
    assistant down, and the requests wait in the queue."""
    from functools import partial

    from clinic_core.booking import spool
    from clinic_core.booking.outbox import OutboxDispatcher
    from clinic_core.private_storage import secure_process
    from clinic_core.retention import DailyPurge, retention_days, tracker_db_url_from_env

    secure_process()
    store = _store(args)
    try:
        dispatcher = OutboxDispatcher.from_env(store)
    except ValueError as error:
        logging.getLogger(__name__).error("BOOKING_WEBHOOK_URL is not usable (%s): nothing is sent, "
                                          "requests wait in the staff queue", error)
        dispatcher = OutboxDispatcher(store, None)
    replay = partial(spool.replay, store)
    replay.__name__ = "spool replay"
    purge = DailyPurge(retention_days(), tracker_db_url_from_env(), store.database_url)
    purge.__name__ = "retention purge"
    dispatcher.run_forever(interval=args.interval, chores=(replay, purge))
    return 0


def cmd_requeue(args) -> int:
    from clinic_core.booking.store import InvalidTransition, UnknownReference

    try:
        item = _store(args).requeue_outbox(args.reference)
    except (UnknownReference, InvalidTransition) as exc:
        print(f"Cannot requeue: {exc}", file=sys.stderr)
        return 1
    print(f"{item.reference}: delivery {item.status}")
    return 0


def cmd_migrate(args) -> int:
    revision = db.migrate(args.database_url)
    print(f"{db.safe_url(db.resolve_database_url(args.database_url))} is at revision {revision}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m clinic_core.booking.cli", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None, help="default: $BOOKING_DATABASE_URL or var/bookings.db")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (never patient data)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="requests in the staff queue")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--show-contact", action="store_true", help="include phone and email")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("export", help="every field of every request as CSV")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("set-status", help="move a request along new -> contacted -> scheduled -> closed")
    p.add_argument("reference")
    p.add_argument("status", choices=STATUSES)
    p.set_defaults(func=cmd_set_status)

    p = sub.add_parser("dispatch", help="one delivery pass over the outbox")
    p.set_defaults(func=cmd_dispatch)

    p = sub.add_parser("worker", help="deliver the outbox every --interval seconds")
    p.add_argument("--interval", type=float, default=30.0)
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("requeue", help="send a failed delivery again")
    p.add_argument("reference")
    p.set_defaults(func=cmd_requeue)

    p = sub.add_parser("migrate", help="create or upgrade the booking tables")
    p.set_defaults(func=cmd_migrate)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    from clinic_core import log_privacy

    log_privacy.install()
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose or args.command == "worker" else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
