// Answers typed on a draft's page are kept on the device as they are typed (IndexedDB), so
// closing the browser or losing the connection costs nothing; they are saved to the draft
// when the connection returns. If the draft was saved from elsewhere meanwhile (its version
// moved on), the applicant chooses which answers to keep: nothing is overwritten silently.
import { drop, keep, read } from "./device.js";
import { typedValues } from "./keep.js";

function fill(form, values) {
  for (const input of form.querySelectorAll("input[name], textarea[name], select[name]")) {
    if (["file", "hidden", "submit", "password"].includes(input.type) || input.readOnly) continue;
    const kept = values[input.name];
    if (input.type === "radio" || input.type === "checkbox") input.checked = Boolean(kept?.includes(input.value));
    else if (kept) input.value = kept[0] ?? "";
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The answers as the server wrote them into the page (not as restored from the tab since).
function savedValues(form) {
  const values = {};
  for (const input of form.querySelectorAll("input[name], textarea[name], select[name]")) {
    if (["file", "hidden", "submit", "password"].includes(input.type)) continue;
    if ((input.type === "radio" || input.type === "checkbox") && !input.defaultChecked) continue;
    const chosen = [...(input.options || [])].find((option) => option.defaultSelected);
    const value = input.tagName === "SELECT" ? (chosen || input.options[0])?.value ?? "" : input.defaultValue;
    (values[input.name] ||= []).push(input.type === "radio" || input.type === "checkbox" ? input.value : value);
  }
  return values;
}

async function send(page) {
  const kept = await read("answers", page.key);
  if (!kept || !navigator.onLine) return;
  const body = new FormData();
  body.set("csrfmiddlewaretoken", page.form.elements.csrfmiddlewaretoken.value);
  body.set("draft_version", kept.version);
  for (const [name, values] of Object.entries(kept.values)) for (const v of values) body.append(name, v);
  let response;
  try {
    response = await fetch(page.form.dataset.keepUrl, { method: "POST", body, credentials: "same-origin" });
  } catch {
    return; // still offline: tried again when the connection returns
  }
  if (!response.headers.get("Content-Type")?.startsWith("application/json")) return;
  const answer = await response.json();
  if (response.ok) {
    page.form.dataset.draftVersion = answer.version;
    const now = await read("answers", page.key);
    if (now && now.at === kept.at) await drop("answers", page.key);
    else if (now) await keep("answers", { ...now, version: answer.version });
  } else if (answer.version) {
    choose(page, answer.version);
  } else {
    await drop("answers", page.key); // sent meanwhile: what the server holds stands
  }
}

function choose(page, savedVersion) {
  const panel = document.querySelector("[data-dzong-choose]");
  if (!panel) return;
  panel.hidden = false;
  panel.querySelector("[data-keep='device']").onclick = async () => {
    const kept = await read("answers", page.key);
    panel.hidden = true;
    if (!kept) return;
    fill(page.form, kept.values);
    await keep("answers", { ...kept, version: savedVersion });
    await send(page);
  };
  panel.querySelector("[data-keep='saved']").onclick = async () => {
    await drop("answers", page.key);
    location.reload();
  };
}

async function settle(page) {
  const kept = await read("answers", page.key);
  if (!kept) return;
  if (same(kept.values, savedValues(page.form))) return drop("answers", page.key);
  if (kept.version === page.form.dataset.draftVersion) {
    fill(page.form, kept.values); // typed here after this copy of the page was saved
    return send(page);
  }
  if (kept.sent) return drop("answers", page.key); // the server took it, then moved on
  choose(page, page.form.dataset.draftVersion);
}

export async function initDrafts(document) {
  const form = document.querySelector("form[data-draft-version]");
  const account = document.body.dataset.account;
  if (!form || !account || !("indexedDB" in window)) return;
  const page = { form, key: `${account} ${form.dataset.keepUrl}` };
  const save = () => keep("answers", {
    key: page.key, values: typedValues(form), version: form.dataset.draftVersion, at: Date.now(),
  }).catch(() => {}); // storage refused: the page still sends the answers when online
  try {
    await settle(page);
  } catch {
    return; // no storage on this device (private mode): the page works as without script
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", async (event) => {
    if (navigator.onLine) {
      const kept = await read("answers", page.key).catch(() => null);
      if (kept) keep("answers", { ...kept, sent: true }).catch(() => {});
      return;
    }
    event.preventDefault();
    await save();
    const notice = document.querySelector("[data-dzong-kept]");
    if (notice) notice.hidden = false;
    notice?.scrollIntoView();
  });
  addEventListener("online", () => send(page));
}
