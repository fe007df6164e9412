/**
 * Strict UTF-8. Decoding rejects overlong forms, surrogates, code points past
 * U+10FFFF and truncated sequences; encoding rejects lone surrogates.
 *
 * Decoding uses the platform's TextDecoder in fatal mode where there is one
 * (XS and Node have it natively; it rejects exactly the same inputs and is
 * several times faster in XS), and the JavaScript decoder below where not.
 */
import { fail } from "./errors";

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) fail("badUtf8", "lone surrogate in text");
      n += 4;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) fail("badUtf8", "lone surrogate in text");
    else n += 3;
  }
  return n;
}

/** Writes s at out[pos..]; the caller sized out with utf8Length. Returns the new position. */
export function utf8Write(s: string, out: Uint8Array, pos: number): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) out[pos++] = c;
    else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[pos++] = 0xf0 | (c >> 18);
      out[pos++] = 0x80 | ((c >> 12) & 63);
      out[pos++] = 0x80 | ((c >> 6) & 63);
      out[pos++] = 0x80 | (c & 63);
    } else {
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 63);
      out[pos++] = 0x80 | (c & 63);
    }
  }
  return pos;
}

export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  utf8Write(s, out, 0);
  return out;
}

interface NativeDecoder {
  decode(bytes: Uint8Array): string;
}
let native: NativeDecoder | null | undefined;

function nativeDecoder(): NativeDecoder | null {
  if (native === undefined) {
    native = null;
    const TD = (globalThis as { TextDecoder?: new (label: string, opts: object) => NativeDecoder }).TextDecoder;
    if (typeof TD === "function") {
      try {
        native = new TD("utf-8", { fatal: true, ignoreBOM: true });
      } catch {
        native = null;
      }
    }
  }
  return native;
}

export function utf8Decode(b: Uint8Array, start = 0, end = b.length): string {
  const d = nativeDecoder();
  if (d === null) return utf8DecodeJs(b, start, end);
  try {
    return d.decode(b.subarray(start, end));
  } catch {
    fail("badUtf8", "invalid UTF-8");
  }
}

/** The JavaScript decoder, for platforms without a native TextDecoder. */
export function utf8DecodeJs(b: Uint8Array, start = 0, end = b.length): string {
  let s = "";
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      // Fast path for runs of ASCII.
      let j = i + 1;
      while (j < end && b[j] < 0x80 && j - i < 1024) j++;
      s += String.fromCharCode.apply(null, b.subarray(i, j) as unknown as number[]);
      i = j;
      continue;
    }
    let cp: number, n: number, min: number;
    if (c >= 0xc2 && c <= 0xdf) { cp = c & 0x1f; n = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { cp = c & 0x0f; n = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { cp = c & 0x07; n = 3; min = 0x10000; }
    else fail("badUtf8", "invalid lead byte");
    if (i + n >= end) fail("badUtf8", "truncated sequence");
    for (let k = 1; k <= n; k++) {
      const t = b[i + k];
      if ((t & 0xc0) !== 0x80) fail("badUtf8", "invalid continuation byte");
      cp = (cp << 6) | (t & 0x3f);
    }
    if (cp < min) fail("badUtf8", "overlong sequence");
    if (cp >= 0xd800 && cp <= 0xdfff) fail("badUtf8", "surrogate code point");
    if (cp > 0x10ffff) fail("badUtf8", "code point past U+10FFFF");
    if (cp >= 0x10000) {
      cp -= 0x10000;
      s += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else s += String.fromCharCode(cp);
    i += n + 1;
  }
  return s;
}
