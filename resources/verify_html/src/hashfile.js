// SHA-256 and SM3 of one file in a single pass, chunk by chunk (File.slice): a file of several GB is never held
// in memory whole. hash-wasm (MIT) supplies both incremental hashes; WebCrypto's digest() cannot stream.
import { createSHA256, createSM3 } from "hash-wasm";

export const DEFAULT_CHUNK = 8 * 1024 * 1024;

/** A pair of reusable hashers (compiling their WebAssembly once). */
export async function createHashers() {
  const [sha256, sm3] = await Promise.all([createSHA256(), createSM3()]);
  return { sha256, sm3 };
}

/**
 * ``{size, sha256, sm3}`` of ``file`` (lower-case hex), reading ``chunkSize`` bytes at a time with the next
 * chunk already being read while the current one is hashed; ``onBytes(n)`` after every chunk.
 */
export async function hashFile(hashers, file, chunkSize, onBytes) {
  const { sha256, sm3 } = hashers;
  sha256.init();
  sm3.init();
  const size = file.size;
  const readAt = (start) => file.slice(start, Math.min(start + chunkSize, size)).arrayBuffer();
  let offset = 0;
  let pending = size > 0 ? readAt(0) : null;
  while (pending !== null) {
    const buffer = await pending;
    if (buffer.byteLength === 0) {
      break;
    }
    const end = offset + buffer.byteLength;
    pending = end < size ? readAt(end) : null;
    const bytes = new Uint8Array(buffer);
    sha256.update(bytes);
    sm3.update(bytes);
    offset = end;
    onBytes(buffer.byteLength);
  }
  return { size: offset, sha256: sha256.digest("hex"), sm3: sm3.digest("hex") };
}
