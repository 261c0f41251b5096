// VERIFY.html: pick (or drop) the disc's root folder, verify everything verify-disc verifies, show a printable
// report. Options in the address after "#": lang=en, chunk=<bytes> (read size), worker=0 (hash in the page).
import { discFromEntries, entriesFromDrop, entriesFromInput } from "./disc.js";
import { createHasher } from "./hashing.js";
import { TEXT } from "./i18n.js";
import { MARKER_NAMES } from "./messages.js";
import { grouped } from "./pyformat.js";
import { renderReport } from "./report.js";
import { selfTest } from "./selftest.js";
import { NotADiscError, verifyDisc } from "./verify.js";

/* global __SOURCE_STAMP__ */
const SOURCE_STAMP = __SOURCE_STAMP__;

const options = new URLSearchParams(location.hash.replace(/^#/, ""));
const state = {
  lang: options.get("lang") === "en" ? "en" : "zh",
  result: null,
  context: null,
  error: null,
};
// What the page found, for people who script it (and for the tests): {state, result, error}.
window.evidenceVerify = { state: "idle", result: null, error: null, version: SOURCE_STAMP, selfTest: null };

const chunk = Number(options.get("chunk"));
// One hasher (one worker) for every verification this page makes.
const hasherReady = createHasher({
  chunkSize: Number.isInteger(chunk) && chunk > 0 ? chunk : undefined,
  useWorker: options.get("worker") !== "0",
});

const $ = (id) => document.getElementById(id);

function setState(name) {
  document.body.dataset.state = name;
  window.evidenceVerify.state = name;
}

function applyLanguage() {
  const t = TEXT[state.lang];
  document.documentElement.lang = t.lang;
  document.title = `${t.title} · VERIFY.html`;
  for (const element of document.querySelectorAll("[data-text]")) {
    element.textContent = t[element.dataset.text];
  }
  $("lang").textContent = t.switchTo;
  if (state.result) {
    $("report").replaceChildren(renderReport(state.result, state.lang, state.context));
  }
  if (state.error) {
    showError(state.error);
  }
  showSelfTest();
}

function showSelfTest() {
  const outcome = window.evidenceVerify.selfTest;
  const t = TEXT[state.lang];
  const line = $("selftest");
  if (outcome === null) {
    line.textContent = "";
  } else if (outcome.ok) {
    line.textContent = t.selfTestOk(t.hashMode[outcome.mode] || outcome.mode);
    line.className = "selftest ok";
  } else {
    line.textContent = t.broken(outcome.reason);
    line.className = "selftest bad";
  }
}

function showError(error) {
  const t = TEXT[state.lang];
  state.error = error;
  const text = error.kind === "not_disc" ? t.notDisc(MARKER_NAMES.slice().sort())
    : error.kind === "empty" ? t.noFiles : t.broken(error.reason);
  $("error").textContent = text;
  $("error").hidden = false;
}

function showProgress({ done, total, path }) {
  const t = TEXT[state.lang];
  const pct = total ? Math.floor((100 * done) / total) : 100;
  $("bar").value = pct;
  $("progress-file").textContent = `${t.verifying}：${path}`;
  $("progress-bytes").textContent = t.progress(grouped(done), grouped(total), pct);
}

async function run(entries) {
  state.result = null;
  state.error = null;
  $("error").hidden = true;
  $("report").replaceChildren();
  window.evidenceVerify.result = null;
  window.evidenceVerify.error = null;
  if (entries.length === 0) {
    showError({ kind: "empty" });
    window.evidenceVerify.error = "empty";
    setState("error");
    return;
  }
  setState("running");
  $("progress-file").textContent = TEXT[state.lang].reading;
  const disc = discFromEntries(entries);
  try {
    const hasher = await hasherReady;
    const started = new Date();
    const result = await verifyDisc(disc, hasher, showProgress);
    state.context = {
      disc,
      when: started.toLocaleString(state.lang === "zh" ? "zh-CN" : "en-GB", { hour12: false }),
      version: SOURCE_STAMP.slice(0, 16),
      userAgent: navigator.userAgent,
      hashMode: hasher.mode,
    };
    state.result = result;
    window.evidenceVerify.result = {
      ok: result.ok,
      files: result.files,
      problems: result.problems,
      digests: result.digests,
      certificate_sha256: result.certificate ? result.certificate.sha256 : "",
      manifest_sha256: result.manifestSha256,
      checkpoint: result.facts.checkpoint ? result.facts.checkpoint.state : "absent",
      manifest_signature: result.facts.manifestSignature || "unchecked",
      sheet_signature: result.facts.sheetSignature || "unchecked",
      hash_mode: hasher.mode,
    };
    applyLanguage();
    setState("done");
  } catch (error) {
    fail(error);
  }
}

/** Shows why verifying could not even finish (not a disc, or the files could not be read). */
function fail(error) {
  const notDisc = error instanceof NotADiscError;
  showError(notDisc ? { kind: "not_disc" } : { kind: "broken", reason: error && error.message ? error.message : String(error) });
  window.evidenceVerify.error = notDisc ? "not_disc" : String((error && error.message) || error);
  setState("error");
}

/** Verifies what was dropped, once the dropped folder has been walked (or says why it could not be read). */
async function runDropped(walking) {
  let entries;
  try {
    entries = await walking;
  } catch (error) {
    fail(error);
    return;
  }
  await run(entries);
}

async function checkBrowser() {
  let outcome;
  try {
    const hasher = await hasherReady;
    const reason = await selfTest(hasher);
    outcome = { ok: reason === null, mode: hasher.mode, reason: reason || "" };
  } catch (error) {
    outcome = { ok: false, mode: "", reason: String((error && error.message) || error) };
  }
  window.evidenceVerify.selfTest = outcome;
  if (!outcome.ok) {
    setState("unsupported");
    $("folder").disabled = true;
  }
  showSelfTest();
}

// Scripting entry: verify ``[[path under the picked folder, File], …]`` as if that folder had been picked.
window.evidenceVerify.verifyFiles = (pairs) => run(pairs);

function init() {
  setState("idle");
  applyLanguage();
  checkBrowser();
  $("folder").addEventListener("change", (event) => {
    const entries = entriesFromInput(event.target.files);
    event.target.value = "";
    run(entries);
  });
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    applyLanguage();
  });
  $("print").addEventListener("click", () => window.print());
  const zone = $("drop");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", () => zone.classList.remove("over"));
  // A folder dropped anywhere on the page is verified; a drop never replaces the page.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => {
    event.preventDefault();
    if (document.body.dataset.state !== "unsupported" && event.dataTransfer && event.dataTransfer.items.length) {
      runDropped(entriesFromDrop(event.dataTransfer));
    }
  });
}

init();
