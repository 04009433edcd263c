// The designer's checks, updated as the designer types: the unsaved form is posted to its check
// address, where the server applies it to a copy of the draft (nothing is saved) and answers
// with the checks that copy gets. Without this script the checks show on the draft's page.
const WAIT_MS = 600;

function liveChecks(form, region) {
  const address = new URL(form.dataset.liveChecks, window.location.href);
  address.search = window.location.search; // a new question knows its page from the address
  let timer = 0;
  let asked = 0;
  const ask = async () => {
    const mine = ++asked;
    try {
      const answer = await fetch(address, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (!answer.ok || mine !== asked) return; // a later question has been asked meanwhile
      const html = await answer.text();
      if (mine === asked) region.innerHTML = html;
    } catch {
      // offline or refused: saving still checks everything
    }
  };
  const soon = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, WAIT_MS);
  };
  form.addEventListener("input", soon);
  form.addEventListener("change", () => {
    window.clearTimeout(timer);
    ask();
  });
}

for (const form of document.querySelectorAll("form[data-live-checks]")) {
  const region = document.getElementById("live-checks");
  if (region) liveChecks(form, region);
}
