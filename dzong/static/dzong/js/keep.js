// What the applicant types is kept in this browser tab until the server has it, so a lost
// connection, an expired sign-in or a slow upload never costs them their answers. Only text
// is kept (never files), in sessionStorage, which the tab alone can read and which ends
// with it.
const KEY = "dzong-typed";

function read() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || "null");
  } catch {
    return null;
  }
}

export function typedValues(form) {
  const values = {};
  for (const input of form.querySelectorAll("input[name], textarea[name], select[name]")) {
    if (["file", "hidden", "submit", "password"].includes(input.type)) continue;
    if ((input.type === "radio" || input.type === "checkbox") && !input.checked) continue;
    (values[input.name] ||= []).push(input.value);
  }
  return values;
}

function restore(form, values) {
  for (const [name, kept] of Object.entries(values)) {
    const inputs = [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)];
    if (inputs.some((i) => (i.type === "radio" || i.type === "checkbox" ? i.checked : i.value))) {
      continue; // the server's answer wins
    }
    for (const input of inputs) {
      if (input.type === "radio" || input.type === "checkbox") input.checked = kept.includes(input.value);
      else input.value = kept[0] ?? "";
    }
  }
}

export function initKeep(document) {
  const form = document.querySelector("form[data-dzong-form]");
  if (!form) return;
  const kept = read();
  // The place is the page and the person: another person in the same tab gets nothing back.
  const place = `${form.dataset.keepScope || ""} ${form.getAttribute("action")}`;
  const showsErrors = Boolean(document.querySelector(".govuk-error-summary"));
  if (kept && kept.place === place && !showsErrors) restore(form, kept.values);
  if (!kept || kept.place !== place || showsErrors) sessionStorage.removeItem(KEY);
  const save = () => {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ place, values: typedValues(form) }));
    } catch {
      // storage full or refused: the server still gets the answers when the page is sent
    }
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
}
