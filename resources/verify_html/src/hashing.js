// The page's side of hashing: one Web Worker built from the bundled worker source (a Blob URL), fed one file at
// a time. Where a worker cannot start or cannot compile its WebAssembly, the same code runs in the page.
import { DEFAULT_CHUNK, createHashers, hashFile } from "./hashfile.js";

/* global __WORKER_SOURCE__ */
const WORKER_SOURCE = __WORKER_SOURCE__;

function startWorker() {
  return new Promise((resolve) => {
    let worker;
    try {
      const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
      worker = new Worker(url);
    } catch {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => settle(null), 15000);
    function settle(value) {
      clearTimeout(timer);
      worker.onmessage = null;
      worker.onerror = null;
      if (value === null) {
        worker.terminate();
      }
      resolve(value);
    }
    worker.onmessage = (event) => settle(event.data && event.data.type === "ready" ? worker : null);
    worker.onerror = (event) => {
      event.preventDefault();
      settle(null);
    };
  });
}

/**
 * A hasher: ``hash(file, onBytes)`` resolves to ``{size, sha256, sm3}``. ``mode`` is "worker" or "page"
 * (``useWorker: false`` forces the page, for the tests of that path).
 */
export async function createHasher({ chunkSize = DEFAULT_CHUNK, useWorker = true } = {}) {
  const worker = useWorker ? await startWorker() : null;
  if (worker === null) {
    const hashers = await createHashers();
    let queue = Promise.resolve();
    return {
      mode: "page",
      hash(file, onBytes) {
        const run = queue.then(() => hashFile(hashers, file, chunkSize, onBytes));
        queue = run.catch(() => {});
        return run;
      },
    };
  }
  let nextId = 0;
  const waiting = new Map();
  worker.onmessage = (event) => {
    const message = event.data;
    const job = waiting.get(message.id);
    if (!job) {
      return;
    }
    if (message.type === "progress") {
      job.onBytes(message.bytes);
    } else {
      waiting.delete(message.id);
      if (message.type === "done") {
        job.resolve({ size: message.size, sha256: message.sha256, sm3: message.sm3 });
      } else {
        job.reject(new Error(message.message));
      }
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const job of waiting.values()) {
      job.reject(new Error(event.message || "the hashing worker stopped"));
    }
    waiting.clear();
  };
  return {
    mode: "worker",
    hash(file, onBytes) {
      return new Promise((resolve, reject) => {
        nextId += 1;
        waiting.set(nextId, { resolve, reject, onBytes });
        worker.postMessage({ id: nextId, file, chunkSize });
      });
    },
  };
}
