// The sentences that name a problem, word for word as the station's verify-disc writes them
// (evidence_station/export/verify_disc.py, manifest.py, pdf_signing.py): English ``message`` and Chinese
// ``message_zh``. tests/browser compares the page's problems with verify-disc's on the same tampered discs.
import { grouped, pyRepr, pyStr } from "./pyformat.js";

export const MANIFEST = "MANIFEST.json";
export const SIGNATURE = "MANIFEST.json.p7s";
export const CERT = "STATION-CERT.pem";
export const SHA256SUMS = "SHA256SUMS";
export const SM3SUMS = "SM3SUMS";
export const README = "README.txt";
export const PROVENANCE = "PROVENANCE.pdf";
export const CHECKPOINT = "AUDIT-CHECKPOINT.json";
export const VERIFIER = "VERIFY.html";

export const MARKER_NAMES = [CERT, MANIFEST, SIGNATURE, SHA256SUMS];
export const NOT_IN_SUMS = [SHA256SUMS, SM3SUMS, SIGNATURE];
export const ROOT_PAYLOAD_NAMES = [MANIFEST, SIGNATURE, CERT, SHA256SUMS, SM3SUMS, README, PROVENANCE, CHECKPOINT, VERIFIER];
export const SMALL_FILE_LIMIT = 64 * 1024 * 1024;

export function problem(path, kind, message, messageZh) {
  return { path, kind, message, message_zh: messageZh };
}

const DIGEST_NAME = { sha256: "SHA-256", sm3: "SM3" };

export const say = {
  nameClash: (hidden, shown) => problem(hidden, "name_clash",
    `${hidden} and ${shown} are two different files whose names read the same (Unicode normalisation); only ${shown} `
    + "was checked. A disc never holds both: the copy was tampered with.",
    `${hidden} 与 ${shown} 是两个不同的文件，但文件名读起来相同（Unicode 规范化）；只核验了 ${shown}。`
    + "光盘上绝不会同时有这两个文件：该副本已被篡改。"),
  unreadable: (path, reason) => problem(path, "unreadable", `${path} could not be read from the disc: ${reason}`,
    `无法从光盘读取 ${path}：${reason}`),
  truncated: (path, size, expected) => problem(path, "unreadable",
    `${path}: only ${grouped(size)} of ${grouped(expected)} bytes could be read (truncated).`,
    `${path}：共 ${grouped(expected)} 字节，只读出了 ${grouped(size)} 字节（文件被截断）。`),
  missing: (path) => problem(path, "missing", `${path} is missing from the disc.`, `光盘上缺少 ${path}。`),
  smallUnreadable: (path, reason, reasonZh) => problem(path, "unreadable", `${path} could not be read: ${reason}`,
    `无法读取 ${path}：${reasonZh}`),
  tooLarge: (path) => [
    `${path} on the disc is larger than ${grouped(SMALL_FILE_LIMIT)} bytes; it is not ours.`,
    `光盘上的 ${path} 超过 ${grouped(SMALL_FILE_LIMIT)} 字节，不是本工作站生成的文件。`,
  ],
  invalidCertificate: (reason) => problem(CERT, "invalid_certificate", `${CERT} is not a PEM certificate: ${reason}`,
    `${CERT} 不是 PEM 格式的证书：${reason}`),
  badManifestSignature: ([en, zh]) => problem(MANIFEST, "bad_signature", `${MANIFEST}: ${en}.`, `${MANIFEST}：${zh}。`),
  noCertificate: () => problem(MANIFEST, "bad_signature", `${MANIFEST}: no station certificate to check it with.`,
    `${MANIFEST}：没有可用来校验其签名的工作站证书。`),
  invalidManifest: (reason) => problem(MANIFEST, "invalid_manifest", `${MANIFEST} is not a valid manifest: ${reason}`,
    `${MANIFEST} 不是有效的清单：${reason === "no list of files" ? "其中没有文件列表" : reason}`),
  entryWithoutPath: () => problem(MANIFEST, "invalid_manifest", `${MANIFEST} has a file entry without a path.`,
    `${MANIFEST} 中有一个没有路径的文件条目。`),
  listedButMissing: (path) => problem(path, "missing", `${path} is listed in the manifest but missing from the disc.`,
    `${path} 列在清单中，但光盘上没有此文件。`),
  sizeMismatch: (path, size, said) => problem(path, "size_mismatch",
    `${path}: ${grouped(size)} bytes, manifest says ${pyStr(said)}.`,
    `${path}：实际为 ${grouped(size)} 字节，清单记载为 ${pyStr(said)}。`),
  digestMismatch: (path, algorithm, actual) => problem(path, `${algorithm}_mismatch`,
    `${path}: ${DIGEST_NAME[algorithm]} ${actual} differs from the manifest; altered.`,
    `${path}：${DIGEST_NAME[algorithm]} 哈希值 ${actual} 与清单不符，文件已被改动。`),
  certMismatch: () => problem(CERT, "cert_mismatch", `${CERT} is not the certificate the manifest names.`,
    `${CERT} 不是清单中指定的证书。`),
  checkpointMissing: () => problem(CHECKPOINT, "missing", `${CHECKPOINT} is named in ${MANIFEST} but missing from the disc.`,
    `${MANIFEST} 中载明了 ${CHECKPOINT}，但光盘上没有此文件。`),
  checkpointMismatch: (expectedNone) => problem(CHECKPOINT, "checkpoint_mismatch",
    `${CHECKPOINT} is not the checkpoint the signed ${MANIFEST} vouches for (the manifest `
    + `${expectedNone ? "names no audit checkpoint" : "names another audit checkpoint"}); it was altered or replaced.`,
    `${CHECKPOINT} 不是已签名的 ${MANIFEST} 所担保的检查点（清单${expectedNone ? "未载明任何审计检查点" : "载明的是另一个审计检查点"}）：`
    + "该文件已被改动或替换。"),
  checkpointSignature: () => problem(CHECKPOINT, "bad_signature",
    `${CHECKPOINT}: the checkpoint's own signature does not verify with ${CERT}.`,
    `${CHECKPOINT}：检查点自身的签名无法用 ${CERT} 验证。`),
  invalidSumsLine: (sums, line) => problem(sums, "invalid_sums",
    `${sums} has a line that is not '<hash>  <path>': ${pyRepr(line)}`,
    `${sums} 中有一行不符合“<哈希值>  <路径>”的格式：${pyRepr(line)}`),
  notInSums: (path, sums) => problem(path, "not_in_sums", `${path} is on the disc but not listed in ${sums}.`,
    `${path} 在光盘上，但未列入 ${sums}。`),
  sumsListedButMissing: (path, sums) => problem(path, "missing", `${path} is listed in ${sums} but missing from the disc.`,
    `${path} 列在 ${sums} 中，但光盘上没有此文件。`),
  sumsMismatch: (path, sums) => problem(path, "sums_mismatch", `${path}: ${sums} and ${MANIFEST} disagree.`,
    `${path}：${sums} 与 ${MANIFEST} 的记载不一致。`),
  sumsDigestMismatch: (path, algorithm, sums) => problem(path, `${algorithm}_mismatch`,
    `${path} does not match its entry in ${sums}; altered.`, `${path} 与 ${sums} 中的记载不符，文件已被改动。`),
  badSheetSignature: ([en, zh]) => problem(PROVENANCE, "bad_signature", `${PROVENANCE}: ${en}.`, `${PROVENANCE}：${zh}。`),
  unboundSheet: () => problem(PROVENANCE, "unbound_sheet",
    `${PROVENANCE} does not name the SHA-256 of the ${MANIFEST} it describes (a sheet made by an older version, or from `
    + "elsewhere): nothing proves it belongs to this disc.",
    `${PROVENANCE} 没有写明它所描述的 ${MANIFEST} 的 SHA-256（由旧版本制作或来自别处的提取说明）：无法证明它属于这张光盘。`),
  wrongSheet: (named, actual) => problem(PROVENANCE, "wrong_sheet",
    `${PROVENANCE} is validly signed but describes another disc: it names ${MANIFEST} SHA-256 ${named}, this disc's `
    + `${MANIFEST} has ${actual}.`,
    `${PROVENANCE} 的签名有效，但描述的是另一张光盘：其中写明的 ${MANIFEST} SHA-256 为 ${named}，而本光盘的 ${MANIFEST} 为 `
    + `${actual}。`),
  extra: (path) => problem(path, "extra", `${path} is on the disc but not in the manifest.`, `${path} 在光盘上，但不在清单中。`),
};

/** The reason a detached manifest signature failed, ``[English, Chinese]`` (manifest.verify_manifest_signature). */
export function manifestSignatureReason(outcome) {
  switch (outcome.status) {
    case "not_signed_data":
      return ["the signature file is not a CMS SignedData structure", "签名文件不是 CMS SignedData 结构"];
    case "other_certificate":
      return ["the signature was made with another certificate than STATION-CERT.pem", "签名所用的证书不是 STATION-CERT.pem"];
    case "mismatch":
      return [
        "the signature does not match MANIFEST.json (the manifest was altered, or MANIFEST.json.p7s comes from another disc)",
        "签名与 MANIFEST.json 不符（清单已被改动，或 MANIFEST.json.p7s 来自另一张光盘）",
      ];
    default:
      return [`the signature could not be read or checked: ${outcome.detail}`, `无法读取或校验签名：${outcome.detail}`];
  }
}

/** The reason a PDF signature failed, ``[English, Chinese]`` (pdf_signing.validate_pdf_signature). */
export function sheetSignatureReason(failure) {
  const name = failure.name;
  switch (failure.status) {
    case "not_pdf":
      return [`the PDF could not be read: ${failure.detail}`, `无法读取该 PDF 文件：${failure.detail}`];
    case "unsigned":
      return ["the PDF carries no signature", "该 PDF 文件没有签名"];
    case "other_certificate":
      return [`signature ${name} was made with another certificate`, `签名 ${name} 由其他证书签署`];
    case "mismatch":
      return [`signature ${name} does not match the document (altered or damaged)`, `签名 ${name} 与文档不符（文档已被改动或损坏）`];
    case "partial":
      return [`signature ${name} does not cover the whole file (changed after signing)`, `签名 ${name} 未覆盖整个文件（签名后文件被改动）`];
    default:
      return [`signature ${name} could not be validated: ${failure.detail}`, `无法校验签名 ${name}：${failure.detail}`];
  }
}
