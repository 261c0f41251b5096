// The hashing worker (started from an inline Blob: a page opened as file:// may not load a worker script).
// Messages in: {id, file, chunkSize}. Out: {type: "ready"}, {id, type: "progress", bytes},
// {id, type: "done", size, sha256, sm3}, {id, type: "error", message}, {type: "fatal", message}.
import { createHashers, hashFile } from "./hashfile.js";

const ready = createHashers();
ready.then(
  () => self.postMessage({ type: "ready" }),
  (error) => self.postMessage({ type: "fatal", message: String((error && error.message) || error) }),
);

async function job({ id, file, chunkSize }) {
  try {
    const hashers = await ready;
    const result = await hashFile(hashers, file, chunkSize, (bytes) => self.postMessage({ id, type: "progress", bytes }));
    self.postMessage({ id, type: "done", ...result });
  } catch (error) {
    self.postMessage({ id, type: "error", message: String((error && (error.message || error.name)) || error) });
  }
}

// One file at a time: the two hashers are shared, and a message arriving mid-file must wait its turn.
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(() => job(event.data));
};
