"""Staff accounts and retention from the server's command line.

    python -m console.cli create-user NAME [--role staff|admin] [--password-stdin]
    python -m console.cli set-password NAME [--password-stdin]
    python -m console.cli unlock NAME | activate NAME | deactivate NAME
    python -m console.cli list-users
    python -m console.cli purge --days 365 [--yes]

Passwords are read from a prompt (typed twice, not shown) or, with --password-stdin, from the
first line of standard input; never from the command line, where other users and the shell
history would see them. The database is $BOOKING_DATABASE_URL (or var/bookings.db).
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Optional, Sequence

from console.accounts import AccountError
from console.settings import ConsoleSettings

CLI_ACTOR = "command line"


def _services():
    from console.services import ConsoleServices

    services = ConsoleServices(ConsoleSettings.from_env())
    services.ready()
    return services


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def cmd_create_user(args) -> int:
    services = _services()
    user = services.accounts.create_user(args.username, _password(args), args.role)
    services.audit.record("admin_user", actor=CLI_ACTOR, target=user.username, detail=f"created ({user.role})")
    print(f"Created {user.username} ({user.role}).")
    return 0


def cmd_set_password(args) -> int:
    services = _services()
    user = services.accounts.set_password(args.username, _password(args))
    services.audit.record("admin_user", actor=CLI_ACTOR, target=user.username, detail="password set")
    print(f"Password changed for {user.username}; their sessions are signed out.")
    return 0


def cmd_account(args) -> int:
    services = _services()
    accounts = services.accounts
    user = (accounts.unlock(args.username) if args.command == "unlock"
            else accounts.set_active(args.username, args.command == "activate"))
    services.audit.record("admin_user", actor=CLI_ACTOR, target=user.username, detail=args.command)
    print(f"{user.username}: {args.command} done.")
    return 0


def cmd_list_users(args) -> int:
    for user in _services().accounts.list_users():
        state = "switched off" if not user.active else "locked" if user.locked_until else "active"
        print(f"{user.username:<24} {user.role:<6} {state}")
    return 0


def cmd_purge(args) -> int:
    from console.retention import RetentionUnavailable, run_purge

    if not args.yes:
        answer = input(f"Delete every conversation and booking request older than {args.days} days? "
                       "Type DELETE to confirm: ")
        if answer.strip() != "DELETE":
            print("Nothing deleted.")
            return 1
    try:
        counts = run_purge(_services(), args.days, actor=CLI_ACTOR)
    except RetentionUnavailable as exc:
        print(f"Cannot purge: {exc}", file=sys.stderr)
        return 2
    for name, count in sorted(counts.items()):
        print(f"{name}: {count}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m console.cli", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (("create-user", cmd_create_user, "create a staff account"),
                                  ("set-password", cmd_set_password, "set a new password (signs the account out)")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("username")
        p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        if name == "create-user":
            p.add_argument("--role", choices=("staff", "admin"), default="staff")
        p.set_defaults(func=func)
    for name, help_text in (("unlock", "unlock after wrong passwords"), ("activate", "switch an account on"),
                            ("deactivate", "switch an account off (signs it out)")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("username")
        p.set_defaults(func=cmd_account)
    sub.add_parser("list-users", help="every account").set_defaults(func=cmd_list_users)
    p = sub.add_parser("purge", help="delete conversations and booking data older than --days")
    p.add_argument("--days", type=int, default=ConsoleSettings.from_env().retention_days)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_purge)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AccountError as exc:
        print(f"Error: {exc}.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
