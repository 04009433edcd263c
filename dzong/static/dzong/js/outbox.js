// Submitting while offline: the application waits on the device with its submission key and
// is sent when the connection returns (by the service worker's Background Sync where the
// browser has it, otherwise by the next page open or the `online` event). The server takes a
// key once, so a send repeated by a second tab or the worker creates nothing more.
import { drop, keep, readAll } from "./device.js";

async function sendOne(entry, form) {
  let response;
  try {
    response = await fetch(entry.url, {
      method: "POST",
      body: entry.body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      credentials: "same-origin",
    });
  } catch {
    return; // still offline
  }
  if (response.status >= 500) return; // the server is unwell: try again later
  await drop("outbox", entry.key);
  if (form && form.action === entry.url) location.assign(response.url);
}

async function sendAll(account, form) {
  if (!navigator.onLine) return;
  const waiting = (await readAll("outbox")).filter((entry) => entry.account === account);
  await Promise.all(waiting.map((entry) => sendOne(entry, form)));
}

async function queue(form, account) {
  const body = new URLSearchParams(new FormData(form)).toString();
  await keep("outbox", { key: form.elements.submission_key.value, account, url: form.action, body });
  const waiting = document.querySelector("[data-dzong-waiting]");
  if (waiting) {
    waiting.hidden = false;
    waiting.scrollIntoView();
  }
  const registration = await navigator.serviceWorker?.getRegistration();
  await registration?.sync?.register("dzong-outbox").catch(() => {});
}

export async function initOutbox(document) {
  const account = document.body.dataset.account;
  if (!account || !("indexedDB" in window)) return;
  const form = document.querySelector("form[data-dzong-outbox]");
  form?.addEventListener("submit", (event) => {
    if (navigator.onLine || !form.elements.declaration?.checked) return;
    event.preventDefault();
    queue(form, account).catch(() => form.submit());
  });
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (form && event.data?.sent === form.action) location.assign(event.data.location);
  });
  try {
    const waiting = (await readAll("outbox")).filter((entry) => entry.url === form?.action);
    if (waiting.length) document.querySelector("[data-dzong-waiting]").hidden = false;
    addEventListener("online", () => sendAll(account, form));
    await sendAll(account, form);
  } catch {
    // no storage on this device: submitting works as without script
  }
}
