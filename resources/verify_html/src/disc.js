// The files of the picked folder as a disc: paths relative to the disc root, NFC-normalised (as the manifest
// writes them; a copy made through macOS may store names decomposed), with names that clash after
// normalisation reported rather than merged.
import { MARKER_NAMES } from "./messages.js";
import { byCodePoint } from "./pyformat.js";

/**
 * Build ``{files: Map(path -> File), clashes: [[shown, hidden]], rootName}`` from ``[relativePath, File]``
 * pairs whose paths start with the picked folder's name. When the markers of a disc are not at the top of the
 * picked folder but in one folder below it (the user picked the folder around the disc), that folder is the root.
 */
export function discFromEntries(entries) {
  const split = entries.map(([path, file]) => [path.split("/").filter((part) => part !== ""), file]);
  const rootDepth = findRoot(split);
  const prefix = rootDepth.prefix;
  const inRoot = split
    .filter(([parts]) => parts.length > prefix.length && prefix.every((part, i) => parts[i] === part))
    .map(([parts, file]) => [parts.slice(prefix.length).join("/"), file])
    .sort((a, b) => byCodePoint(a[0], b[0]));
  const files = new Map();
  const real = new Map();
  const clashes = [];
  for (const [relative, file] of inRoot) {
    const key = relative.normalize("NFC");
    if (real.has(key)) {
      if (relative === key) {
        clashes.push([key, real.get(key)]);
      } else {
        clashes.push([key, relative]);
        continue;
      }
    }
    real.set(key, relative);
    files.set(key, file);
  }
  return { files, clashes, rootName: prefix.length ? prefix[prefix.length - 1] : "" };
}

function findRoot(split) {
  const markers = new Set(MARKER_NAMES);
  let best = null;
  for (const [parts] of split) {
    if (parts.length >= 2 && markers.has(parts[parts.length - 1].normalize("NFC"))) {
      const folder = parts.slice(0, -1);
      if (best === null || folder.length < best.length) {
        best = folder;
      }
    }
  }
  if (best !== null) {
    return { prefix: best };
  }
  const first = split.find(([parts]) => parts.length >= 2);
  return { prefix: first ? first[0].slice(0, 1) : [] };
}

/** ``[relativePath, File]`` pairs from an ``<input webkitdirectory>`` selection. */
export function entriesFromInput(fileList) {
  return [...fileList].map((file) => [file.webkitRelativePath || file.name, file]);
}

function readAllEntries(reader) {
  return new Promise((resolve, reject) => {
    const all = [];
    const next = () => reader.readEntries((batch) => {
      if (batch.length === 0) {
        resolve(all);
      } else {
        all.push(...batch);
        next();
      }
    }, reject);
    next();
  });
}

function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** ``[relativePath, File]`` pairs from a drop (folders walked through the File and Directory Entries API). */
export async function entriesFromDrop(dataTransfer) {
  const roots = [...dataTransfer.items]
    .map((item) => (typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null))
    .filter((entry) => entry !== null);
  const out = [];
  const pending = [...roots];
  while (pending.length) {
    const entry = pending.pop();
    if (entry.isDirectory) {
      pending.push(...(await readAllEntries(entry.createReader())));
    } else if (entry.isFile) {
      out.push([entry.fullPath.replace(/^\/+/, ""), await fileOf(entry)]);
    }
  }
  if (roots.length === 1 && roots[0].isDirectory) {
    return out;
  }
  // Several items (or loose files) dropped: treat them as the content of one unnamed folder.
  return out.map(([path, file]) => [`dropped/${path}`, file]);
}
