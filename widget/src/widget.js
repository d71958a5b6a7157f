// The widget: launcher button, chat panel (notice, conversation log, typing line, input).
// Keyboard: every control is a real button, link or field; Escape closes the panel and returns
// focus to the launcher; focus is never trapped.
import { Connection, storedToken } from "./connection.js";
import { el, icon, link } from "./dom.js";
import { Transcript } from "./transcript.js";

const OPEN_KEY = "clinic-chat-open";
const MESSAGE_LIMIT = 5000; // channels/common.py MESSAGE_LIMIT

function remember(key, value) {
  try {
    if (value) window.sessionStorage.setItem(key, "1");
    else window.sessionStorage.removeItem(key);
  } catch (error) { /* storage blocked: nothing to remember */ }
}

function remembered(key) {
  try {
    return window.sessionStorage.getItem(key) === "1";
  } catch (error) {
    return false;
  }
}

export class ChatWidget {
  constructor(config) {
    this.config = config;
    this.s = config.strings;
    this.inflight = null;
    this.ctx = {
      strings: this.s, clinic: {}, labels: {}, phones: [],
      startTitles: Object.fromEntries(this.s.start.map((c) => [c.payload, c.title])),
      send: (payload, title) => this.send(payload, title),
    };
    this.connection = new Connection(config, {
      confirmed: (confirm) => this.confirmed(confirm),
      reply: (message) => this.transcript.addAssistant(message),
      status: (state) => this.showStatus(state),
      lost: () => this.requeueInflight(),
    });
  }

  mount(parent) {
    this.root = el("div", { className: "cc-root", lang: this.s.language });
    this.root.style.setProperty("--cc-accent", this.config.accent);
    this.launcher = el("button", {
      type: "button", className: "cc-launcher", "aria-expanded": "false", "aria-controls": "cc-panel",
    }, [icon("chat"), el("span", { text: this.s.launcher })]);
    this.launcher.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));
    this.panel = this.buildPanel();
    this.root.append(this.launcher, this.panel);
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !this.panel.hidden) this.close();
    });
    document.addEventListener("click", (event) => {
      if (event.target.closest && event.target.closest("[data-clinic-chat-open]")) this.open();
    });
    parent.append(this.root);
    if (storedToken()) this.connection.start(); // a reload: carry on where the patient was
    if (remembered(OPEN_KEY)) this.open({ focus: false });
  }

  buildPanel() {
    const title = this.config.clinicName ? this.s.title(this.config.clinicName) : this.s.launcher;
    this.title = el("h2", { id: "cc-title", className: "cc-title", text: title });
    const close = el("button", { type: "button", className: "cc-close", "aria-label": this.s.close }, [icon("close")]);
    close.addEventListener("click", () => this.close());
    this.notice = el("div", { className: "cc-notice" });
    this.log = el("div", { className: "cc-log", role: "log", "aria-live": "polite", "aria-labelledby": "cc-title", tabindex: "0" });
    this.transcript = new Transcript(this.log, this.ctx);
    this.typing = el("p", { className: "cc-typing", role: "status" });
    this.status = el("p", { className: "cc-status", role: "status" });
    return el("section", { id: "cc-panel", className: "cc-panel", "aria-labelledby": "cc-title", hidden: true }, [
      el("div", { className: "cc-header" }, [this.title, close]),
      this.notice, this.log, this.typing, this.status, this.buildForm(),
    ]);
  }

  buildForm() {
    this.input = el("textarea", {
      id: "cc-input", className: "cc-input", rows: "2", maxlength: String(MESSAGE_LIMIT), autocomplete: "off",
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.form = el("form", { className: "cc-form" }, [
      el("label", { for: "cc-input", className: "cc-label", text: this.s.inputLabel }),
      el("div", { className: "cc-row" }, [this.input, el("button", { type: "submit", className: "cc-send", text: this.s.send })]),
    ]);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.send(text, text);
    });
    return this.form;
  }

  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.root.classList.add("cc-open");
    remember(OPEN_KEY, true);
    this.connection.start();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.root.classList.remove("cc-open");
    remember(OPEN_KEY, false);
    this.launcher.focus();
  }

  confirmed(confirm) {
    const clinic = confirm.clinic || {};
    Object.assign(this.ctx, { clinic, labels: confirm.labels || {}, phones: phonesOf(clinic) });
    if (!this.config.clinicName && clinic.name) this.title.textContent = this.s.title(clinic.name);
    if (confirm.expired && this.transcript.entries.length) this.showStatus("expired");
    this.transcript.reconcile(confirm.history || []);
    this.renderNotice();
    this.flush();
  }

  renderNotice() {
    const c = this.ctx.clinic, s = this.s;
    const started = this.transcript.entries.length > 0;
    this.notice.replaceChildren();
    this.notice.classList.toggle("cc-notice-short", started);
    this.panel.classList.toggle("cc-empty", !started);
    const emergency = link(`tel:${c.emergency_number}`, c.emergency_number);
    if (started) {
      this.notice.append(el("p", {}, [sentenceWithLink(s.noticeShort, c.emergency_number, emergency)]));
      return;
    }
    const start = el("div", { className: "cc-start", role: "group", "aria-label": s.startLabel },
      s.start.map((choice) => {
        const button = el("button", { type: "button", className: "cc-choice" }, [choice.title]);
        button.addEventListener("click", () => this.send(choice.payload, choice.title));
        return button;
      }));
    this.notice.append(
      el("h3", { className: "cc-notice-title", text: s.noticeTitle }),
      el("p", { className: "cc-notice-emergency" }, [sentenceWithLink(s.noticeEmergency, c.emergency_number, emergency)]),
      c.crisis_line ? el("p", {}, [sentenceWithLink(s.noticeCrisis, c.crisis_line, link(`tel:${c.crisis_line}`, c.crisis_line))]) : null,
      el("p", { text: s.noticeDiagnosis }),
      c.conversation_storage ? el("p", { text: c.conversation_storage }) : null,
      start,
    );
  }

  send(payload, title) {
    if (payload.length > MESSAGE_LIMIT) return;
    this.transcript.addPatient(title, payload);
    if (this.notice.querySelector(".cc-start")) this.renderNotice();
    this.input.focus();
    this.connection.start();
    this.flush();
  }

  // One message at a time, so the replies to each land right under it.
  flush() {
    if (this.inflight || !this.connection.ready) return;
    const next = this.transcript.queued()[0];
    if (!next) return;
    this.inflight = next;
    next.state = "sent";
    next.attempt = (next.attempt || 0) + 1;
    const attempt = next.attempt;
    this.typing.replaceChildren(el("span", { className: "cc-dots", "aria-hidden": "true" }), this.s.typing);
    this.connection.send(next, Boolean(next.retry), (ack) => {
      if (next.attempt === attempt) this.acknowledged(next, ack);
    });
  }

  acknowledged(entry, ack) {
    this.inflight = null;
    this.typing.replaceChildren();
    if (!ack) {
      this.requeue(entry); // no answer in time: sent again (once) after the next reconnect
      return;
    }
    if (ack.ok) entry.state = "done";
    else if (ack.error === "session_expired") this.expired(entry);
    else this.failed(entry, ack.detail);
    this.flush();
  }

  requeue(entry) {
    entry.state = "queued";
    entry.retry = true;
  }

  requeueInflight() {
    if (this.inflight) this.requeue(this.inflight);
    this.inflight = null;
    this.typing.replaceChildren();
  }

  expired(entry) {
    this.transcript.remove(entry);
    if (entry.payload === entry.text) this.input.value = entry.text;
    this.showStatus("expiredResend");
    this.connection.restart();
  }

  failed(entry, detail) {
    entry.state = "done";
    entry.node.append(el("p", { className: "cc-error", text: `${this.s.sendFailed} ${detail || ""}`.trim() }));
  }

  showStatus(state) {
    const s = this.s, phone = this.ctx.clinic.phone || this.config.clinicPhone;
    const words = {
      connecting: s.connecting, reconnecting: s.reconnecting, ok: "", expired: s.expired,
      expiredResend: s.expiredResend, unavailable: phone ? s.unavailable(phone) : s.unavailableNoPhone,
    };
    this.status.textContent = words[state] || "";
    this.status.dataset.state = state;
  }
}

function phonesOf(clinic) {
  return [
    { text: clinic.phone, tel: clinic.phone_e164 },
    { text: clinic.emergency_number, tel: clinic.emergency_number },
    { text: clinic.crisis_line, tel: clinic.crisis_line },
  ].filter((p) => p.text && p.tel);
}

// "…call 911." with 911 as a tap-to-call link.
function sentenceWithLink(template, value, anchor) {
  const [before, after] = template(value).split(value);
  return el("span", {}, [before, anchor, after || ""]);
}
