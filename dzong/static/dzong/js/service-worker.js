// Dzong's service worker. It keeps copies of the signed-in applicant's own pages (their
// applications, each one's status, the pages of a draft) as last seen, and shows them, marked
// as such, when the network fails: network first, the copy only as a fallback. Copies are
// kept per account (the Dzong-Account header names it): a page shown to another account, or
// to no one signed in, removes every earlier account's copies. Served from the site's root
// (see dzong/web/offline.py) so that its scope covers the applicant's pages.
const STATIC = "dzong-static";
const PAGES = "dzong-pages-";
const ACCOUNT = "dzong-account";
const KEPT = /^\/applications\//;
const HASHED = /\.[0-9a-f]{12}\.\w+$/; // a file named by its content never changes

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function accountNow() {
  const found = await (await caches.open(ACCOUNT)).match("/account");
  return found ? found.text() : "";
}

async function shownTo(account) {
  if (account === (await accountNow())) return;
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== PAGES + account) await caches.delete(name);
  }
  await (await caches.open(ACCOUNT)).put("/account", new Response(account));
}

async function fromNetwork(request) {
  const response = await fetch(request);
  if (response.type === "opaqueredirect") return response;
  const account = response.headers.get("Dzong-Account") || "";
  await shownTo(account);
  const url = new URL(response.url || request.url);
  const html = response.headers.get("Content-Type")?.startsWith("text/html");
  if (account && response.ok && html && KEPT.test(url.pathname)) {
    await (await caches.open(PAGES + account)).put(request.url, response.clone());
  }
  return response;
}

// The copy marked as one: the banner the server wrote into the page, hidden, is shown.
async function marked(copy) {
  const html = (await copy.text()).replace("data-dzong-offline hidden", "data-dzong-offline");
  const headers = new Headers(copy.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  return new Response(html, { status: copy.status, headers });
}

async function copyOf(url) {
  const account = await accountNow();
  if (!account || !(await caches.has(PAGES + account))) return null;
  const cache = await caches.open(PAGES + account);
  const copy = await cache.match(url.href);
  if (copy) return marked(copy);
  // An application's own address leads to the page of it seen last (a draft resumes there).
  const own = url.pathname.match(/^\/applications\/[^/]+\/$/);
  if (!own) return null;
  const seen = (await cache.keys()).filter((r) => new URL(r.url).pathname.startsWith(own[0]));
  return seen.length ? Response.redirect(seen[seen.length - 1].url, 302) : null;
}

async function page(request) {
  try {
    return await fromNetwork(request);
  } catch (error) {
    const copy = await copyOf(new URL(request.url));
    if (copy) return copy;
    throw error;
  }
}

async function staticFile(request) {
  const cache = await caches.open(STATIC);
  if (HASHED.test(new URL(request.url).pathname)) {
    const copy = await cache.match(request);
    if (copy) return copy;
  }
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const copy = await cache.match(request);
    if (copy) return copy;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) event.respondWith(staticFile(request));
  else if (request.mode === "navigate") event.respondWith(page(request));
});

// A page shown before the worker ran asks for itself and the files it loaded to be kept.
self.addEventListener("message", (event) => {
  const { keep = [], files = [] } = event.data || {};
  const kept = Promise.all([
    ...keep.map((url) => fromNetwork(new Request(url, { credentials: "same-origin" })).catch(() => {})),
    caches.open(STATIC).then((cache) => cache.addAll(files)).catch(() => {}),
  ]);
  event.waitUntil(kept);
});

// Applications submitted while offline, sent once the connection returns (see outbox.js).
function outbox(mode, act) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open("dzong", 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore("answers", { keyPath: "key" });
      opening.result.createObjectStore("outbox", { keyPath: "key" });
    };
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const transaction = opening.result.transaction("outbox", mode);
      const request = act(transaction.objectStore("outbox"));
      transaction.oncomplete = () => { opening.result.close(); resolve(request.result); };
      transaction.onerror = () => reject(transaction.error);
    };
  });
}

async function sendWaiting() {
  for (const entry of await outbox("readonly", (store) => store.getAll())) {
    const response = await fetch(entry.url, {
      method: "POST",
      body: entry.body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      credentials: "same-origin",
    });
    if (response.status >= 500) throw new Error("The server is unwell; the browser tries again.");
    await outbox("readwrite", (store) => store.delete(entry.key));
    for (const client of await self.clients.matchAll()) {
      client.postMessage({ sent: entry.url, location: response.url });
    }
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "dzong-outbox") event.waitUntil(sendWaiting());
});
