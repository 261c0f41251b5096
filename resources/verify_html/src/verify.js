// The checks of verify-disc (evidence_station/export/verify_disc.py), in the same order and with the same
// problem kinds and sentences, run on the files of a disc folder the user picked in the browser.
import { verifyCms, ecdsaVerify } from "./cms.js";
import { DerError } from "./der.js";
import {
  CERT,
  CHECKPOINT,
  MANIFEST,
  MARKER_NAMES,
  NOT_IN_SUMS,
  PROVENANCE,
  ROOT_PAYLOAD_NAMES,
  SHA256SUMS,
  SIGNATURE,
  SM3SUMS,
  SMALL_FILE_LIMIT,
  manifestSignatureReason,
  say,
  sheetSignatureReason,
} from "./messages.js";
import { looksLikePdf, pdfManifestSha256, pdfSignatures } from "./pdf.js";
import { byCodePoint, jsonEqual, pyStr, splitLines } from "./pyformat.js";
import { base64Bytes, certificateSha256, parseCertificate, pemToDer } from "./x509.js";

export class NotADiscError extends Error {}

const SUMS_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;
// Keep a byte-order mark, as Python's bytes.decode("utf-8") does (json.loads then refuses it).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** ``parse_sums``: ``{entries: Map(path -> lower-case hex), bad: [lines]}``. */
export function parseSums(bytes) {
  const entries = new Map();
  const bad = [];
  for (const line of splitLines(utf8.decode(bytes))) {
    if (!line.trim()) {
      continue;
    }
    const match = SUMS_LINE.exec(line);
    if (match === null) {
      bad.push(line);
    } else {
      entries.set(match[2], match[1].toLowerCase());
    }
  }
  return { entries, bad };
}

function isMapping(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * One verification run. ``disc`` is ``{files: Map(path -> File), clashes: [[shown, hidden]]}``;
 * ``hasher.hash(file, onBytes)`` resolves to ``{size, sha256, sm3}`` (reading in chunks, in a worker).
 */
class Check {
  constructor(disc, hasher, onProgress) {
    this.disc = disc;
    this.hasher = hasher;
    this.onProgress = onProgress || (() => {});
    this.problems = [];
    this.digestCache = new Map();
    this.total = [...disc.files.values()].reduce((sum, file) => sum + file.size, 0);
    this.done = 0;
    this.facts = {};
  }

  add(found) {
    this.problems.push(found);
  }

  has(path) {
    return this.disc.files.has(path);
  }

  /** Size and digests of ``path`` as read from the disc, or null (problem recorded) if unreadable. */
  async digests(path) {
    if (!this.digestCache.has(path)) {
      this.digestCache.set(path, await this.read(path));
    }
    return this.digestCache.get(path);
  }

  async read(path) {
    const file = this.disc.files.get(path);
    let digests;
    try {
      digests = await this.hasher.hash(file, (bytes) => {
        this.done += bytes;
        this.onProgress({ done: this.done, total: this.total, path });
      });
    } catch (error) {
      this.add(say.unreadable(path, error && error.message ? error.message : String(error)));
      return null;
    }
    if (digests.size !== file.size) {
      this.add(say.truncated(path, digests.size, file.size));
    }
    return digests;
  }

  /** The whole content of a small file, or null (problem recorded). */
  async small(path) {
    if (!this.has(path)) {
      this.add(say.missing(path));
      return null;
    }
    const file = this.disc.files.get(path);
    if (file.size > SMALL_FILE_LIMIT) {
      const [en, zh] = say.tooLarge(path);
      this.add(say.smallUnreadable(path, en, zh));
      return null;
    }
    try {
      return new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      const reason = error && error.message ? error.message : String(error);
      this.add(say.smallUnreadable(path, reason, reason));
      return null;
    }
  }
}

async function loadCertificate(check) {
  const data = await check.small(CERT);
  if (data === null) {
    return null;
  }
  try {
    const cert = parseCertificate(pemToDer(data));
    cert.sha256 = await certificateSha256(cert);
    return cert;
  } catch (error) {
    if (!(error instanceof DerError)) {
      throw error;
    }
    check.add(say.invalidCertificate(error.message));
    return null;
  }
}

async function loadManifest(check, cert) {
  const data = await check.small(MANIFEST);
  if (data === null) {
    return [null, null];
  }
  const signature = await check.small(SIGNATURE);
  check.facts.manifestSignature = "unchecked";
  if (signature !== null && cert !== null) {
    const outcome = await verifyCms(signature, data, cert);
    check.facts.manifestSignature = outcome.status === "ok" ? "ok" : "bad";
    if (outcome.status !== "ok") {
      check.add(say.badManifestSignature(manifestSignatureReason(outcome)));
    }
  } else if (cert === null) {
    check.facts.manifestSignature = "bad";
    check.add(say.noCertificate());
  }
  let manifest;
  try {
    manifest = JSON.parse(strictUtf8.decode(data));
    if (!isMapping(manifest) || !Array.isArray(manifest.files)) {
      throw new Error("no list of files");
    }
  } catch (error) {
    check.add(say.invalidManifest(error.message));
    return [null, data];
  }
  return [manifest, data];
}

async function checkListed(check, entries) {
  const listed = new Map();
  for (const entry of entries) {
    if (!isMapping(entry) || typeof entry.path !== "string") {
      check.add(say.entryWithoutPath());
      continue;
    }
    const path = entry.path;
    listed.set(path, entry);
    if (!check.has(path)) {
      check.add(say.listedButMissing(path));
      continue;
    }
    const digests = await check.digests(path);
    if (digests === null) {
      continue;
    }
    if (digests.size !== entry.size) {
      check.add(say.sizeMismatch(path, digests.size, entry.size));
    }
    for (const algorithm of ["sha256", "sm3"]) {
      const recorded = Object.prototype.hasOwnProperty.call(entry, algorithm) ? pyStr(entry[algorithm]) : "";
      if (digests[algorithm] !== recorded.toLowerCase()) {
        check.add(say.digestMismatch(path, algorithm, digests[algorithm]));
      }
    }
  }
  return listed;
}

/** True/false when the checkpoint carries a signature made for ``cert``; null when it cannot be checked here. */
async function checkpointSignatureOk(checkpoint, cert) {
  const text = checkpoint.payload_text;
  const signature = checkpoint.signature_b64;
  if (typeof text !== "string" || typeof signature !== "string") {
    return null;
  }
  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isMapping(payload) || payload.certificate_sha256 !== cert.sha256) {
    return null;
  }
  if (/\s/.test(signature)) {
    return false; // base64.b64decode(validate=True) refuses whitespace
  }
  try {
    const der = base64Bytes(signature, "the checkpoint signature");
    return await ecdsaVerify(cert, "SHA-256", der, new TextEncoder().encode(text));
  } catch (error) {
    if (error instanceof DerError) {
      return false;
    }
    throw error;
  }
}

async function checkCheckpoint(check, cert, manifest) {
  const expected = Object.prototype.hasOwnProperty.call(manifest, "audit_checkpoint") ? manifest.audit_checkpoint : null;
  check.facts.checkpoint = { state: "absent" };
  if (!check.has(CHECKPOINT)) {
    if (expected !== null) {
      check.add(say.checkpointMissing());
    }
    return;
  }
  const data = await check.small(CHECKPOINT);
  if (data === null) {
    return;
  }
  let found;
  try {
    found = JSON.parse(strictUtf8.decode(data));
  } catch {
    found = null;
  }
  if (expected === null || !jsonEqual(found, expected)) {
    check.facts.checkpoint = { state: "mismatch" };
    check.add(say.checkpointMismatch(expected === null));
    return;
  }
  let payload = {};
  try {
    payload = isMapping(found) && typeof found.payload_text === "string" ? JSON.parse(found.payload_text) : {};
  } catch {
    payload = {};
  }
  const ok = cert !== null && isMapping(found) ? await checkpointSignatureOk(found, cert) : null;
  check.facts.checkpoint = { state: ok === true ? "ok" : ok === false ? "bad" : "unchecked", payload };
  if (ok === false) {
    check.add(say.checkpointSignature());
  }
}

async function checkSums(check, sumsName, algorithm, listed) {
  const data = await check.small(sumsName);
  if (data === null) {
    return;
  }
  const { entries, bad } = parseSums(data);
  for (const line of bad) {
    check.add(say.invalidSumsLine(sumsName, line));
  }
  const expected = [...check.disc.files.keys()].filter((p) => !NOT_IN_SUMS.includes(p));
  for (const path of expected.filter((p) => !entries.has(p)).sort(byCodePoint)) {
    check.add(say.notInSums(path, sumsName));
  }
  for (const path of [...entries.keys()].sort(byCodePoint)) {
    const digest = entries.get(path);
    if (!check.has(path)) {
      check.add(say.sumsListedButMissing(path, sumsName));
      continue;
    }
    if (listed.has(path)) {
      const recorded = listed.get(path)[algorithm];
      if (digest !== (recorded === undefined ? "" : pyStr(recorded)).toLowerCase()) {
        check.add(say.sumsMismatch(path, sumsName));
      }
      continue;
    }
    const digests = await check.digests(path);
    if (digests !== null && digests[algorithm] !== digest) {
      check.add(say.sumsDigestMismatch(path, algorithm, sumsName));
    }
  }
}

/** ``validate_pdf_signature``: null when every signature holds, else ``[English, Chinese]`` reason. */
async function sheetSignatureProblem(data, cert) {
  if (!looksLikePdf(data)) {
    return sheetSignatureReason({ status: "not_pdf", detail: "no PDF header" });
  }
  const signatures = pdfSignatures(data);
  if (signatures.length === 0) {
    return sheetSignatureReason({ status: "unsigned" });
  }
  for (const signature of signatures) {
    const name = signature.name;
    if (signature.contents === null) {
      return sheetSignatureReason({ status: "unreadable", name, detail: "the byte range does not frame the signature" });
    }
    const outcome = await verifyCms(signature.contents, signature.signedBytes, cert);
    if (outcome.status === "ok" && !signature.coversWholeFile) {
      return sheetSignatureReason({ status: "partial", name });
    }
    if (outcome.status !== "ok") {
      const status = outcome.status === "not_signed_data" ? "unreadable" : outcome.status;
      return sheetSignatureReason({ status, name, detail: outcome.detail || "not a CMS SignedData structure" });
    }
  }
  return null;
}

async function checkProvenance(check, cert, manifestBytes) {
  const data = await check.small(PROVENANCE);
  check.facts.sheetSignature = "unchecked";
  if (data === null || cert === null) {
    return;
  }
  const reason = await sheetSignatureProblem(data, cert);
  check.facts.sheetSignature = reason === null ? "ok" : "bad";
  if (reason !== null) {
    check.add(say.badSheetSignature(reason));
    return;
  }
  if (manifestBytes === null) {
    return;
  }
  const named = pdfManifestSha256(data);
  check.facts.sheetManifestSha256 = named;
  const actual = await sha256Hex(manifestBytes);
  if (named === null) {
    check.add(say.unboundSheet());
  } else if (named.toLowerCase() !== actual) {
    check.add(say.wrongSheet(named.toLowerCase(), actual));
  }
}

function whole(value) {
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * Verify the disc: returns ``{ok, files, problems, digests, certificate, manifestSha256, manifest, facts}``.
 * Throws :class:`NotADiscError` when none of the files that mark an evidence disc is at the root.
 */
export async function verifyDisc(disc, hasher, onProgress) {
  const check = new Check(disc, hasher, onProgress);
  if (!MARKER_NAMES.some((name) => check.has(name))) {
    throw new NotADiscError(MARKER_NAMES.slice().sort().join(", "));
  }
  for (const [shown, hidden] of disc.clashes) {
    check.add(say.nameClash(hidden, shown));
  }
  const cert = await loadCertificate(check);
  const [manifest, manifestBytes] = await loadManifest(check, cert);
  let listed = new Map();
  let originals = 0;
  if (manifest !== null) {
    const entries = manifest.files;
    const paths = entries.filter((e) => isMapping(e) && typeof e.path === "string").map((e) => e.path);
    const present = paths.filter((p) => check.has(p)).sort((a, b) => disc.files.get(b).size - disc.files.get(a).size);
    for (const path of new Set(present)) {
      await check.digests(path); // largest first, like verify-disc's prefetch
    }
    listed = await checkListed(check, entries);
    originals = listed.size;
    if (manifest.verifier !== undefined && manifest.verifier !== null) {
      // The signed manifest names this page's own file: a replaced VERIFY.html shows up in verify-disc.
      for (const [path, entry] of await checkListed(check, [manifest.verifier])) {
        listed.set(path, entry);
      }
    }
    const station = isMapping(manifest.station) ? manifest.station : {};
    const named = station.certificate_sha256;
    if (cert !== null && named !== undefined && named !== null && named !== cert.sha256) {
      check.add(say.certMismatch());
    }
    await checkCheckpoint(check, cert, manifest);
  }
  await checkSums(check, SHA256SUMS, "sha256", listed);
  await checkSums(check, SM3SUMS, "sm3", listed);
  await checkProvenance(check, cert, manifestBytes);
  const extras = [...disc.files.keys()].filter((p) => !listed.has(p) && !ROOT_PAYLOAD_NAMES.includes(p));
  for (const path of extras.sort(byCodePoint)) {
    check.add(say.extra(path));
  }
  const facts = manifest || {};
  const digests = {};
  for (const [path, value] of check.digestCache) {
    if (value !== null) {
      digests[path] = value;
    }
  }
  return {
    ok: check.problems.length === 0,
    files: originals,
    problems: check.problems,
    digests,
    certificate: cert,
    manifestSha256: manifestBytes ? await sha256Hex(manifestBytes) : "",
    manifest: facts,
    disc: isMapping(facts.disc) ? { index: whole(facts.disc.index), count: whole(facts.disc.count) } : { index: 0, count: 0 },
    listed: [...listed.keys()],
    facts: check.facts,
    totalBytes: check.total,
  };
}
