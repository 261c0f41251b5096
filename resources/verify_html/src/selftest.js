// A check, when the page opens, that this browser can do every step of the verification: WebCrypto (SHA-256,
// ECDSA P-256), and the chunked SHA-256 + SM3 of the hashing worker (or of the page, where no worker starts),
// against known answers. A browser that fails says so before the clerk picks a disc.
import { ecdsaVerify } from "./cms.js";
import { base64Bytes } from "./x509.js";

// SHA-256 (FIPS 180-2) and SM3 (GB/T 32905-2016, in OpenSSL's test vectors) of "abc".
const ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const ABC_SM3 = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
// A P-256 key and its signature over MESSAGE, made once with Python's cryptography (OpenSSL).
const MESSAGE = "VERIFY.html self-test 自检";
const SPKI = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8ZArH8JO+REtJ19P7Y6zz04jQTNtvwhnAoQeKqYq4Iurn/5Skhgha8xBwl1CgPeiNBUURM0jQYrv"
  + "7Z2ihfkK/w==";
const SIGNATURE = "MEUCIQCIg1l5nmCc5G+TotxK8wUX4R3wj+ht0F+VZsWf9bsRVQIgYafmuq/Q01ubcfKiEmHrUtITffk/3HwtT4V8R2h222Q=";

/** Resolves to null when everything works, else to a short English reason. */
export async function selfTest(hasher) {
  if (!globalThis.crypto || !crypto.subtle) {
    return "WebCrypto (crypto.subtle) is not available";
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("abc")));
  if ([...digest].map((b) => b.toString(16).padStart(2, "0")).join("") !== ABC_SHA256) {
    return "WebCrypto SHA-256 gives a wrong result";
  }
  const key = { spki: base64Bytes(SPKI, "the self-test key"), curve: "P-256" };
  const message = new TextEncoder().encode(MESSAGE);
  if (!(await ecdsaVerify(key, "SHA-256", base64Bytes(SIGNATURE, "the self-test signature"), message))) {
    return "WebCrypto ECDSA P-256 does not verify a known signature";
  }
  message[0] ^= 1;
  if (await ecdsaVerify(key, "SHA-256", base64Bytes(SIGNATURE, "the self-test signature"), message)) {
    return "WebCrypto ECDSA P-256 accepts a wrong signature";
  }
  const hashed = await hasher.hash(new Blob(["ab", "c"]), () => {});
  if (hashed.sha256 !== ABC_SHA256 || hashed.sm3 !== ABC_SM3 || hashed.size !== 3) {
    return "the SHA-256/SM3 code gives wrong results";
  }
  return null;
}
