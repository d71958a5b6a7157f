"""Serve the staff console on its own: ``python -m console`` (http://127.0.0.1:8081/staff/).

The web process (``python -m web``) mounts the same app at /staff next to the demo page; this
runner is for development and tests. ``CONSOLE_HOST`` / ``CONSOLE_PORT`` / ``CONSOLE_MOUNT_PATH``
override the defaults. The access log is off: console URLs carry conversation ids and search text.
"""
from __future__ import annotations

import argparse
import os

import uvicorn
from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Mount, Route

from console.app import create_console_app


def build_app(mount_path: str = "/staff") -> Starlette:
    prefix = mount_path.strip("/")
    console = create_console_app()
    if not prefix:
        return console

    async def to_console(request):
        return RedirectResponse(f"/{prefix}/", status_code=307)

    return Starlette(routes=[Route("/", to_console), Mount(f"/{prefix}", app=console)])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m console", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=os.environ.get("CONSOLE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CONSOLE_PORT", "8081")))
    parser.add_argument("--mount-path", default=os.environ.get("CONSOLE_MOUNT_PATH", "/staff"))
    args = parser.parse_args()
    # ws="none": the console has no websockets, and Rasa pins a websockets release too old for
    # uvicorn's websocket protocol (importing it fails).
    uvicorn.run(build_app(args.mount_path), host=args.host, port=args.port, access_log=False, log_level="warning",
                server_header=False, ws="none")


if __name__ == "__main__":
    main()
