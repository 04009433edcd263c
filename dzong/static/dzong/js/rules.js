// JsonLogic in the browser: the mirror of dzong/engine/jsonlogic.py. Both pass the same case
// files, so a rule shown or hidden here is decided the same way on the server, whose
// evaluation is the one that counts. Dzong's own operations: today, years_between,
// days_between on ISO dates (YYYY-MM-DD).

export class RuleError extends Error {}

/** @param {unknown} value */
const isRule = (value) =>
  value !== null && typeof value === "object" && !Array.isArray(value) &&
  Object.keys(value).length === 1;

/** JsonLogic truthiness: JavaScript's, except that an empty array is false. */
export function truthy(value) {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/** @param {unknown} value @returns {string|null} */
function parseDate(value) {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return valid && year >= 1 ? date : null;
}

function yearsBetween(start, end) {
  const first = parseDate(start), last = parseDate(end);
  if (!first || !last) return null;
  let years = last.getUTCFullYear() - first.getUTCFullYear();
  const before = last.getUTCMonth() < first.getUTCMonth() ||
    (last.getUTCMonth() === first.getUTCMonth() && last.getUTCDate() < first.getUTCDate());
  return before ? years - 1 : years;
}

function daysBetween(start, end) {
  const first = parseDate(start), last = parseDate(end);
  return first && last ? Math.round((last - first) / 86400000) : null;
}

function lookup(data, path, fallback) {
  if (path === undefined || path === null || path === "" ||
      (Array.isArray(path) && path.length === 0)) return data;
  let current = data;
  for (const part of String(path).split(".")) {
    if (current === null || current === undefined || typeof current !== "object") return fallback;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part) || Number(part) >= current.length) return fallback;
      current = current[Number(part)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, part)) return fallback;
      current = current[part];
    }
  }
  return current;
}

function substr(source, start, length) {
  const text = String(source);
  let begin = Math.trunc(Number(start)) || 0;
  if (begin < 0) begin = Math.max(text.length + begin, 0);
  const rest = text.slice(begin);
  if (length === undefined || length === null) return rest;
  const count = Math.trunc(Number(length)) || 0;
  return count < 0 ? rest.slice(0, Math.max(rest.length + count, 0)) : rest.slice(0, count);
}

function contains(needle, haystack) {
  if (typeof haystack === "string") return haystack.indexOf(String(needle)) !== -1;
  if (Array.isArray(haystack)) return haystack.indexOf(needle) !== -1;
  throw new RuleError("'in' needs a text or a list to look in");
}

const chain = (compare) => (...values) =>
  values.slice(0, -1).every((value, i) => compare(value, values[i + 1]));

const extreme = (pick) => (...values) => {
  const numbers = values.map(Number);
  return numbers.some(Number.isNaN) ? NaN : pick(...numbers);
};

const OPERATIONS = {
  "==": (a, b) => a == b, // eslint-disable-line eqeqeq
  "!=": (a, b) => a != b, // eslint-disable-line eqeqeq
  "===": (a, b) => a === b,
  "!==": (a, b) => a !== b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "<": chain((a, b) => a < b),
  "<=": chain((a, b) => a <= b),
  "!": (a) => !truthy(a),
  "!!": (a) => truthy(a),
  "%": (a, b) => a % b,
  "+": (...values) => values.reduce((sum, v) => sum + parseFloat(v), 0),
  "*": (...values) => values.reduce((product, v) => product * parseFloat(v), 1),
  "-": (a, b) => (b === undefined ? -a : a - b),
  "/": (a, b) => a / b,
  min: extreme(Math.min),
  max: extreme(Math.max),
  cat: (...values) => values.map(String).join(""),
  substr,
  in: contains,
  merge: (...values) => values.reduce((all, v) => all.concat(v), []),
  log: (a) => a,
  years_between: yearsBetween,
  days_between: daysBetween,
};

class Evaluator {
  constructor(today) {
    this.today = today;
  }

  apply(rule, data) {
    if (Array.isArray(rule)) return rule.map((item) => this.apply(item, data));
    if (!isRule(rule)) return rule;
    const operator = Object.keys(rule)[0];
    let args = rule[operator];
    if (!Array.isArray(args)) args = [args];
    const special = this[`op_${operator}`];
    if (typeof special === "function" && Object.prototype.hasOwnProperty.call(
      Evaluator.prototype, `op_${operator}`)) return special.call(this, args, data);
    if (!Object.prototype.hasOwnProperty.call(OPERATIONS, operator)) {
      throw new RuleError(`Unrecognized operation ${operator}`);
    }
    return OPERATIONS[operator](...args.map((arg) => this.apply(arg, data)));
  }

  op_var(args, data) {
    const path = args.length ? this.apply(args[0], data) : null;
    const fallback = args.length > 1 ? this.apply(args[1], data) : null;
    return lookup(data, path, fallback);
  }

  op_missing(args, data) {
    const values = args.map((arg) => this.apply(arg, data));
    const keys = values.length && Array.isArray(values[0]) ? values[0] : values;
    return keys.filter((key) => {
      const value = lookup(data, key, null);
      return value === null || value === "";
    });
  }

  op_missing_some(args, data) {
    const need = this.apply(args[0], data);
    const options = this.apply(args[1], data);
    const absent = this.op_missing([options], data);
    return options.length - absent.length >= need ? [] : absent;
  }

  op_if(args, data) {
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      if (truthy(this.apply(args[i], data))) return this.apply(args[i + 1], data);
    }
    return i === args.length - 1 ? this.apply(args[i], data) : null;
  }

  ["op_?:"](args, data) {
    return this.op_if(args, data);
  }

  op_and(args, data) {
    let value = null;
    for (const arg of args) {
      value = this.apply(arg, data);
      if (!truthy(value)) return value;
    }
    return value;
  }

  op_or(args, data) {
    let value = null;
    for (const arg of args) {
      value = this.apply(arg, data);
      if (truthy(value)) return value;
    }
    return value;
  }

  scoped(args, data) {
    return [args.length ? this.apply(args[0], data) : null, args.length > 1 ? args[1] : null];
  }

  op_filter(args, data) {
    const [items, logic] = this.scoped(args, data);
    return Array.isArray(items) ? items.filter((item) => truthy(this.apply(logic, item))) : [];
  }

  op_map(args, data) {
    const [items, logic] = this.scoped(args, data);
    return Array.isArray(items) ? items.map((item) => this.apply(logic, item)) : [];
  }

  op_reduce(args, data) {
    const [items, logic] = this.scoped(args, data);
    const initial = args.length > 2 ? this.apply(args[2], data) : null;
    if (!Array.isArray(items)) return initial;
    return items.reduce(
      (accumulator, current) => this.apply(logic, { current, accumulator }), initial);
  }

  op_all(args, data) {
    const [items, logic] = this.scoped(args, data);
    if (!Array.isArray(items) || !items.length) return false;
    return items.every((item) => truthy(this.apply(logic, item)));
  }

  op_none(args, data) {
    return this.op_filter(args, data).length === 0;
  }

  op_some(args, data) {
    return this.op_filter(args, data).length > 0;
  }

  op_today() {
    return this.today;
  }
}

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The value of a rule for some data.
 * @param {unknown} rule @param {unknown} data @param {{today?: string}} [options]
 */
export function apply(rule, data, options = {}) {
  return new Evaluator(options.today || localToday()).apply(rule, data ?? null);
}

function sameValue(actual, expected) {
  if (typeof actual === "number" && typeof expected === "number") {
    return actual === expected || (Number.isNaN(actual) && Number.isNaN(expected));
  }
  if (Array.isArray(actual) || Array.isArray(expected)) {
    return Array.isArray(actual) && Array.isArray(expected) &&
      actual.length === expected.length && actual.every((v, i) => sameValue(v, expected[i]));
  }
  if (actual && expected && typeof actual === "object" && typeof expected === "object") {
    const keys = Object.keys(actual);
    return keys.length === Object.keys(expected).length &&
      keys.every((k) => sameValue(actual[k], expected[k]));
  }
  return actual === expected;
}

/** Run a case file's entries ([rule, data, expected]; strings are headings). */
export function runCases(cases, options = {}) {
  const result = { passed: 0, failed: 0, failures: [] };
  for (const entry of cases) {
    if (typeof entry === "string") continue;
    const [rule, data, expected] = entry;
    let actual;
    try {
      actual = apply(rule, data, options);
    } catch (error) {
      actual = `error: ${error.message}`;
    }
    if (sameValue(actual, expected)) {
      result.passed += 1;
    } else {
      result.failed += 1;
      result.failures.push({ rule, data, expected, actual });
    }
  }
  return result;
}
