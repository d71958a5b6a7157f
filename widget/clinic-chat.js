// Clinic chat widget: the one file a clinic's page loads.
//   <script type="module" src="https://<assistant host>/widget/clinic-chat.js"></script>
// plus, optionally, the JSON config block described in src/config.js. No build step: the parts
// are ES modules next to this file; socket.io-client 4 is vendored in vendor/ with its licence.
import { readConfig } from "./src/config.js";
import { ChatWidget } from "./src/widget.js";

function loadStyles(href) {
  return new Promise((resolve) => {
    const sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = href;
    sheet.onload = resolve;
    sheet.onerror = resolve; // unstyled is still usable
    document.head.append(sheet);
  });
}

async function boot() {
  if (document.querySelector(".cc-root")) return; // the tag was pasted twice
  const config = readConfig(document, import.meta.url);
  await loadStyles(new URL("clinic-chat.css", import.meta.url).href);
  const widget = new ChatWidget(config);
  widget.mount(document.body);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
