/**
 * The operating system's randomness, the seed source for every generator in Mima.
 *
 * Primitives that need randomness take an optional `RandomSource` so that tests can replay the
 * standards' worked examples (fixed k) and the device can plug in its DRBG.
 *
 * @module
 */
import { randomFillSync } from 'node:crypto';

/** Fills and returns a fresh array of `n` random bytes. */
export type RandomSource = (n: number) => Uint8Array;

/** OS randomness (getrandom(2) via node:crypto). */
export const osRandom: RandomSource = (n) => randomFillSync(new Uint8Array(n));
