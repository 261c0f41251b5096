// Just enough PDF reading for PROVENANCE.pdf: its signatures (/ByteRange + /Contents of each signature
// dictionary) and the MANIFEST.json SHA-256 named at the end of the document's /Subject.

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const SUBJECT_DIGEST = /MANIFEST\.json SHA-256 ([0-9a-f]{64})\s*$/;

function latin1(bytes) {
  let out = "";
  for (let at = 0; at < bytes.length; at += 0x8000) {
    out += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
  }
  return out;
}

/** The bytes of a PDF literal string starting at ``text[open] === "("``; ``{bytes, end}``. */
function literalString(text, open) {
  const out = [];
  let depth = 0;
  for (let at = open; at < text.length; at += 1) {
    const ch = text[at];
    if (ch === "\\") {
      const next = text[at + 1];
      const simple = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 }[next];
      if (simple !== undefined) {
        out.push(simple);
        at += 1;
      } else if (next >= "0" && next <= "7") {
        let digits = "";
        while (digits.length < 3 && text[at + 1] >= "0" && text[at + 1] <= "7") {
          digits += text[at + 1];
          at += 1;
        }
        out.push(parseInt(digits, 8) & 0xff);
      } else if (next === "\r" || next === "\n") {
        at += next === "\r" && text[at + 2] === "\n" ? 2 : 1; // line continuation
      } else {
        at += 1; // an unknown escape stands for the character itself
        if (next !== undefined) {
          out.push(next.charCodeAt(0));
        }
      }
      continue;
    }
    if (ch === "(") {
      depth += 1;
      if (depth === 1) {
        continue;
      }
    } else if (ch === ")") {
      depth -= 1;
      if (depth === 0) {
        return { bytes: Uint8Array.from(out), end: at + 1 };
      }
    }
    out.push(ch.charCodeAt(0) & 0xff);
  }
  return null;
}

function hexString(text, open) {
  const close = text.indexOf(">", open);
  if (close < 0) {
    return null;
  }
  const digits = text.slice(open + 1, close).replace(/\s+/g, "");
  if (!/^[0-9A-Fa-f]*$/.test(digits)) {
    return null;
  }
  const padded = digits.length % 2 ? `${digits}0` : digits;
  const bytes = new Uint8Array(padded.length / 2);
  for (let i = 0; i < bytes.length; i += 1) {
    bytes[i] = parseInt(padded.slice(2 * i, 2 * i + 2), 16);
  }
  return { bytes, end: close + 1 };
}

/** A PDF text string (UTF-16BE with a byte-order mark, else PDFDocEncoding read as Latin-1). */
function textString(bytes) {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  }
  return latin1(bytes);
}

/** The string value of ``key`` in the dictionary text ``dict`` (literal or hex), or null. */
function stringValue(dict, key) {
  const match = new RegExp(`${key.replace("/", "\\/")}\\s*([(<])`).exec(dict);
  if (!match) {
    return null;
  }
  const open = match.index + match[0].length - 1;
  const parsed = match[1] === "(" ? literalString(dict, open) : hexString(dict, open);
  return parsed ? textString(parsed.bytes) : null;
}

/** The text of the last definition of object ``number`` ("N G obj … endobj"), or null. */
function objectText(text, number, generation) {
  const pattern = new RegExp(`(?:^|[^0-9])${number}\\s+${generation}\\s+obj\\b`, "g");
  let start = -1;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    start = match.index;
  }
  if (start < 0) {
    return null;
  }
  const end = text.indexOf("endobj", start);
  return text.slice(start, end < 0 ? text.length : end);
}

/** The number of the object whose definition encloses ``offset`` (the nearest "N G obj" before it). */
function enclosingObject(text, offset) {
  const before = text.slice(Math.max(0, offset - 65536), offset);
  const matches = [...before.matchAll(/(\d+)\s+(\d+)\s+obj\b/g)];
  return matches.length ? matches[matches.length - 1][1] : null;
}

function fieldName(text, signatureObject, index) {
  if (signatureObject !== null) {
    const pattern = new RegExp(`/V\\s+${signatureObject}\\s+0\\s+R`, "g");
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const objectStart = text.lastIndexOf(" obj", match.index);
      const objectEnd = text.indexOf("endobj", match.index);
      const dict = text.slice(objectStart, objectEnd < 0 ? text.length : objectEnd);
      if (/\/FT\s*\/Sig\b/.test(dict)) {
        const name = stringValue(dict, "/T");
        if (name !== null) {
          return name;
        }
      }
    }
  }
  return `Signature${index + 1}`;
}

/**
 * Every signature of the PDF: ``{name, byteRange, contents, signedBytes, coversWholeFile}`` (``contents``
 * is null when the gap the byte range leaves is not exactly one hex string).
 */
export function pdfSignatures(bytes) {
  const text = latin1(bytes);
  const found = [];
  BYTE_RANGE.lastIndex = 0;
  for (let match = BYTE_RANGE.exec(text); match; match = BYTE_RANGE.exec(text)) {
    const [a, b, c, d] = match.slice(1, 5).map(Number);
    const inside = a >= 0 && b >= 0 && a + b <= c && c + d <= bytes.length;
    let contents = null;
    if (inside && text[a + b] === "<" && text[c - 1] === ">") {
      const parsed = hexString(text, a + b);
      contents = parsed && parsed.end === c ? parsed.bytes : null;
    }
    const signedBytes = inside ? new Uint8Array(b + d) : new Uint8Array(0);
    if (inside) {
      signedBytes.set(bytes.subarray(a, a + b), 0);
      signedBytes.set(bytes.subarray(c, c + d), b);
    }
    found.push({
      name: fieldName(text, enclosingObject(text, match.index), found.length),
      byteRange: [a, b, c, d],
      contents,
      signedBytes,
      coversWholeFile: inside && a === 0 && c + d === bytes.length,
    });
  }
  return found;
}

/** True when the bytes start like a PDF file. */
export function looksLikePdf(bytes) {
  return latin1(bytes.subarray(0, 1024)).includes("%PDF-");
}

/**
 * The MANIFEST.json SHA-256 the sheet names at the end of its /Subject (in the document information
 * dictionary the last trailer points at), or null (an older sheet, or not readable here).
 */
export function pdfManifestSha256(bytes) {
  const text = latin1(bytes);
  const infos = [...text.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R/g)];
  if (infos.length === 0) {
    return null;
  }
  const last = infos[infos.length - 1];
  const info = objectText(text, last[1], last[2]);
  const subject = info === null ? null : stringValue(info, "/Subject");
  const match = subject === null ? null : SUBJECT_DIGEST.exec(subject);
  return match ? match[1] : null;
}
