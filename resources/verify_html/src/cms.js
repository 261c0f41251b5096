// CMS SignedData (RFC 5652) verification with WebCrypto: the detached signature of MANIFEST.json and the
// signature inside PROVENANCE.pdf. Checks what the station's verifier (pyHanko) checks: the signed-attributes
// message digest against the content, the ECDSA signature over the signed attributes, and that the signer is
// exactly the trusted station certificate.
import {
  DerError,
  child,
  children,
  encoded,
  equalBytes,
  integerBytes,
  isContext,
  isUniversal,
  octetString,
  oid,
  parseDer,
  sequence,
} from "./der.js";
import { parseCertificate, verificationKey } from "./x509.js";

const SIGNED_DATA = "1.2.840.113549.1.7.2";
const MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
const DIGESTS = {
  "2.16.840.1.101.3.4.2.1": "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
  "1.3.14.3.2.26": "SHA-1",
};
const ECDSA_WITH = {
  "1.2.840.10045.4.3.2": "SHA-256",
  "1.2.840.10045.4.3.3": "SHA-384",
  "1.2.840.10045.4.3.4": "SHA-512",
  "1.2.840.10045.4.1": "SHA-1",
};
const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const CURVE_BYTES = { "P-256": 32, "P-384": 48, "P-521": 66 };

/** An ECDSA signature in DER (SEQUENCE of r and s) as the fixed-size r||s WebCrypto verifies; null if malformed. */
export function ecdsaDerToRaw(der, curve) {
  const size = CURVE_BYTES[curve];
  try {
    const parts = sequence(parseDer(der, "the ECDSA signature"), "the ECDSA signature");
    if (parts.length !== 2 || !size) {
      return null;
    }
    const out = new Uint8Array(2 * size);
    for (const [index, node] of parts.entries()) {
      let value = integerBytes(node, "the ECDSA signature");
      while (value.length > 1 && value[0] === 0) {
        value = value.subarray(1);
      }
      if (value.length > size) {
        return null;
      }
      out.set(value, (index + 1) * size - value.length);
    }
    return out;
  } catch (error) {
    if (error instanceof DerError) {
      return null;
    }
    throw error;
  }
}

/** True when ``signatureDer`` (ECDSA, DER) over ``data`` verifies with ``cert``'s key and ``hash``. */
export async function ecdsaVerify(cert, hash, signatureDer, data) {
  const key = await verificationKey(cert);
  const raw = key && ecdsaDerToRaw(signatureDer, cert.curve);
  if (!raw) {
    return false;
  }
  return crypto.subtle.verify({ name: "ECDSA", hash }, key, raw, data);
}

function signerMatches(sid, cert) {
  if (isUniversal(sid, 16)) {
    const [issuer, serial] = children(sid, "the signer id");
    return equalBytes(encoded(issuer), cert.issuerDer) && equalBytes(integerBytes(serial, "the serial"), cert.serial);
  }
  if (isContext(sid, 0)) {
    const keyId = sid.valueBlock.valueHexView ? new Uint8Array(sid.valueBlock.valueHexView) : null;
    return Boolean(keyId && cert.subjectKeyId && equalBytes(keyId, cert.subjectKeyId));
  }
  return false;
}

function parseSignedData(signature) {
  const info = sequence(parseDer(signature, "the signature"), "the signature");
  if (info.length < 2 || oid(info[0], "the content type") !== SIGNED_DATA) {
    return null;
  }
  const fields = sequence(child(info[1], 0, "the signed data"), "the signed data");
  let at = 3; // version, digestAlgorithms, encapContentInfo
  const certificates = [];
  if (at < fields.length && isContext(fields[at], 0)) {
    for (const node of children(fields[at], "the certificates")) {
      if (isUniversal(node, 16)) {
        certificates.push(parseCertificate(encoded(node)));
      }
    }
    at += 1;
  }
  if (at < fields.length && isContext(fields[at], 1)) {
    at += 1;
  }
  if (at >= fields.length) {
    throw new DerError("the signed data has no signer");
  }
  const signers = children(fields[at], "the signer infos");
  if (signers.length === 0) {
    throw new DerError("the signed data has no signer");
  }
  const parts = sequence(signers[0], "the signer info");
  const sid = parts[1];
  const digestOid = oid(child(parts[2], 0, "the digest algorithm"), "the digest algorithm");
  let next = 3;
  let signedAttributes = null;
  if (isContext(parts[next], 0)) {
    signedAttributes = parts[next];
    next += 1;
  }
  const signatureOid = oid(child(parts[next], 0, "the signature algorithm"), "the signature algorithm");
  const value = octetString(parts[next + 1], "the signature value");
  return { certificates, sid, digestOid, signedAttributes, signatureOid, value };
}

function messageDigestOf(signedAttributes) {
  for (const attribute of children(signedAttributes, "the signed attributes")) {
    const [type, values] = sequence(attribute, "a signed attribute");
    if (oid(type, "a signed attribute") === MESSAGE_DIGEST) {
      return octetString(child(values, 0, "the message digest"), "the message digest");
    }
  }
  throw new DerError("the signed attributes carry no message digest");
}

/**
 * Verify a CMS SignedData ``signature`` over ``content`` against the trusted certificate ``trusted``.
 *
 * Returns ``{status, detail, signer}``: ``status`` is "ok", "not_signed_data" (another CMS type),
 * "unreadable" (``detail`` says why), "other_certificate" (signed, but not by ``trusted``) or "mismatch"
 * (the digest or the signature does not match the content: altered, or a signature of something else).
 */
export async function verifyCms(signature, content, trusted) {
  let parsed;
  let signer;
  let digestName;
  let intact = true;
  let valid;
  try {
    parsed = parseSignedData(signature);
    if (parsed === null) {
      return { status: "not_signed_data", detail: "" };
    }
    signer = [...parsed.certificates, trusted].find((cert) => signerMatches(parsed.sid, cert));
    if (!signer) {
      throw new DerError("the signer's certificate is not in the signature");
    }
    digestName = DIGESTS[parsed.digestOid];
    const hash = parsed.signatureOid === EC_PUBLIC_KEY ? digestName : ECDSA_WITH[parsed.signatureOid];
    if (!digestName || !hash) {
      throw new DerError(`unsupported algorithm ${digestName ? parsed.signatureOid : parsed.digestOid}`);
    }
    let signedBytes = content;
    if (parsed.signedAttributes !== null) {
      const digest = new Uint8Array(await crypto.subtle.digest(digestName, content));
      intact = equalBytes(messageDigestOf(parsed.signedAttributes), digest);
      signedBytes = encoded(parsed.signedAttributes);
      signedBytes[0] = 0x31; // signed as a SET OF, stored as [0] IMPLICIT (RFC 5652 5.4)
    }
    valid = await ecdsaVerify(signer, hash, parsed.value, signedBytes);
  } catch (error) {
    return { status: "unreadable", detail: error && error.message ? error.message : String(error) };
  }
  if (!equalBytes(signer.der, trusted.der)) {
    return { status: "other_certificate", detail: signer.subject, signer };
  }
  if (!(intact && valid)) {
    return { status: "mismatch", detail: intact ? "signature" : "digest", signer };
  }
  return { status: "ok", detail: "", signer };
}

