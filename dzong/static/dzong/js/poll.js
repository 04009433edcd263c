// A part of the page that is still being prepared (certificates being signed) asks the server
// now and then and shows itself when ready, so the applicant never has to reload. Without
// JavaScript the page refreshes itself instead (a meta refresh inside <noscript>).
const FIRST_WAIT_MS = 2000;
const LONGEST_WAIT_MS = 30000;
const GIVE_UP_AFTER_MS = 15 * 60 * 1000;

async function fetchPart(url) {
  const response = await fetch(url, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!response.ok || !response.headers.get("Content-Type")?.startsWith("application/json")) {
    return null; // signed out, or the server is unwell: stop asking, the link still works
  }
  return response.json();
}

function replaceContent(part, html) {
  const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(part.id);
  if (!fresh) return;
  part.replaceChildren(...fresh.childNodes);
}

function poll(part, url, wait, started) {
  setTimeout(async () => {
    let answer = null;
    try {
      answer = await fetchPart(url);
    } catch {
      answer = { pending: true }; // a lost connection: try again later
    }
    if (!answer) return;
    if (!answer.pending) {
      replaceContent(part, answer.html);
      part.removeAttribute("data-dzong-poll");
      return;
    }
    if (Date.now() - started < GIVE_UP_AFTER_MS) {
      poll(part, url, Math.min(wait * 1.5, LONGEST_WAIT_MS), started);
    }
  }, wait);
}

export function initPoll(document) {
  for (const part of document.querySelectorAll("[data-dzong-poll]")) {
    poll(part, part.dataset.dzongPoll, FIRST_WAIT_MS, Date.now());
  }
}
