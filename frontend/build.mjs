// Builds Dzong's front-end assets from their npm packages into dzong/static/dzong/build/.
// Nothing built is committed; `npm run build` (called by `make install`) makes it anew.
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as sass from "sass";
import subsetFont from "subset-font";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dzong", "static", "dzong", "build");
const testAssets = join(root, "dzong", "test-assets");
const modules = join(root, "node_modules");
// What every page downloads (CSS and JS, compressed as the server sends them) stays small.
const PAGE_BUDGET = 25 * 1024;
const PAGE_ASSETS = ["dzong.css", "govuk-frontend.min.js"];

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  return to;
}

function buildCss() {
  const result = sass.compile(join(root, "frontend", "scss", "dzong.scss"), {
    loadPaths: [modules],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import"],
  });
  const file = join(out, "dzong.css");
  writeFileSync(file, result.css);
  return file;
}

// Every page names Dzongkha in its own script in the language switch. Those few letters come
// from a tiny cut of the Tibetan face, so that English pages never fetch the whole face.
const SWITCH_TEXT = "རྫོང་ཁ";

async function buildSwitchFont(fonts) {
  const full = readFileSync(join(fonts, "noto-serif-tibetan-tibetan-400-normal.woff2"));
  const file = join(out, "fonts", "dzong-tibetan-switch.woff2");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await subsetFont(full, SWITCH_TEXT, { targetFormat: "woff2" }));
  return file;
}

async function build() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const fonts = join(modules, "@fontsource", "noto-serif-tibetan", "files");
  const written = [
    buildCss(),
    copy(join(fonts, "noto-serif-tibetan-tibetan-400-normal.woff2"),
      join(out, "fonts", "dzong-tibetan-400.woff2")),
    await buildSwitchFont(fonts),
    copy(join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"),
      join(out, "govuk-frontend.min.js")),
    copy(join(modules, "axe-core", "axe.min.js"), join(testAssets, "axe.min.js")),
  ];
  for (const file of written) {
    console.log(`${file.slice(root.length + 1)}\t${statSync(file).size} bytes`);
  }
  const pageWeight = PAGE_ASSETS.reduce(
    (total, name) => total + gzipSync(readFileSync(join(out, name))).length, 0);
  console.log(`CSS and JS of every page, compressed: ${pageWeight} bytes`);
  if (pageWeight > PAGE_BUDGET) {
    console.error(`That is over the budget of ${PAGE_BUDGET} bytes.`);
    process.exit(1);
  }
}

await build();
