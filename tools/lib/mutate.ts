/** Seeded mutation of byte strings, shared by the fuzz test and the long fuzz campaign. */

/** mulberry32: small, fast, deterministic for a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x3f, 0x40, 0x7f, 0x80, 0x9f, 0xbf, 0xfe, 0xff];

/** One to four random edits: bit flip, byte set, truncate, extend, duplicate a run, delete a run. */
export function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  let b = src.slice();
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const op = Math.floor(rand() * 7);
    const at = Math.floor(rand() * Math.max(1, b.length));
    switch (op) {
      case 0:
        if (b.length) b[at] ^= 1 << Math.floor(rand() * 8);
        break;
      case 1:
        if (b.length) b[at] = Math.floor(rand() * 256);
        break;
      case 2:
        if (b.length) b[at] = INTERESTING[Math.floor(rand() * INTERESTING.length)];
        break;
      case 3:
        b = b.slice(0, at);
        break;
      case 4: {
        const extra = Math.floor(rand() * 16) + 1;
        const n = new Uint8Array(b.length + extra);
        n.set(b);
        for (let i = b.length; i < n.length; i++) n[i] = Math.floor(rand() * 256);
        b = n;
        break;
      }
      case 5: {
        const len = Math.min(b.length - at, 1 + Math.floor(rand() * 8));
        const n = new Uint8Array(b.length + len);
        n.set(b.subarray(0, at + len));
        n.set(b.subarray(at), at + len);
        b = n;
        break;
      }
      default: {
        const len = Math.min(b.length - at, 1 + Math.floor(rand() * 8));
        const n = new Uint8Array(b.length - len);
        n.set(b.subarray(0, at));
        n.set(b.subarray(at + len), at);
        b = n;
      }
    }
  }
  return b;
}
