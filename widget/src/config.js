// The embedding page's settings: an optional JSON block next to the one <script> tag.
//   <script type="application/json" id="clinic-chat-config">
//     {"serverUrl": "https://assistant.example.org", "clinicName": "…", "language": "en",
//      "clinicPhone": "(410) 555-0100", "colors": {"accent": "#0b5394"}}
//   </script>
// A JSON block (not inline JavaScript) keeps pages with a strict Content-Security-Policy working.
import { stringsFor } from "./strings.js";

const DEFAULT_ACCENT = "#0b5394";
const MIN_CONTRAST = 4.5; // WCAG 2.1 AA for text: white text on the accent, accent text on white

function luminance(hex) {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const linear = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

export function contrastWithWhite(hex) {
  return 1.05 / (luminance(hex) + 0.05);
}

function accentColour(value) {
  if (value === undefined) return DEFAULT_ACCENT;
  if (typeof value === "string" && /^#[0-9a-fA-F]{6}$/.test(value) && contrastWithWhite(value) >= MIN_CONTRAST) {
    return value;
  }
  console.warn("clinic-chat: colors.accent must be #rrggbb with 4.5:1 contrast on white; using the default");
  return DEFAULT_ACCENT;
}

function httpOrigin(value) {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch (error) {
    return null;
  }
}

function readBlock(doc) {
  const block = doc.getElementById("clinic-chat-config");
  if (!block) return {};
  try {
    const parsed = JSON.parse(block.textContent || "{}");
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch (error) {
    console.warn("clinic-chat: the config block is not valid JSON; using defaults");
    return {};
  }
}

export function readConfig(doc, scriptUrl) {
  const raw = readBlock(doc);
  const language = typeof raw.language === "string" ? raw.language : (doc.documentElement.lang || "en").slice(0, 2);
  return {
    // Default: the assistant serves this script too (one host behind a proxy).
    serverUrl: httpOrigin(raw.serverUrl) || new URL(scriptUrl).origin,
    socketPath: typeof raw.socketPath === "string" ? raw.socketPath : "/socket.io",
    clinicName: typeof raw.clinicName === "string" ? raw.clinicName : "",
    // Shown when the chat cannot connect (the clinic's facts normally come from the server).
    clinicPhone: typeof raw.clinicPhone === "string" ? raw.clinicPhone : "",
    accent: accentColour(raw.colors && raw.colors.accent),
    strings: stringsFor(language),
  };
}
