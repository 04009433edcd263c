// Progressive enhancement for every page: pages work without it.
import { initAll } from "../build/govuk-frontend.min.js";
import { initConditions } from "./conditions.js";
import { initKeep } from "./keep.js";
import { initPoll } from "./poll.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
initKeep(document);
initConditions(document);
initPoll(document);

// A signed-in applicant's pages work offline too; others never load that part.
if (document.body.dataset.account) {
  import("./offline.js").then(({ initOffline }) => initOffline(document));
  import("./drafts.js").then(({ initDrafts }) => initDrafts(document));
  import("./outbox.js").then(({ initOutbox }) => initOutbox(document));
  if (document.querySelector("form[data-upload-url]")) {
    import("./uploads.js").then(({ initUploads }) => initUploads(document));
  }
}

// A printed page shows each link's full address after it (see the print stylesheet).
addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll("main a[href]:not([href^='#'])")) {
    link.dataset.printAddress = link.href;
  }
});
