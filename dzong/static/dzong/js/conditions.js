// Fields that show only for some answers on the same page: shown or hidden as the applicant
// answers, a field of a repeating group's entry by that entry's answers. The server applies the
// same rules (and ignores answers to hidden fields), so the page works the same without this
// script.
import { apply, truthy, RuleError } from "./rules.js";

const TIBETAN_DIGITS = /[༠-༩]/g;
const toLatin = (text) => text.replace(TIBETAN_DIGITS, (d) => String(d.charCodeAt(0) - 0x0f20));

/** The answer a field holds now, typed as the server would store it (or undefined). */
function valueOf(group) {
  const type = group.dataset.type;
  const inputs = [...group.querySelectorAll("input, select, textarea")];
  if (type === "yes_no") {
    const chosen = inputs.find((i) => i.checked);
    return chosen ? chosen.value === "yes" : undefined;
  }
  if (type === "choice") {
    const chosen = inputs.find((i) => (i.type === "radio" ? i.checked : i.value));
    return chosen ? chosen.value : undefined;
  }
  if (type === "multiple_choice") return inputs.filter((i) => i.checked).map((i) => i.value);
  if (type === "date") return dateOf(inputs);
  const text = inputs[0] ? inputs[0].value.trim() : "";
  if (text === "") return undefined;
  if (type === "integer" || type === "decimal") {
    const number = Number(toLatin(text).replace(/[\s,]/g, ""));
    return Number.isFinite(number) ? number : text;
  }
  if (type === "money") {
    const number = Number(toLatin(text).replace(/^(nu\.?|btn)/i, "").replace(/[\s,]/g, ""));
    return Number.isFinite(number) ? Math.round(number * 100) : text;
  }
  return text;
}

function dateOf(inputs) {
  const part = (suffix) => toLatin(inputs.find((i) => i.name.endsWith(suffix))?.value.trim() ?? "");
  const [day, month, year] = [part("-day"), part("-month"), part("-year")];
  if (!day || !month || year.length !== 4) return undefined;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** What a rule reads: in a repeating group's entry, the group's code names that entry. */
function contextOf(element, answers) {
  const entry = element.closest("[data-entry-of]");
  if (!entry) return answers;
  const values = {};
  for (const member of entry.querySelectorAll("[data-field]")) {
    if (member.hidden) continue;
    const value = valueOf(member);
    if (value !== undefined) values[member.dataset.field] = value;
  }
  return { ...answers, [entry.dataset.entryOf]: values };
}

function update(form, known) {
  const answers = { ...known };
  for (const group of form.querySelectorAll("[data-field]:not([data-field] [data-field])")) {
    if (group.hidden) continue;
    const value = valueOf(group);
    if (value !== undefined) answers[group.dataset.field] = value;
  }
  for (const group of form.querySelectorAll("[data-show-if]")) {
    let shown = true;
    try {
      shown = truthy(apply(JSON.parse(group.dataset.showIf), contextOf(group, answers)));
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      shown = false;
    }
    group.hidden = !shown;
  }
}

export function initConditions(document) {
  const form = document.querySelector("form[data-dzong-form]");
  const data = document.getElementById("dzong-answers");
  if (!form || !form.querySelector("[data-show-if]")) return;
  const known = data ? JSON.parse(data.textContent) : {};
  update(form, known);
  form.addEventListener("input", () => update(form, known));
  form.addEventListener("change", () => update(form, known));
}
