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

// Only the settings that apply to the kind chosen show (an answer's kind, a fee's way of
// working out its amount); without this script every setting shows.
function showKinds(form) {
  const parts = form.querySelectorAll("[data-kinds]");
  const chosen = (name) => {
    const picked = form.querySelector(`select[name="${name}"], input[name="${name}"]:checked`);
    return picked ? picked.value : "";
  };
  const update = () => {
    for (const part of parts) {
      part.hidden = !part.dataset.kinds.split(" ").includes(chosen(part.dataset.kindsOf));
    }
  };
  form.addEventListener("change", update);
  update();
}

// A condition on a choice question offers that question's choices as its answer.
function offerAnswers(form) {
  for (const answer of form.querySelectorAll("input[data-answers-of]")) {
    const question = document.getElementById(answer.dataset.answersOf);
    if (!question) continue;
    const update = () => {
      const list = document.getElementById(`answers-${question.value}`);
      if (list) answer.setAttribute("list", list.id);
      else answer.removeAttribute("list");
    };
    question.addEventListener("change", update);
    update();
  }
}

for (const form of document.querySelectorAll("form[data-live-checks]")) {
  showKinds(form);
  offerAnswers(form);
}
