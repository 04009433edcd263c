// The offline layer of a signed-in applicant's pages: the service worker that keeps copies of
// them, the banner saying a page is such a copy, and signing out forgetting all of it.
import { forgetDevice } from "./device.js";

function register(body) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: "/" }).then(async () => {
    const registration = await navigator.serviceWorker.ready;
    // The first page shown before the worker ran is kept too, with the files it loaded.
    const files = performance.getEntriesByType("resource").map((entry) => entry.name)
      .filter((url) => new URL(url).origin === location.origin && url.includes("/static/"));
    registration.active?.postMessage({ keep: navigator.serviceWorker.controller ? [] : [location.href], files });
  }).catch(() => {}); // a browser that refuses workers still has every page online
}

function showBannerWhenOffline(document) {
  const banner = document.querySelector("[data-dzong-offline]");
  if (!banner) return;
  const shownByWorker = !banner.hidden;
  addEventListener("offline", () => { banner.hidden = false; });
  addEventListener("online", () => { banner.hidden = !shownByWorker; });
}

function forgetOnSignOut(document) {
  for (const form of document.querySelectorAll("form[data-dzong-sign-out]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const waited = new Promise((resolve) => setTimeout(resolve, 3000));
      await Promise.race([forgetDevice().catch(() => {}), waited]);
      form.submit();
    }, { once: true });
  }
}

export function initOffline(document) {
  const body = document.body;
  if (!body.dataset.account) return;
  register(body);
  showBannerWhenOffline(document);
  forgetOnSignOut(document);
}
