"""Downloads: a conversation as text or JSON, the filtered list as CSV, corrections as NLU YAML."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from typing import Any, Dict, Iterable, List, Optional

from clinic_core.spreadsheet import csv_cell
from console.masking import mask_contact
from console.review import Correction
from console.summaries import ConversationSummary, utc
from console.transcript import Item, Transcript

LIST_COLUMNS = (
    "conversation_id", "started_at", "last_message_at", "channel", "patient_messages", "triage_level",
    "triage_reasons", "quiz_started", "quiz_completed", "route", "band", "probability", "booking_references",
    "fallback_turns", "low_confidence_turns", "unanswered_questions", "reviewed", "tags", "first_message_masked",
)


def _time(value: Optional[datetime]) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""


def list_csv(summaries: Iterable[ConversationSummary], reviewed: Dict[str, Any], tags: Dict[str, List[str]]) -> str:
    """The conversation list as CSV; every cell guarded against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LIST_COLUMNS)
    for s in summaries:
        row = (s.conversation_id, s.started, utc(s.last_at),
               s.channel, s.user_turns, s.triage_level, list(s.triage_reasons), s.quiz_started, s.quiz_completed,
               s.route, s.band, s.probability, list(s.booking_references), s.fallback_turns,
               s.low_confidence_turns, s.unanswered, s.conversation_id in reviewed,
               tags.get(s.conversation_id, []), s.first_message)
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def _payload_line(payload: Dict[str, Any]) -> str:
    kind = payload.get("type")
    if kind == "triage_alert":
        return f"[red-flag alert: {payload.get('level')}; {', '.join(map(str, payload.get('reasons') or []))}]"
    if kind == "quiz_result":
        return (f"[quiz result: route {payload.get('route')}, band {payload.get('band')}, "
                f"probability {payload.get('probability')}]")
    if kind == "booking_confirmation":
        return f"[booking request stored: reference {payload.get('reference')}]"
    if kind == "quiz_question":
        return f"[quiz question: {payload.get('item')}]"
    return f"[payload: {json.dumps(payload, ensure_ascii=False, sort_keys=True)}]"


def _text_lines(item: Item) -> List[str]:
    stamp = f"[{_time(item.at)}]"
    if item.kind == "user":
        understood = f"{item.intent} {item.confidence:.2f}" if item.confidence is not None else str(item.intent)
        if item.faq_topic:
            understood += f"; FAQ {item.faq_topic} {item.faq_confidence:.2f}"
        lines = [f"{stamp} Patient: {item.text}", f"    understood as: {understood}"]
        lines += [f"    found: {e.get('entity')}={e.get('value')}" + (f" ({e['role']})" if e.get("role") else "")
                  for e in item.entities]
        return lines
    if item.kind == "bot":
        lines = [f"{stamp} Assistant: {item.text}"] if item.text else []
        if item.buttons:
            lines.append(f"    buttons: {' | '.join(item.buttons)}")
        if item.payload:
            lines.append(f"{stamp} {_payload_line(item.payload)}")
        return lines
    return [f"{stamp} ({item.text})"]


def transcript_text(transcript: Transcript, summary: Optional[ConversationSummary]) -> str:
    head = [f"Conversation {transcript.conversation_id}",
            f"Channel: {summary.channel if summary else ''}",
            "Contains patient data: keep it safe and delete it when done.", ""]
    body = [line for item in transcript.items for line in _text_lines(item)]
    return "\n".join(head + body) + "\n"


def transcript_json(transcript: Transcript, summary: Optional[ConversationSummary]) -> str:
    document = {
        "conversation_id": transcript.conversation_id,
        "channel": summary.channel if summary else None,
        "triage_level": summary.triage_level if summary else None,
        "quiz_answers": transcript.quiz_answers,
        "quiz_result": transcript.quiz_result,
        "alerts": transcript.alerts,
        "booking_references": transcript.references,
        "items": [item.as_dict() for item in transcript.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" in an example as entity markup;
# patient text is never markup, so the bracket pair is broken with a space.
_ENTITY_MARKUP = re.compile(r"\](?=[({\[])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def nlu_example(text: str) -> str:
    """One line of NLU training data from a patient's message (or "" if nothing is left).
    Contact details are masked: training data ends up in the repository."""
    flat = " ".join(_CONTROL.sub(" ", text or "").split())
    return _ENTITY_MARKUP.sub("] ", mask_contact(flat))


def nlu_yaml(corrections: Iterable[Correction], exported_at: datetime) -> str:
    """Corrected messages as Rasa 3.x NLU training data, one block per intent (``faq/<topic>``
    for FAQ questions). The newest correction of a text wins, so no text lands in two intents."""
    label_of: Dict[str, str] = {}
    for correction in sorted(corrections, key=lambda c: c.corrected_at):
        example = nlu_example(correction.text)
        if example and not example.startswith("/"):
            label_of.pop(example, None)
            label_of[example] = correction.label
    by_label: Dict[str, List[str]] = {}
    for example, label in label_of.items():
        by_label.setdefault(label, []).append(example)
    lines = ['version: "3.1"',
             f"# Intent corrections exported from the staff console on {exported_at:%Y-%m-%d %H:%M} UTC:",
             f"# {len(label_of)} example(s). Review them before adding them to data/nlu/, and never add",
             "# a sentence from the held-out evaluation sets (eval/).",
             "nlu:"]
    for label in sorted(by_label):
        lines += [f"- intent: {label}", "  examples: |"]
        lines += [f"    - {example}" for example in sorted(by_label[label])]
    return "\n".join(lines) + "\n"
