// DER reading on top of asn1js (PeculiarVentures, BSD-3-Clause): parse, walk, and keep the exact encoded
// bytes of every element (signatures are checked over the bytes as they were signed, never re-encoded).
import * as asn1js from "asn1js";

export class DerError extends Error {}

const UNIVERSAL = 1;
const CONTEXT = 3;

/** Parse the DER element at the start of ``bytes``. What follows it is ignored, as the station's own
 * verifier (asn1crypto, non-strict) ignores it: a PDF pads its signature with zeros. */
export function parseDer(bytes, what) {
  const { offset, result } = asn1js.fromBER(bytes);
  if (offset === -1 || result.error) {
    throw new DerError(`${what} is not valid DER (${result.error || "unreadable"})`);
  }
  return result;
}

export function isUniversal(node, tagNumber) {
  return node.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === tagNumber;
}

export function isContext(node, tagNumber) {
  return node.idBlock.tagClass === CONTEXT && node.idBlock.tagNumber === tagNumber;
}

/** The children of a constructed element (SEQUENCE, SET, [n] constructed). */
export function children(node, what) {
  const value = node.valueBlock && node.valueBlock.value;
  if (!Array.isArray(value)) {
    throw new DerError(`${what} is not a constructed element`);
  }
  return value;
}

/** The ``index``-th child, which must exist. */
export function child(node, index, what) {
  const list = children(node, what);
  if (index >= list.length) {
    throw new DerError(`${what} is too short`);
  }
  return list[index];
}

/** The whole encoding of ``node`` (tag, length and value) as it appeared in the input. */
export function encoded(node) {
  return new Uint8Array(node.valueBeforeDecodeView);
}

/** The content octets of a primitive element (INTEGER, OCTET STRING, BIT STRING without the unused-bits byte). */
export function contentBytes(node, what) {
  const view = node.valueBlock && node.valueBlock.valueHexView;
  if (!(view instanceof Uint8Array)) {
    throw new DerError(`${what} has no content octets`);
  }
  return new Uint8Array(view);
}

export function oid(node, what) {
  if (!isUniversal(node, 6)) {
    throw new DerError(`${what} is not an object identifier`);
  }
  return node.valueBlock.toString();
}

export function sequence(node, what) {
  if (!isUniversal(node, 16)) {
    throw new DerError(`${what} is not a SEQUENCE`);
  }
  return children(node, what);
}

export function octetString(node, what) {
  if (!isUniversal(node, 4)) {
    throw new DerError(`${what} is not an OCTET STRING`);
  }
  if (node.idBlock.isConstructed) {
    return concat(children(node, what).map((part) => octetString(part, what)));
  }
  return contentBytes(node, what);
}

export function bitString(node, what) {
  if (!isUniversal(node, 3)) {
    throw new DerError(`${what} is not a BIT STRING`);
  }
  return contentBytes(node, what);
}

export function integerBytes(node, what) {
  if (!isUniversal(node, 2)) {
    throw new DerError(`${what} is not an INTEGER`);
  }
  return contentBytes(node, what);
}

/** A UTCTime or GeneralizedTime as a Date. */
export function time(node, what) {
  if (!(isUniversal(node, 23) || isUniversal(node, 24)) || typeof node.toDate !== "function") {
    throw new DerError(`${what} is not a time`);
  }
  return node.toDate();
}

/** Printable text of a string element (UTF8String, PrintableString, IA5String, BMPString …). */
export function text(node) {
  if (node.valueBlock && typeof node.valueBlock.value === "string") {
    return node.valueBlock.value;
  }
  return typeof node.getValue === "function" ? String(node.getValue()) : "";
}

export function concat(parts) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

export function hex(bytes) {
  let out = "";
  for (const byte of bytes) {
    out += byte.toString(16).padStart(2, "0");
  }
  return out;
}
