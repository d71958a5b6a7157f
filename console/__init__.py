"""The clinic's staff console: review conversations, red flags and booking requests, and improve
the assistant from what patients wrote. Entry points: console.app.create_console_app (ASGI),
``python -m console`` (a standalone server), ``python -m console.cli`` (accounts, retention)."""
