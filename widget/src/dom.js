// Building DOM safely: text is always set as text (never parsed as HTML), and links are made
// only for http(s) addresses and for phone numbers the clinic's facts name.

export function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";
const ICONS = {
  chat: "M4 4h16v12H7l-3 3z",
  warning: "M12 2 1 21h22L12 2zm0 6 .01 7M12 17.5v.5",
  phone: "M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.6 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.6 3.6a1 1 0 0 1-.25 1z",
  check: "M4 12l5 5L20 6",
  close: "M6 6l12 12M18 6 6 18",
};

export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `cc-icon cc-icon-${name}`);
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

export function safeHref(href) {
  try {
    const url = new URL(href);
    return ["http:", "https:", "tel:", "sms:"].includes(url.protocol) ? url.href : null;
  } catch (error) {
    return null;
  }
}

export function link(href, label, extraClass = "", newTabNote = "") {
  const safe = safeHref(href);
  if (!safe) return document.createTextNode(label);
  const external = safe.startsWith("http");
  return el("a", {
    href: safe, className: `cc-link ${extraClass}`.trim(),
    target: external ? "_blank" : null, rel: external ? "noopener noreferrer" : null,
  }, external && newTabNote ? [label, el("span", { className: "cc-sr", text: ` ${newTabNote}` })] : [label]);
}

function escapeForPattern(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// phones: [{text: "(410) 555-0100", tel: "+14105550100"}, {text: "911", tel: "911"}, ...]
export function textWithLinks(text, phones = [], newTabNote = "") {
  const known = phones.filter((p) => p.text);
  const parts = ["https?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)]"].concat(
    known.map((p) => `(?<![\\w-])${escapeForPattern(p.text)}(?![\\w-])`));
  const pattern = new RegExp(parts.join("|"), "g");
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    fragment.append(text.slice(last, match.index));
    const phone = known.find((p) => p.text === match[0]);
    fragment.append(phone ? link(`tel:${phone.tel}`, match[0]) : link(match[0], match[0], "", newTabNote));
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}
