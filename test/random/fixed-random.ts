/**
 * Deterministic "good" random data for the randomness tests: the SM3 Hash_DRBG fed by a fixed,
 * counter-derived entropy source and a frozen clock, so a test that asserts "this passes" runs
 * on the same bytes every time (a fresh OS sample would fail some test 1% of the time by design).
 */
import { createHashDrbg } from '../../src/algorithms/random/index.js';
import type { RandomSource } from '../../src/algorithms/internal/random.js';

export function fixedEntropy(seed: number): RandomSource {
  let ctr = 0;
  return (n) => {
    ctr++;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (seed * 131 + ctr * 17 + i * 29 + ((ctr * i) >>> 3)) & 0xff;
    return out;
  };
}

/** A deterministic random source seeded by `seed`. */
export function fixedRandomSource(seed: number): RandomSource {
  const d = createHashDrbg({ entropySource: fixedEntropy(seed), now: () => 0 });
  return (n) => d.generate(n);
}

/** `n` deterministic random bytes for `seed`. */
export function fixedRandomBytes(n: number, seed: number): Uint8Array {
  return fixedRandomSource(seed)(n);
}
