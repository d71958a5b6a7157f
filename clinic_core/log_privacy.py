"""Keeps health data out of every log line, in every process (Rasa, action server, worker, web).

Libraries log what they see: Rasa quotes a message it cannot parse in a UserWarning, SQLAlchemy
puts the SQL parameters (slot values, phone numbers) in its errors, the action SDK logs requests,
and an exception's text can carry any of it. So ``install()`` rewrites every log record when it
is created, whatever handler later prints it:

- records from other packages (Rasa, Sanic, SQLAlchemy, the SDK, Python warnings) keep their text
  only up to the first place where data could start (a quote that is not a plain identifier, a
  bracket, an e-mail address, a phone-like number, a URL query); the rest becomes "[…withheld]";
- JSON log lines (Rasa's structlog) keep only their event name and description;
- every traceback keeps its frames (file, line, function: code, not data) and the exception types,
  each exception's text cut the same way;
- uncaught exceptions in the main thread and in other threads are printed the same way.

Our own packages log reference codes, counts and statuses only (their tests check), so their
message text is kept; the tracebacks they attach are still cut.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import threading
import traceback
from types import TracebackType
from typing import Optional, Tuple, Type

OWN_PACKAGES = ("actions", "clinic_core", "scripts", "nlu_components", "channels", "web", "console", "eval", "__main__")
WITHHELD = " […withheld]"

# Things that look risky at first sight but are code: 'action_submit_booking', 'http://host:5055/webhook',
# an IP address and port.
_SAFE_AT = re.compile(r"""(['"])[A-Za-z_][\w.:/-]{0,80}\1|\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\d.])""")
_UNSAFE = re.compile(
    r"""['"`{\[]"""                      # quoted text, JSON, SQL parameters, reprs of containers
    r"""|\S+@\S+"""                      # e-mail addresses
    r"""|\+?\d[\d\s().-]{6,}\d"""        # phone-like numbers (8 or more characters)
    r"""|\?\S*="""                       # URL query strings (a token, an id)
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING_LINE = re.compile(r"^(?P<where>.*?):(?P<line>\d+): (?P<category>\w+): (?P<message>.*)$", re.DOTALL)
_JSON_KEEP = ("event", "event_info", "level", "event_key", "logger")

_installed = False
_lock = threading.Lock()


def safe_text(text: str) -> str:
    """The text up to the first point where patient data could begin."""
    text = _ANSI.sub("", str(text))
    position = 0
    while True:
        found = _UNSAFE.search(text, position)
        if found is None:
            return text
        harmless = _SAFE_AT.match(text, found.start())
        if harmless is not None:
            position = harmless.end()
            continue
        kept = text[:found.start()].rstrip()
        return kept + WITHHELD if kept else WITHHELD.strip()


def _safe_json(text: str) -> Optional[str]:
    stripped = text.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    kept = {key: safe_text(str(data[key])) for key in _JSON_KEEP if key in data}
    withheld = len(data) - len(kept)
    return json.dumps(kept) + (f" [{withheld} field(s) withheld]" if withheld else "")


def _safe_warning(text: str) -> str:
    match = _WARNING_LINE.match(_ANSI.sub("", text).strip())
    if match is None:
        return safe_text(text)
    first_line = match.group("message").split("\n")[0]
    return f"{match.group('category')} at {match.group('where')}:{match.group('line')}: {safe_text(first_line)}"


def safe_message(logger_name: str, text: str) -> str:
    if logger_name == "py.warnings":
        return _safe_warning(text)
    as_json = _safe_json(text)
    return as_json if as_json is not None else safe_text(text)


def safe_traceback(exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                   tb: Optional[TracebackType]) -> str:
    """Frames and exception types of the whole chain; each exception's text cut by safe_text."""
    chain = []
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    if not chain and exc_type is not None:
        return f"{exc_type.__name__}{WITHHELD}"
    parts = []
    for position, error in enumerate(reversed(chain)):
        if position:
            parts.append("\nThe above exception led to this one:\n")
        frames = traceback.extract_tb(error.__traceback__ if error.__traceback__ is not None else tb)
        parts.append("Traceback (most recent call last):\n")
        parts.extend(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n' for f in frames)
        parts.append(f"{type(error).__module__}.{type(error).__qualname__}: {safe_text(str(error))}\n")
    return "".join(parts).rstrip("\n")


def is_own(logger_name: str) -> bool:
    return logger_name.split(".", 1)[0] in OWN_PACKAGES


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Rewrite one record in place (see the module docstring) and return it."""
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = safe_traceback(*record.exc_info)
        record.exc_info = None
    if not is_own(record.name):
        try:
            text = record.getMessage()
        except Exception:  # a broken format string: keep the template, never the arguments
            text = str(record.msg)
        record.msg = safe_message(record.name, text)
        record.args = ()
    return record


def _print_safely(exc_type, exc, tb) -> None:
    sys.stderr.write(safe_traceback(exc_type, exc, tb) + "\n")


def install() -> None:
    """Make every log record, warning and uncaught exception of this process safe. Idempotent."""
    global _installed
    with _lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs) -> logging.LogRecord:
            return scrub_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        logging.captureWarnings(True)  # warnings become py.warnings records, cut like the others
        sys.excepthook = _print_safely
        threading.excepthook = lambda args: _print_safely(args.exc_type, args.exc_value, args.exc_traceback)
        _installed = True


def exception_summary(error: BaseException) -> Tuple[str, str]:
    """(type name, innermost code location) of an exception, for one-line error logs."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    return type(error).__name__, where
