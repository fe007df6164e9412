/**
 * Strict UTF-8. Decoding rejects overlong forms, surrogates, code points past
 * U+10FFFF and truncated sequences; encoding rejects lone surrogates.
 *
 * Decoding is the platform's TextDecoder in fatal mode (WHATWG Encoding; it
 * rejects exactly those inputs): Node's and the browsers' global, xsnap's
 * global on the desktop XS lane, and on the ESP32 Moddable's native one
 * (modules/data/text/decoder, included by manifest_core.json and handed over
 * by firmware/main.ts with useTextDecoder(): the Moddable build has no global
 * of it). A JavaScript decoder cost 724 bytes of the firmware's 64 KiB; the
 * tests keep one as an independent oracle (host-tests/support/utf8-js.ts).
 * Where there is none, every text is refused (badUtf8), never mis-read.
 *
 * Moddable's decoder (textdecoder.c isLegalUTF8, Unicode's 2004 ConvertUTF
 * code; xsnap's too) checks the byte after ED and after F4 only against its
 * upper bound: ED 41 80 came through as two characters that are not its
 * bytes, and ED 00 80 put a raw NUL in an XS string (the text cut short
 * there, 1-3 bytes read past its end). Those two lead bytes followed by a
 * byte below 0x80 are refused here before the platform sees them.
 */
import { fail } from "./errors";

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdfff) {
      // a surrogate: only a high one followed by a low one (4 bytes) is not lone
      const d = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) fail("badUtf8", "lone surrogate in text");
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Writes s at out[pos..]; the caller sized out with utf8Length. Returns the new position. */
export function utf8Write(s: string, out: Uint8Array, pos: number): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    // the lead byte, then `more` continuation bytes of 6 bits each, most significant first
    let more: number;
    if (c < 0x80) {
      out[pos++] = c;
      continue;
    } else if (c < 0x800) {
      more = 1;
      out[pos++] = 0xc0 | (c >> 6);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      more = 3;
      out[pos++] = 0xf0 | (c >> 18);
    } else {
      more = 2;
      out[pos++] = 0xe0 | (c >> 12);
    }
    while (more-- > 0) out[pos++] = 0x80 | ((c >> (6 * more)) & 63);
  }
  return pos;
}

export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  utf8Write(s, out, 0);
  return out;
}

/** What utf8Decode needs of a TextDecoder. */
interface Decoder {
  decode(bytes: Uint8Array): string;
}

/** A TextDecoder class, as WHATWG's (fatal and ignoreBOM honoured). */
export type TextDecoderClass = new (label: "utf-8", options: { fatal: boolean; ignoreBOM: boolean }) => Decoder;

let decoderClass: TextDecoderClass | undefined;
let native: Decoder | null | undefined;

/** The TextDecoder to use where the platform has no global one (the Moddable build: firmware/main.ts). */
export function useTextDecoder(c: TextDecoderClass): void {
  decoderClass = c;
  native = undefined;
}

/** Made at the first decode, not at load: a preloaded module cannot hold a host object. */
function nativeDecoder(): Decoder | null {
  if (native === undefined) {
    native = null;
    const TD = decoderClass ?? (globalThis as { TextDecoder?: TextDecoderClass }).TextDecoder;
    try {
      if (TD) native = new TD("utf-8", { fatal: true, ignoreBOM: true });
    } catch {
      native = null;
    }
  }
  return native;
}

export function utf8Decode(b: Uint8Array, start = 0, end = b.length): string {
  const d = nativeDecoder();
  if (d === null) fail("badUtf8", "no TextDecoder on this platform");
  for (let i = start; i + 1 < end; i++) if ((b[i] === 0xed || b[i] === 0xf4) && b[i + 1] < 0x80) fail("badUtf8", "invalid continuation byte");
  try {
    return d.decode(b.subarray(start, end));
  } catch {
    fail("badUtf8", "invalid UTF-8");
  }
}
