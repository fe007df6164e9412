/**
 * A UTF-8 decoder in JavaScript, the tests' oracle: the protocol decodes with
 * the platform's TextDecoder (protocol/utf8.ts), and host-tests/utf8.test.ts
 * checks it against this one on every byte string it draws. (It was the
 * firmware's fallback until 2026-11-23; the device now has Moddable's native
 * decoder.)
 */
import { fail } from "../../protocol/errors";

/** The strict decoder, written from RFC 3629 §3-4 apart from any platform's. */
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
