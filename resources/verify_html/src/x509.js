// The station certificate (STATION-CERT.pem): PEM to DER, the fields the verifier shows or needs, and its key
// imported into WebCrypto.
import {
  DerError,
  bitString,
  child,
  children,
  encoded,
  hex,
  integerBytes,
  isContext,
  octetString,
  oid,
  parseDer,
  sequence,
  text,
  time,
} from "./der.js";

const SUBJECT_KEY_ID = "2.5.29.14";
const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const CURVES = { "1.2.840.10045.3.1.7": "P-256", "1.3.132.0.34": "P-384", "1.3.132.0.35": "P-521" };
const NAME_LABELS = { "2.5.4.3": "CN", "2.5.4.5": "serialNumber", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.6": "C" };

/** Standard base64 (whitespace allowed) to bytes; throws on anything else. */
export function base64Bytes(textValue, what) {
  const clean = textValue.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new DerError(`${what} is not valid base64`);
  }
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    out[i] = binary.charCodeAt(i);
  }
  return out;
}

/** The DER bytes of the first certificate in a PEM file. */
export function pemToDer(bytes) {
  const pem = new TextDecoder("latin1").decode(bytes);
  const match = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!match) {
    throw new DerError("no PEM certificate block found");
  }
  return base64Bytes(match[1], "the PEM certificate");
}

function nameText(node) {
  const parts = [];
  for (const rdn of children(node, "a name")) {
    for (const pair of children(rdn, "a name")) {
      const type = oid(child(pair, 0, "a name attribute"), "a name attribute");
      parts.push(`${NAME_LABELS[type] || type}=${text(child(pair, 1, "a name attribute"))}`);
    }
  }
  return parts.join(", ");
}

/**
 * Parse a DER certificate. Returns ``{der, serial, issuerDer, subject, issuer, notBefore, notAfter, spki,
 * keyAlgorithm, curve, subjectKeyId}`` (``curve`` is the WebCrypto name, or "" for a key WebCrypto cannot
 * verify with here).
 */
export function parseCertificate(der) {
  const certificate = parseDer(der, "the certificate");
  const tbs = sequence(child(certificate, 0, "the certificate"), "the certificate body");
  let at = isContext(tbs[0], 0) ? 1 : 0;
  const serial = integerBytes(tbs[at], "the serial number");
  at += 2; // serial, signature algorithm
  const issuerNode = tbs[at];
  const validity = sequence(tbs[at + 1], "the validity");
  const subjectNode = tbs[at + 2];
  const spkiNode = tbs[at + 3];
  const algorithm = sequence(child(spkiNode, 0, "the public key"), "the public key algorithm");
  const keyAlgorithm = oid(algorithm[0], "the public key algorithm");
  let curve = "";
  if (keyAlgorithm === EC_PUBLIC_KEY && algorithm.length > 1) {
    curve = CURVES[oid(algorithm[1], "the curve")] || "";
  }
  bitString(child(spkiNode, 1, "the public key"), "the public key");
  let subjectKeyId = null;
  const last = tbs[tbs.length - 1];
  if (isContext(last, 3)) {
    for (const extension of sequence(child(last, 0, "the extensions"), "the extensions")) {
      const parts = sequence(extension, "an extension");
      if (oid(parts[0], "an extension") === SUBJECT_KEY_ID) {
        subjectKeyId = octetString(parseDer(octetString(parts[parts.length - 1], "an extension"), "the key id"),
          "the key id");
      }
    }
  }
  return {
    subjectKeyId,
    der: new Uint8Array(der),
    serial,
    issuerDer: encoded(issuerNode),
    issuer: nameText(issuerNode),
    subject: nameText(subjectNode),
    notBefore: time(validity[0], "notBefore"),
    notAfter: time(validity[1], "notAfter"),
    spki: encoded(spkiNode),
    keyAlgorithm,
    curve,
  };
}

/** SHA-256 of the certificate's DER encoding (its fingerprint), lower-case hex. */
export async function certificateSha256(cert) {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", cert.der)));
}

/** The certificate's public key as a WebCrypto ECDSA verification key, or null if it is not an EC key. */
export async function verificationKey(cert) {
  if (!cert.curve) {
    return null;
  }
  return crypto.subtle.importKey("spki", cert.spki, { name: "ECDSA", namedCurve: cert.curve }, false, ["verify"]);
}
