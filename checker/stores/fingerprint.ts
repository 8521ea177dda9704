/**
 * 64-bit state fingerprints: two independent MurmurHash3-style 32-bit lanes over the packed words.
 *
 * The result goes into FP rather than a returned object so the explorer's hot loop allocates nothing.
 * (0, 0) is reserved as the visited table's empty marker, so it is remapped to (0, 1).
 */
export const FP = new Int32Array(2);

const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593 | 0;
const D1 = 0x85ebca77 | 0;
const D2 = 0xc2b2ae3d | 0;

/** MurmurHash3's 32-bit finalizer: a bijection that mixes every input bit into every output bit. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Hashes words [0, len) of `s` into FP[0] (high) and FP[1] (low). */
export function fingerprint(s: Int32Array, len: number, seed = 0): void {
  let h1 = (0x9747b28c ^ seed) | 0;
  let h2 = (0x2f1b5e3d ^ Math.imul(seed, 0x27d4eb2f)) | 0;
  for (let i = 0; i < len; i++) {
    const w = s[i]!;
    let k = Math.imul(w, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;

    let j = Math.imul(w ^ (i << 16), D1);
    j = (j << 17) | (j >>> 15);
    j = Math.imul(j, D2);
    h2 ^= j;
    h2 = (h2 << 19) | (h2 >>> 13);
    h2 = (Math.imul(h2, 5) + 0x561ccd1b) | 0;
  }
  h1 ^= len;
  h2 ^= len;
  h1 = fmix(h1);
  h2 = fmix(h2 ^ h1);
  FP[0] = h1;
  FP[1] = h2 === 0 && h1 === 0 ? 1 : h2;
}

/** Fingerprint as a 16-digit hex string (for traces and tests, not the hot path). */
export function fingerprintHex(s: Int32Array, len = s.length, seed = 0): string {
  fingerprint(s, len, seed);
  return (FP[0]! >>> 0).toString(16).padStart(8, "0") + (FP[1]! >>> 0).toString(16).padStart(8, "0");
}
