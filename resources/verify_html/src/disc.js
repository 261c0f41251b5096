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

/** Walks File System Access handles (Chromium 86+): ``[path from the root's name, File]`` pairs. */
async function walkHandles(roots) {
  const out = [];
  const pending = roots.map((handle) => [handle, handle.name]);
  while (pending.length) {
    const [handle, path] = pending.pop();
    if (handle.kind === "directory") {
      for await (const child of handle.values()) {
        pending.push([child, `${path}/${child.name}`]);
      }
    } else {
      out.push([path, await handle.getFile()]);
    }
  }
  return out;
}

/** Walks File and Directory Entries (Firefox, older Chromium): ``[path from the root's name, File]`` pairs. */
async function walkEntries(roots) {
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
  return out;
}

/**
 * ``[relativePath, File]`` pairs from a drop: the dropped folder walked through the File System Access API where
 * the browser has it (Chromium: its Entries API cannot read folders on a page opened as file://), else through
 * the File and Directory Entries API (Firefox). Call it while the drop event runs (the items are gone after it).
 */
export async function entriesFromDrop(dataTransfer) {
  const items = [...dataTransfer.items].filter((item) => item.kind === "file");
  // Both kinds of roots are asked for now, synchronously; the walks come after.
  const handles = items.map((item) => (typeof item.getAsFileSystemHandle === "function"
    ? item.getAsFileSystemHandle() : null));
  const entries = items
    .map((item) => (typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null))
    .filter((entry) => entry !== null);
  let roots;
  let out;
  if (handles.length > 0 && handles.every((handle) => handle !== null)) {
    roots = (await Promise.all(handles)).filter((handle) => handle !== null);
    roots = roots.map((handle) => ({ handle, isDirectory: handle.kind === "directory" }));
    out = await walkHandles(roots.map((root) => root.handle));
  } else {
    roots = entries;
    out = await walkEntries(entries);
  }
  if (roots.length === 1 && roots[0].isDirectory) {
    return out;
  }
  // Several items (or loose files) dropped: treat them as the content of one unnamed folder.
  return out.map(([path, file]) => [`dropped/${path}`, file]);
}
