// Cards for the custom payloads (interfaces fixed in docs/ARCHITECTURE.md):
//   quiz_result {route, probability, band, answers, drivers, next_steps}
//   triage_alert {level, reasons}          booking_confirmation {reference}
// A card keeps the words that came with its payload, so nothing the assistant said is hidden.
import { el, icon, link, textWithLinks } from "./dom.js";

// Reason ids of a person in crisis (issue 9): the alert then offers the crisis line as well.
const CRISIS_REASON = /crisis|suicid|self_harm|self-harm/;

function list(items) {
  return el("ul", { className: "cc-list" }, items.map((item) => el("li", { text: item })));
}

function section(title, items) {
  return items.length ? [el("h4", { className: "cc-card-subtitle", text: title }), list(items)] : [];
}

function answerLines(answers, labels) {
  const yes = [], no = [], told = [];
  for (const [item, value] of Object.entries(answers || {})) {
    const label = labels[item];
    if (!label || value === null || value === undefined) continue;
    if (value === true) yes.push(label);
    else if (value === false) no.push(label);
    else if (typeof value === "number") told.push(`${label}: ${value}`);
  }
  return { yes, no, told };
}

function actionButton(choice, ctx, className = "cc-primary") {
  const button = el("button", { type: "button", className }, [choice.title]);
  button.addEventListener("click", () => ctx.send(choice.payload, choice.title));
  return button;
}

export function resultCard(payload, text, ctx) {
  const s = ctx.strings;
  const summary = (text || "").split("\n\n")[0];
  const { yes, no, told } = answerLines(payload.answers, ctx.labels);
  return el("div", { className: "cc-card cc-result" }, [
    el("h3", { className: "cc-card-title", text: s.resultTitle }),
    el("p", { className: "cc-band" }, [el("strong", { text: `${s.bandLabel}: ${s.bands[payload.band] || "?"}` })]),
    el("p", { text: s.routes[payload.route] || "" }),
    summary ? el("p", {}, [textWithLinks(summary, ctx.phones, s.opensNewTab)]) : null,
    ...section(s.saidYes, yes), ...section(s.saidNo, no), ...section(s.toldUs, told),
    ...section(s.nextSteps, payload.next_steps || []),
    el("p", { className: "cc-small", text: s.notDiagnosis }),
    actionButton(s.requestAppointment, ctx),
  ]);
}

function callLinks(payload, ctx) {
  const s = ctx.strings, clinic = ctx.clinic;
  const links = [];
  const crisis = (payload.reasons || []).some((reason) => CRISIS_REASON.test(String(reason)));
  if (payload.level === "emergency" || crisis) {
    links.push(link(`tel:${clinic.emergency_number}`, s.callEmergency(clinic.emergency_number), "cc-call cc-call-main"));
  }
  if (crisis && clinic.crisis_line) {
    links.push(link(`tel:${clinic.crisis_line}`, s.callCrisis(clinic.crisis_line), "cc-call"));
    links.push(link(`sms:${clinic.crisis_line}`, s.textCrisis(clinic.crisis_line), "cc-call"));
  }
  if (payload.level !== "emergency" && clinic.phone_e164) {
    links.push(link(`tel:${clinic.phone_e164}`, s.callClinic(clinic.phone), "cc-call cc-call-main"));
  }
  return links;
}

export function alertCard(payload, text, ctx) {
  const emergency = payload.level === "emergency";
  const links = callLinks(payload, ctx);
  for (const a of links) a.prepend(icon("phone"));
  return el("div", { className: `cc-card cc-alert cc-alert-${emergency ? "emergency" : "urgent"}` }, [
    el("p", { className: "cc-alert-title" }, [
      icon("warning"), el("strong", { text: emergency ? ctx.strings.alertEmergency : ctx.strings.alertUrgent })]),
    text ? el("p", { className: "cc-text" }, [textWithLinks(text, ctx.phones, ctx.strings.opensNewTab)]) : null,
    el("div", { className: "cc-calls" }, links),
  ]);
}

export function bookingCard(payload, text, ctx) {
  return el("div", { className: "cc-card cc-booking" }, [
    el("p", { className: "cc-card-title" }, [icon("check"), el("strong", { text: ctx.strings.bookingTitle })]),
    el("p", {}, [`${ctx.strings.bookingReference}: `, el("strong", { className: "cc-reference", text: String(payload.reference || "") })]),
    text ? el("p", { className: "cc-text" }, [textWithLinks(text, ctx.phones, ctx.strings.opensNewTab)]) : null,
  ]);
}

export const CARDS = { quiz_result: resultCard, triage_alert: alertCard, booking_confirmation: bookingCard };
