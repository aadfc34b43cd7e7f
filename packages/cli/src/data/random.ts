/**
 * mulberry32: a 32-bit seeded PRNG, returning floats in [0, 1). Tiny and fast; good enough to
 * shuffle a data set reproducibly, nothing more (not for cryptography, not for huge samples).
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
