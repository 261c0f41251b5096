// Builds VERIFY.html, the one self-contained file every evidence disc carries at its root:
//   npm ci && node build.mjs [--out PATH]      (default: ../../evidence_station/export/assets/VERIFY.html)
// Reproducible: the npm packages are pinned with their integrity hashes in package-lock.json, esbuild's output
// depends only on its version and the sources, and nothing here reads a clock. The page carries the SHA-256 of its
// sources (<meta name="evidence-station-verifier-source">): tests/unit/test_verify_html_build.py recomputes it,
// and tests/browser rebuilds the page and compares the bytes.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_OUT = resolve(HERE, "..", "..", "evidence_station", "export", "assets", "VERIFY.html");
// Chromium kernels still found on office PCs (360, QQ) and Firefox ESR.
const TARGETS = ["chrome80", "edge80", "firefox78"];

function argument(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : fallback;
}

function sha256(data, encoding = "hex") {
  return createHash("sha256").update(data).digest(encoding);
}

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** SHA-256 over ``sha256sum``-style lines of every source file (sorted by path): the page's source stamp. */
export function sourceStamp() {
  const files = ["build.mjs", "package.json", "package-lock.json", ...walk(join(HERE, "src")).map((p) => relative(HERE, p))];
  const lines = files
    .map((path) => path.split(sep).join("/"))
    .sort()
    .map((path) => `${sha256(readFileSync(join(HERE, path)))}  ${path}\n`);
  return sha256(lines.join(""));
}

async function bundle(entry, define = {}) {
  const built = await esbuild.build({
    entryPoints: [join(HERE, "src", entry)],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: TARGETS,
    minify: true,
    charset: "utf8",
    legalComments: "none", // the licences are collected below and shown on the page
    metafile: true,
    define,
    logLevel: "warning",
  });
  return { code: built.outputFiles[0].text, inputs: Object.keys(built.metafile.inputs) };
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Name, version, licence and licence text of every npm package whose code went into the page. */
function licences(inputs) {
  const names = new Set();
  for (const input of inputs) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) {
      names.add(match[1]);
    }
  }
  return [...names].sort().map((name) => {
    const folder = join(HERE, "node_modules", name);
    const info = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"].map((n) => join(folder, n)).find(existsSync);
    if (!file) {
      throw new Error(`${name} ships no licence file; cannot bundle it without its licence`);
    }
    return { name, version: info.version, license: info.license, text: readFileSync(file, "utf8").trim() };
  });
}

function checkInline(code, what) {
  if (/<\/script|<!--|<script/i.test(code)) {
    throw new Error(`${what} contains text that would end or confuse an inline <script>`);
  }
}

async function main() {
  const out = argument("--out", DEFAULT_OUT);
  const stamp = sourceStamp();
  const worker = await bundle("worker.js");
  const page = await bundle("main.js", {
    __WORKER_SOURCE__: JSON.stringify(worker.code),
    __SOURCE_STAMP__: JSON.stringify(stamp),
  });
  const script = page.code.trim();
  checkInline(script, "the bundled script");
  const style = readFileSync(join(HERE, "src", "style.css"), "utf8");
  const packages = licences([...worker.inputs, ...page.inputs]);
  const licenceHtml = packages
    .map((p) => `  <h4>${escapeHtml(p.name)} ${escapeHtml(p.version)} (${escapeHtml(p.license)})</h4>\n`
      + `  <pre>${escapeHtml(p.text)}</pre>`)
    .join("\n");
  // Nothing may be fetched: every fetch directive stays 'none'. The inline script and style are allowed by hash.
  // WebAssembly (the SHA-256/SM3 code) needs 'wasm-unsafe-eval'; Chromium kernels before 97 (still in some 360
  // and QQ builds) know only 'unsafe-eval' for it. The hashing worker is started from a blob: URL.
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(script, "base64")}' 'wasm-unsafe-eval' 'unsafe-eval'`,
    "worker-src blob:",
    `style-src 'sha256-${sha256(style, "base64")}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const template = readFileSync(join(HERE, "src", "page.html"), "utf8");
  const html = [
    ["{{CSP}}", csp],
    ["{{STAMP}}", stamp],
    ["{{STYLE}}", style],
    ["{{LICENCES}}", licenceHtml],
    ["{{SCRIPT}}", script],
  ].reduce((text, [mark, value]) => text.split(mark).join(value), template);
  writeFileSync(out, html);
  console.log(`VERIFY.html: ${out} (${html.length.toLocaleString("en")} characters, sources ${stamp.slice(0, 16)}…, `
    + `${packages.map((p) => `${p.name} ${p.version}`).join(", ")})`);
}

await main();
