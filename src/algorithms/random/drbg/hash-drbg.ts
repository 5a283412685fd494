/**
 * The Hash_DRBG mechanism of NIST SP 800-90A Rev.1 §10.1.1 and its GM/T 0105-2021 Annex B
 * variant (the SM3 RNG), over any `HashFunction`.
 *
 * GM/T 0105-2021 Annex B (SM3_RNG) keeps SP 800-90A's state (V, C, reseed_counter; seedlen
 * 440 bits for SM3), Hash_df and instantiate, and differs in two places:
 * - reseed: seed = Hash_df(0x01 ‖ entropy_input ‖ V ‖ additional_input) — SP 800-90A has
 *   0x01 ‖ V ‖ entropy_input ‖ additional_input;
 * - generate: the output is leftmost(Hash(V), requested) — one hash block, at most outlen
 *   (32 bytes for SM3) per call — instead of SP 800-90A's Hashgen counter loop (up to 2^19 bits).
 * The V update after output (V = V + Hash(0x03 ‖ V) + C + reseed_counter) is the same.
 * Sources: GM/T 0105-2021 as implemented by emmansun/gmsm `drbg/hash_drbg.go` and GmSSL
 * `src/sm3_rng.c`, which agree on both points.
 *
 * This class is the bare mechanism: it trusts its caller for entropy, reseed policy and limits
 * (see drbg.ts). Its state is secret; `destroy()` wipes it.
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import type { HashFunction } from '../../types.js';
import { addInto, addNumber } from './arith.js';

/** Which standard's variant of the mechanism. */
export type DrbgMode = 'gm' | 'sp800-90a';

/** SP 800-90A Table 2: seedlen 440 bits for outlen ≤ 256, 888 bits above. */
export function hashSeedLen(hash: HashFunction): number {
  return hash.outputLen <= 32 ? 55 : 111;
}

/** Hash_df (SP 800-90A §10.3.1): counter byte from 1, no_of_bits as 32-bit big-endian. */
export function hashDf(hash: HashFunction, input: readonly Uint8Array[], outBytes: number): Uint8Array {
  const out = new Uint8Array(outBytes);
  const bits = outBytes * 8;
  const prefix = new Uint8Array([0, bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff]);
  for (let off = 0, counter = 1; off < outBytes; off += hash.outputLen, counter++) {
    prefix[0] = counter;
    const h = hash.create().update(prefix);
    for (const part of input) h.update(part);
    const d = h.digest();
    out.set(d.subarray(0, Math.min(d.length, outBytes - off)), off);
    wipe(d);
  }
  return out;
}

const B00 = new Uint8Array([0x00]);
const B01 = new Uint8Array([0x01]);
const B02 = new Uint8Array([0x02]);
const B03 = new Uint8Array([0x03]);

/** Hash_DRBG working state and its three functions. */
export class HashDrbgState {
  readonly hash: HashFunction;
  readonly mode: DrbgMode;
  readonly seedLen: number;
  /** Most bytes one generate call may return: outlen in GM mode, 2^16 in SP 800-90A mode. */
  readonly maxBytesPerGenerate: number;
  #v: Uint8Array;
  #c: Uint8Array;
  #counter = 1;

  /** Instantiate: V = Hash_df(entropy ‖ nonce ‖ personalization), C = Hash_df(0x00 ‖ V). */
  constructor(hash: HashFunction, mode: DrbgMode, entropy: Uint8Array, nonce: Uint8Array,
    personalization: Uint8Array = new Uint8Array(0)) {
    this.hash = hash;
    this.mode = mode;
    this.seedLen = hashSeedLen(hash);
    this.maxBytesPerGenerate = mode === 'gm' ? hash.outputLen : 1 << 16;
    this.#v = hashDf(hash, [entropy, nonce, personalization], this.seedLen);
    this.#c = hashDf(hash, [B00, this.#v], this.seedLen);
  }

  /** Generate calls since the last (re)seed, plus one (SP 800-90A reseed_counter). */
  get reseedCounter(): number {
    return this.#counter;
  }

  /** Reseed; the GM order puts the entropy before V (GM/T 0105-2021 Annex B). */
  reseed(entropy: Uint8Array, additional: Uint8Array = new Uint8Array(0)): void {
    const material = this.mode === 'gm' ? [B01, entropy, this.#v, additional] : [B01, this.#v, entropy, additional];
    const v = hashDf(this.hash, material, this.seedLen);
    wipe(this.#v, this.#c);
    this.#v = v;
    this.#c = hashDf(this.hash, [B00, v], this.seedLen);
    this.#counter = 1;
  }

  /** Fills `out` (at most `maxBytesPerGenerate` bytes). The caller checks the reseed limits. */
  generate(out: Uint8Array, additional?: Uint8Array): void {
    if (out.length > this.maxBytesPerGenerate) throw new RangeError('HashDrbgState.generate: request too long');
    const h = this.hash;
    if (additional && additional.length > 0) {
      const w = h.create().update(B02).update(this.#v).update(additional).digest();
      addInto(this.#v, w);
      wipe(w);
    }
    if (this.mode === 'gm') {
      const d = h(this.#v);
      out.set(d.subarray(0, out.length));
      wipe(d);
    } else {
      const data = Uint8Array.from(this.#v);
      for (let off = 0; off < out.length; off += h.outputLen) {
        const d = h(data);
        out.set(d.subarray(0, Math.min(d.length, out.length - off)), off);
        wipe(d);
        addNumber(data, 1);
      }
      wipe(data);
    }
    const hv = h.create().update(B03).update(this.#v).digest();
    addInto(this.#v, hv);
    addInto(this.#v, this.#c);
    addNumber(this.#v, this.#counter);
    wipe(hv);
    this.#counter++;
  }

  /** Copies of V and C: a test hook for the known-answer tests, never for production use. */
  testingOnlyState(): { v: Uint8Array; c: Uint8Array } {
    return { v: Uint8Array.from(this.#v), c: Uint8Array.from(this.#c) };
  }

  /** Overwrites V and C. */
  destroy(): void {
    wipe(this.#v, this.#c);
    this.#counter = 0;
  }
}
