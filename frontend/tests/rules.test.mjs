// The browser's evaluator under Node: the same case files the server passes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { apply, runCases } from "../../dzong/static/dzong/js/rules.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const conformance = process.env.JSONLOGIC_CONFORMANCE ||
  join(root, "..", "shared", "conformance", "jsonlogic", "tests.json");
const edgeCases = join(root, "dzong", "engine", "cases", "edge_cases.json");
const load = (path) => JSON.parse(readFileSync(path, "utf-8"));

test("the shared conformance cases all pass", () => {
  const result = runCases(load(conformance));
  assert.deepEqual(result.failures, []);
  assert.equal(result.passed, 278);
});

test("Dzong's edge cases all pass", () => {
  const result = runCases(load(edgeCases));
  assert.deepEqual(result.failures, []);
  assert.ok(result.passed >= 60);
});

test("age counts a birthday only once it is reached", () => {
  const rule = { years_between: [{ var: "born" }, { today: [] }] };
  assert.equal(apply(rule, { born: "2008-11-23" }, { today: "2026-11-23" }), 18);
  assert.equal(apply(rule, { born: "2008-11-24" }, { today: "2026-11-23" }), 17);
  assert.equal(apply(rule, { born: "2023-02-30" }, { today: "2026-11-23" }), null);
});

test("an unknown operation is refused", () => {
  assert.throws(() => apply({ teleport: [1] }, {}), /Unrecognized operation teleport/);
});
