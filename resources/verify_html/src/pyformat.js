// Python's formatting of the values that appear in verify-disc's sentences, so that the page names a problem
// with exactly the words the station's verifier uses.

/** ``f"{n:,}"`` for a whole number. */
export function grouped(number) {
  const sign = number < 0 ? "-" : "";
  return sign + String(Math.abs(number)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** ``str(value)`` for a value parsed from JSON. */
export function pyStr(value) {
  if (value === null || value === undefined) {
    return "None";
  }
  if (value === true) {
    return "True";
  }
  if (value === false) {
    return "False";
  }
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number") {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pyRepr).join(", ")}]`;
  }
  return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
}

/** ``repr(value)``: strings quoted and escaped the way Python prints them. */
export function pyRepr(value) {
  if (typeof value !== "string") {
    return pyStr(value);
  }
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0);
    if (ch === "\\" || ch === quote) {
      out += `\\${ch}`;
    } else if (ch === "\n") {
      out += "\\n";
    } else if (ch === "\r") {
      out += "\\r";
    } else if (ch === "\t") {
      out += "\\t";
    } else if (ch !== " " && /[\p{C}\p{Z}]/u.test(ch)) {
      const digits = code <= 0xff ? 2 : code <= 0xffff ? 4 : 8;
      out += `\\${{ 2: "x", 4: "u", 8: "U" }[digits]}${code.toString(16).padStart(digits, "0")}`;
    } else {
      out += ch;
    }
  }
  return out + quote;
}

/** ``sorted()`` order of Python strings: by code point (JavaScript's default compares UTF-16 units). */
export function byCodePoint(a, b) {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = left[i].codePointAt(0) - right[i].codePointAt(0);
    if (difference !== 0) {
      return difference;
    }
  }
  return left.length - right.length;
}

/** Python's ``str.splitlines()`` (every line boundary Python knows, line ends dropped). */
export function splitLines(text) {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length && lines[lines.length - 1] === "") {
    lines.pop();
  }
  return lines;
}

/** Python's ``==`` between two values parsed from JSON. */
export function jsonEqual(a, b) {
  if (a === b) {
    return true;
  }
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}
