// The printable report of one verification, in the chosen language. Every text from the disc goes in as
// text (never as HTML): a manifest cannot inject anything into the page.
import { TEXT } from "./i18n.js";
import { CERT, CHECKPOINT, MANIFEST, NOT_IN_SUMS, PROVENANCE, SIGNATURE } from "./messages.js";
import { byCodePoint, grouped } from "./pyformat.js";

export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const item of children.flat()) {
    if (item !== null && item !== undefined && item !== false) {
      element.append(item instanceof Node ? item : document.createTextNode(String(item)));
    }
  }
  return element;
}

function table(rows, kind = "facts") {
  return h("table", { class: kind }, rows.filter(Boolean).map(([label, value]) => h("tr", null, h("th", null, label), h("td", null, value))));
}

function localTime(iso, zone) {
  if (typeof iso !== "string" || !iso) {
    return "—";
  }
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  const shown = match ? `${match[1]} ${match[2]}` : iso;
  return typeof zone === "string" && zone ? `${shown}（${zone}）` : shown;
}

function dateText(date) {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : "—";
}

function fingerprint(hexText) {
  return h("code", { class: "digest" }, hexText.match(/.{1,4}/g).join(" "));
}

function status(state, t, detail) {
  const label = state === "ok" ? t.ok : state === "failed" ? t.failed : t.notChecked;
  const mark = state === "ok" ? "✔" : state === "failed" ? "✘" : "–";
  return h("span", { class: `state ${state}` }, `${mark} ${label}`, detail ? h("span", { class: "detail" }, ` ${detail}`) : null);
}

function problemsOf(result, predicate) {
  return result.problems.filter(predicate);
}

function checkRows(result, t) {
  const facts = result.facts;
  const m = result.manifest || {};
  const at = (path, ...kinds) => problemsOf(result, (p) => p.path === path && (!kinds.length || kinds.includes(p.kind))).length > 0;
  const manifestState = facts.manifestSignature === "ok" ? "ok"
    : facts.manifestSignature === "bad" || at(SIGNATURE, "missing") || at(MANIFEST, "missing") ? "failed" : "unchecked";
  const sheetBad = at(PROVENANCE);
  const sheetState = sheetBad ? "failed" : facts.sheetSignature === "ok" ? "ok" : "unchecked";
  const checkpoint = facts.checkpoint || { state: "absent" };
  let checkpointCell;
  if (at(CHECKPOINT)) {
    checkpointCell = status("failed", t);
  } else if (checkpoint.state === "ok") {
    const payload = checkpoint.payload || {};
    const signed = m.audit_checkpoint && typeof m.audit_checkpoint.signed_at === "string" ? m.audit_checkpoint.signed_at : payload.signed_at;
    checkpointCell = status("ok", t, t.checkpointOk({ ...payload, signed_at: localTime(signed, m.time_zone) }));
  } else if (checkpoint.state === "unchecked") {
    checkpointCell = status("unchecked", t, result.certificate ? t.checkpointOther : t.certMissing);
  } else {
    checkpointCell = status("unchecked", t, t.checkpointAbsent);
  }
  const verifierPath = m.verifier && typeof m.verifier === "object" ? m.verifier.path : null;
  const verifierCell = typeof verifierPath !== "string" ? status("unchecked", t, t.verifierUnlisted)
    : status(at(verifierPath) ? "failed" : "ok", t);
  const certState = result.certificate === null || at(CERT, "cert_mismatch", "invalid_certificate", "missing", "unreadable") ? "failed" : "ok";
  const hashed = Object.keys(result.digests).length;
  const digestBad = (algorithm) => problemsOf(result, (p) => [`${algorithm}_mismatch`, "size_mismatch", "unreadable", "not_in_sums", "invalid_sums", "sums_mismatch"].includes(p.kind)).length > 0;
  const missing = problemsOf(result, (p) => p.kind === "missing").map((p) => p.path);
  const extra = problemsOf(result, (p) => p.kind === "extra" || p.kind === "name_clash").map((p) => p.path);
  const listOrNone = (paths) => (paths.length ? [...new Set(paths)].join("；") : t.none);
  return [
    [t.checkManifest, status(manifestState, t)],
    [t.checkSheet, status(sheetState, t)],
    [t.checkCheckpoint, checkpointCell],
    [t.checkCert, status(certState, t)],
    [t.checkVerifier, verifierCell],
    [t.checkSha256(hashed), status(digestBad("sha256") ? "failed" : "ok", t)],
    [t.checkSm3(hashed), status(digestBad("sm3") ? "failed" : "ok", t)],
    [t.checkMissing, status(missing.length ? "failed" : "ok", t, listOrNone(missing))],
    [t.checkExtra, status(extra.length ? "failed" : "ok", t, listOrNone(extra))],
  ];
}

// A classified carrier (涉密载体, MANIFEST.json "classified_carrier"): its 密级 and 保密期限 lead the report.
const CARRIER = {
  zh: {
    title: "涉密载体",
    level: "密级",
    period: "保密期限",
    text: "本光盘含涉密执法音像记录，须按涉密载体管理：登记编号、专人保管，不得擅自复制或传递。",
  },
  en: {
    title: "Classified carrier (涉密载体)",
    level: "Classification (密级)",
    period: "Secrecy period (保密期限)",
    text: "This disc holds classified recordings: register, keep and hand it over as a classified carrier; do not copy or pass it on without authorisation.",
  },
};

function carrierBanner(m, lang) {
  const carrier = m.classified_carrier;
  if (!carrier || typeof carrier !== "object") {
    return null;
  }
  const w = CARRIER[lang] || CARRIER.zh;
  const zhLevel = String(carrier.classification_zh || carrier.classification || "—");
  const level = lang === "zh" || !carrier.classification ? zhLevel : `${zhLevel} (${carrier.classification})`;
  return h("div", { class: "carrier", id: "carrier" },
    h("h2", null, `⚠ ${w.title}`),
    h("p", { class: "carrier-facts" }, `${w.level}：${level}　${w.period}：${String(carrier.secrecy_period || "—")}`),
    h("p", null, w.text));
}

/** The report element for ``result`` (see verify.js) in ``lang`` ("zh" or "en"). */
export function renderReport(result, lang, context) {
  const t = TEXT[lang];
  const zh = lang === "zh";
  const m = result.manifest || {};
  const caseInfo = m.case && typeof m.case === "object" ? m.case : {};
  const station = m.station && typeof m.station === "object" ? m.station : {};
  const entries = Array.isArray(m.files) ? m.files : [];
  const originalsBytes = entries.reduce((sum, e) => sum + (e && Number.isInteger(e.size) ? e.size : 0), 0);
  const verdict = result.ok
    ? h("div", { class: "verdict ok", id: "verdict", "data-ok": "true" }, h("h2", null, `✔ ${t.okTitle}`), h("p", null, t.okText(result.files)))
    : h("div", { class: "verdict bad", id: "verdict", "data-ok": "false" }, h("h2", null, `✘ ${t.badTitle}`), h("p", null, t.badText(result.problems.length)));
  const cert = result.certificate;
  const certBlock = cert
    ? table([
      [t.certFingerprint, h("div", null, fingerprint(cert.sha256), h("p", { class: "note" }, t.certCompare))],
      [t.certSubject, cert.subject],
      [t.certValidity, `${dateText(cert.notBefore)} — ${dateText(cert.notAfter)}`],
      result.manifestSha256 ? [t.manifestSha, h("div", null, fingerprint(result.manifestSha256), h("p", { class: "note" }, t.manifestCompare))] : null,
    ])
    : h("p", { class: "note" }, t.certMissing);
  const problems = result.problems.length
    ? h("section", { class: "problems" },
      h("h3", null, `${t.problemsSection}（${result.problems.length}）`),
      h("table", { class: "grid", id: "problems" },
        h("thead", null, h("tr", null, h("th", null, t.path), h("th", null, t.kind), h("th", null, t.description))),
        h("tbody", null, result.problems.map((p) => h("tr", { "data-kind": p.kind },
          h("td", { class: "path" }, p.path),
          h("td", { class: "kind" }, zh ? `${t.kinds[p.kind] || p.kind}` : p.kind, zh ? h("div", { class: "code" }, p.kind) : null),
          h("td", null, zh ? p.message_zh || p.message : p.message))))))
    : null;
  const names = [...context.disc.files.keys()].sort(byCodePoint);
  const files = h("section", { class: "files" },
    h("h3", null, t.filesSection),
    h("table", { class: "grid digests", id: "files" },
      h("thead", null, h("tr", null, h("th", null, t.path), h("th", null, t.size), h("th", null, "SHA-256 / SM3"), h("th", null, t.result))),
      h("tbody", null, names.map((path) => {
        const d = result.digests[path];
        const kinds = [...new Set(problemsOf(result, (p) => p.path === path).map((p) => p.kind))];
        const cell = kinds.length
          ? h("span", { class: "state failed" }, `✘ ${kinds.map((k) => (zh ? t.kinds[k] || k : k)).join("，")}`)
          : d ? h("span", { class: "state ok" }, `✔ ${t.fileOk}`)
            : NOT_IN_SUMS.includes(path) ? h("span", { class: "state ok" }, `✔ ${t.fileUsed}`)
              : h("span", { class: "state unchecked" }, t.fileNotRead);
        return h("tr", null,
          h("td", { class: "path" }, path),
          h("td", { class: "num" }, grouped(context.disc.files.get(path).size)),
          h("td", { class: "hashes" }, d ? [h("code", null, d.sha256), h("br"), h("code", null, d.sm3)] : "—"),
          h("td", null, cell));
      }))));
  return h("article", { class: "report", lang: t.lang },
    h("h1", { class: "report-title" }, t.reportTitle),
    carrierBanner(m, lang),
    verdict,
    h("section", null, h("h3", null, t.discSection), table([
      [t.caseNumber, String(caseInfo.number ?? "—")],
      [t.caseTitle, String(caseInfo.title ?? "—")],
      [t.exportId, String(m.export_id ?? "—")],
      result.disc.count ? [t.disc, t.discOf(result.disc.index, result.disc.count)] : null,
      [t.extraction, localTime(m.extraction_time, m.time_zone)],
      [t.producer, String(m.producer ?? "—")],
      [t.extractor, String(m.extractor ?? "—")],
      [t.station, station.name ? `${station.name}（${station.id ?? ""}）` : "—"],
      [t.originals, t.originalsValue(result.files, grouped(originalsBytes))],
      [t.folder, context.disc.rootName || "—"],
    ])),
    h("section", null, h("h3", null, t.certSection), certBlock),
    h("section", null, h("h3", null, t.checksSection), table(checkRows(result, t), "facts checks")),
    problems,
    files,
    h("footer", { class: "report-footer" },
      h("p", null, t.footer(context.when, context.version)),
      h("p", { class: "note" }, `${t.browser}: ${context.userAgent} · ${t.hashMode[context.hashMode] || context.hashMode}`)));
}
