// The conversation on screen, kept in step with the server's history.
// An entry: {from: "patient"|"assistant", text, buttons?, custom?, message_id?, payload?,
//            state?: "queued" | "sent" | "done", node}
// Patient messages wait "queued" until sent one at a time; replies are placed before any message
// still waiting, so the log always reads in the order the server answered.
import { CARDS } from "./cards.js";
import { el, textWithLinks } from "./dom.js";

export function newMessageId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function sameEntry(entry, item) {
  if (entry.from !== item.from) return false;
  if (entry.from === "patient") return entry.message_id === item.message_id;
  const type = (m) => (m.custom && m.custom.type) || "";
  return (entry.text || "") === (item.text || "") && type(entry) === type(item);
}

export class Transcript {
  constructor(log, ctx) {
    this.log = log;
    this.ctx = ctx; // {strings, clinic, labels, phones, startTitles, send(payload, title)}
    this.entries = [];
  }

  queued() {
    return this.entries.filter((e) => e.state === "queued");
  }

  addPatient(title, payload) {
    const entry = { from: "patient", text: title, payload, message_id: newMessageId(), state: "queued" };
    this._insert(entry, this.entries.length);
    this._quickRepliesOnlyOn(null);
    return entry;
  }

  addAssistant(message) {
    const entry = { from: "assistant", ...message };
    const firstQueued = this.entries.findIndex((e) => e.state === "queued");
    this._insert(entry, firstQueued < 0 ? this.entries.length : firstQueued);
    this._quickRepliesOnlyOn(firstQueued < 0 ? entry : null);
  }

  remove(entry) {
    this.entries = this.entries.filter((e) => e !== entry);
    entry.node.remove();
  }

  // The server's history after a (re)connect: keep what matches, add what was missed, resend
  // what never arrived. Anything else means the conversation moved on elsewhere: redraw it.
  reconcile(history) {
    const shown = this.entries.filter((e) => e.state !== "queued");
    const matches = shown.every((entry, i) => i < history.length && sameEntry(entry, history[i]));
    if (!matches) {
      this.log.setAttribute("aria-busy", "true");
      for (const entry of shown) this.remove(entry);
    }
    for (const item of history.slice(matches ? shown.length : 0)) {
      const waiting = this.queued().find((e) => item.from === "patient" && e.message_id === item.message_id);
      if (waiting) waiting.state = "done";
      else this.addAssistantOrPatient(item);
    }
    this.log.removeAttribute("aria-busy");
    const last = this.entries[this.entries.length - 1];
    this._quickRepliesOnlyOn(last && last.from === "assistant" ? last : null);
  }

  addAssistantOrPatient(item) {
    if (item.from === "assistant") return this.addAssistant(item);
    const text = this.ctx.startTitles[item.text] || item.text;
    const entry = { from: "patient", text, message_id: item.message_id, state: "done" };
    const firstQueued = this.entries.findIndex((e) => e.state === "queued");
    this._insert(entry, firstQueued < 0 ? this.entries.length : firstQueued);
  }

  _insert(entry, index) {
    entry.node = entry.from === "patient" ? this._patientNode(entry) : this._assistantNode(entry);
    const before = this.entries[index];
    this.log.insertBefore(entry.node, before ? before.node : null);
    this.entries.splice(index, 0, entry);
    this.log.scrollTop = this.log.scrollHeight;
  }

  _patientNode(entry) {
    return el("div", { className: "cc-msg cc-msg-patient" }, [
      el("span", { className: "cc-sr", text: `${this.ctx.strings.you} ` }),
      el("p", { className: "cc-bubble", text: entry.text }),
    ]);
  }

  _assistantNode(entry) {
    const s = this.ctx.strings;
    const card = entry.custom && CARDS[entry.custom.type];
    const body = card
      ? card(entry.custom, entry.text, this.ctx)
      : el("p", { className: "cc-bubble" }, [textWithLinks(entry.text || "", this.ctx.phones, s.opensNewTab)]);
    const custom = entry.custom || {};
    return el("div", {  // data-*: what the message carries, for page scripts and tests
      className: "cc-msg cc-msg-assistant", "data-type": custom.type || null,
      "data-item": custom.type === "quiz_question" ? custom.item : null,
    }, [el("span", { className: "cc-sr", text: `${s.assistant} ` }), body]);
  }

  // Answer buttons belong to the newest assistant message only: older ones would answer a
  // question that has moved on.
  _quickRepliesOnlyOn(entry) {
    for (const group of this.log.querySelectorAll(".cc-quick")) group.remove();
    if (!entry || !entry.buttons || !entry.buttons.length) return;
    const group = el("div", { className: "cc-quick", role: "group", "aria-label": this.ctx.strings.quickReplies });
    for (const choice of entry.buttons) {
      const button = el("button", { type: "button", className: "cc-choice" }, [choice.title]);
      button.addEventListener("click", () => this.ctx.send(choice.payload, choice.title));
      group.append(button);
    }
    entry.node.append(group);
    this.log.scrollTop = this.log.scrollHeight;
  }
}
