// What this device keeps for the signed-in applicant while the connection is away: answers
// typed (per draft page) and applications waiting to be sent. IndexedDB survives closing the
// tab, the browser and a restart of the phone; signing out deletes it (forgetDevice).
const NAME = "dzong";
let opened = null;

function database() {
  opened ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("answers", { keyPath: "key" });
      request.result.createObjectStore("outbox", { keyPath: "key" });
    };
    request.onsuccess = () => {
      request.result.onversionchange = () => request.result.close(); // another tab forgets
      resolve(request.result);
    };
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run(store, mode, act) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = act(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
  });
}

export const read = (store, key) => run(store, "readonly", (s) => s.get(key));
export const readAll = (store) => run(store, "readonly", (s) => s.getAll());
export const keep = (store, value) => run(store, "readwrite", (s) => s.put(value));
export const drop = (store, key) => run(store, "readwrite", (s) => s.delete(key));

// Everything the device kept for the account: copies of pages, answers, sends waiting.
export async function forgetDevice() {
  if (opened) (await opened.catch(() => null))?.close();
  opened = null;
  const deleted = new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(NAME);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
  const names = "caches" in window ? await caches.keys() : [];
  const registrations = await navigator.serviceWorker?.getRegistrations?.() || [];
  await Promise.all([
    deleted,
    ...names.map((name) => caches.delete(name)),
    ...registrations.map((registration) => registration.unregister()),
  ]);
}
