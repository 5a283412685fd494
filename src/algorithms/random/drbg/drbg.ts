/**
 * GM/T 0105-2021 software random number generators: the SM3 Hash_DRBG (Annex B) and the SM4
 * CTR_DRBG (Annex E) with their entropy input, reseed policy and per-request limits.
 *
 * Policy (GM/T 0105-2021, as emmansun/gmsm `drbg/` and GmSSL `sm3_rng.c`/`sm4_rng.c` read it):
 * - reseeding (§5.6.4) by security level (§6.2/§6.3, the GB/T 37092 level of the module):
 *   level 1 after 2^20 generate calls or 600 s, level 2 after 2^10 calls or 60 s. The DRBG
 *   reseeds itself from its entropy source when either limit is passed.
 * - one generate call of the mechanism returns at most 32 bytes (SM3, Annex B) / 16 bytes
 *   (SM4, Annex E); `generate(n)` makes as many calls as n needs, each counted.
 * - entropy input of at least 32 bytes and a nonce of at least 16 bytes (256-bit strength).
 * - prediction resistance (optional): a reseed with fresh entropy before every request.
 * - a known-answer self-test of both mechanisms (§5.6.6 自检) runs once per process before the
 *   first instance is created (self-test.ts).
 *
 * Additional input goes into the first mechanism call of a request (or into the reseed when
 * prediction resistance is on), as SP 800-90A passes it to one generate.
 *
 * @module
 */
import { abytes, ctEqual, wipe } from '../../internal/bytes.js';
import { CryptoError } from '../../internal/errors.js';
import { osRandom, type RandomSource } from '../../internal/random.js';
import { Sm3, Sm4Factory } from './primitives.js';
import { CtrDrbgState } from './ctr-drbg.js';
import { HashDrbgState } from './hash-drbg.js';
import { runSelfTestOnce } from './self-test.js';

/** GM/T 0105-2021 security level (GB/T 37092 level of the module). */
export type DrbgSecurityLevel = 1 | 2;

/** Reseed limits per level: generate calls and seconds since the last (re)seed. */
export const DRBG_RESEED_LIMITS: Readonly<Record<DrbgSecurityLevel, { readonly calls: number; readonly seconds: number }>> =
  Object.freeze({ 1: Object.freeze({ calls: 2 ** 20, seconds: 600 }), 2: Object.freeze({ calls: 2 ** 10, seconds: 60 }) });

export interface DrbgOptions {
  /** Reseed policy, default 2 (the stricter). */
  readonly securityLevel?: DrbgSecurityLevel;
  /** Reseed with fresh entropy before every request (default false). */
  readonly predictionResistance?: boolean;
  /** Personalization string mixed into the instantiation. */
  readonly personalization?: Uint8Array;
  /** Entropy input source (default: the OS, `osRandom`); tests plug in fixed data. */
  readonly entropySource?: RandomSource;
  /** Bytes of entropy input per (re)seed, ≥ 32 (default 32). */
  readonly entropyBytes?: number;
  /** Bytes of nonce at instantiation, ≥ 16 (default 16), drawn from the entropy source. */
  readonly nonceBytes?: number;
  /** Clock in milliseconds for the time-based reseed (default Date.now). */
  readonly now?: () => number;
}

export interface Drbg {
  readonly algorithm: 'SM3-Hash-DRBG' | 'SM4-CTR-DRBG';
  readonly securityLevel: DrbgSecurityLevel;
  /** Bytes one mechanism call returns at most; `generate` loops past it. */
  readonly maxBytesPerRequest: number;
  /** Mechanism calls since the last (re)seed, plus one. */
  readonly reseedCounter: number;
  /** `n` random bytes; `additional` is optional additional input. */
  generate(n: number, additional?: Uint8Array): Uint8Array;
  /** Reseeds from the entropy source now. */
  reseed(additional?: Uint8Array): void;
  /** Wipes the state; the instance is unusable afterwards. */
  destroy(): void;
}

interface Mechanism {
  readonly maxBytesPerGenerate: number;
  readonly reseedCounter: number;
  reseed(entropy: Uint8Array, additional?: Uint8Array): void;
  generate(out: Uint8Array, additional?: Uint8Array): void;
  destroy(): void;
}

const MIN_ENTROPY = 32;
const MIN_NONCE = 16;

class GmDrbg implements Drbg {
  readonly algorithm: Drbg['algorithm'];
  readonly securityLevel: DrbgSecurityLevel;
  readonly maxBytesPerRequest: number;
  readonly #fn: string;
  readonly #source: RandomSource;
  readonly #entropyBytes: number;
  readonly #pr: boolean;
  readonly #now: () => number;
  readonly #limits: { readonly calls: number; readonly seconds: number };
  #mech: Mechanism | undefined;
  #lastEntropy: Uint8Array | undefined;
  #seededAt: number;

  constructor(algorithm: Drbg['algorithm'], fn: string, opts: DrbgOptions,
    make: (entropy: Uint8Array, nonce: Uint8Array, pers: Uint8Array) => Mechanism) {
    this.algorithm = algorithm;
    this.#fn = fn;
    const level = opts.securityLevel ?? 2;
    if (level !== 1 && level !== 2) throw new RangeError(`${fn}: securityLevel must be 1 or 2`);
    this.securityLevel = level;
    this.#limits = DRBG_RESEED_LIMITS[level];
    this.#entropyBytes = opts.entropyBytes ?? MIN_ENTROPY;
    const nonceBytes = opts.nonceBytes ?? MIN_NONCE;
    if (!Number.isInteger(this.#entropyBytes) || this.#entropyBytes < MIN_ENTROPY) {
      throw new RangeError(`${fn}: entropyBytes must be an integer >= ${MIN_ENTROPY}`);
    }
    if (!Number.isInteger(nonceBytes) || nonceBytes < MIN_NONCE) {
      throw new RangeError(`${fn}: nonceBytes must be an integer >= ${MIN_NONCE}`);
    }
    const pers = opts.personalization === undefined ? new Uint8Array(0) : abytes(opts.personalization, undefined, `${fn}: personalization`);
    this.#source = opts.entropySource ?? osRandom;
    this.#pr = opts.predictionResistance ?? false;
    this.#now = opts.now ?? Date.now;
    runSelfTestOnce();
    const entropy = this.#entropy();
    const nonce = this.#draw(nonceBytes);
    this.#mech = make(entropy, nonce, pers);
    wipe(entropy, nonce);
    this.#seededAt = this.#now();
    this.maxBytesPerRequest = this.#mech.maxBytesPerGenerate;
    Object.freeze(this);
  }

  #live(what: string): Mechanism {
    if (!this.#mech) throw new TypeError(`${this.#fn.split('.')[0]}.${what}: instance was destroyed`);
    return this.#mech;
  }

  #draw(n: number): Uint8Array {
    const x = this.#source(n);
    if (!(x instanceof Uint8Array) || x.length !== n) {
      throw new CryptoError('SDR_RANDERR', `${this.#fn}: entropy source returned the wrong length`);
    }
    return x;
  }

  /**
   * Entropy input with a continuous check: two consecutive inputs must differ (a stuck
   * source is caught before it seeds anything).
   */
  #entropy(): Uint8Array {
    const e = this.#draw(this.#entropyBytes);
    if (this.#lastEntropy && ctEqual(e, this.#lastEntropy)) {
      wipe(e);
      throw new CryptoError('SDR_RANDERR', `${this.#fn}: entropy source repeated its output`);
    }
    if (this.#lastEntropy) wipe(this.#lastEntropy);
    this.#lastEntropy = Uint8Array.from(e);
    return e;
  }

  get reseedCounter(): number {
    return this.#live('reseedCounter').reseedCounter;
  }

  reseed(additional?: Uint8Array): void {
    const mech = this.#live('reseed');
    if (additional !== undefined) abytes(additional, undefined, `${this.#fn}.reseed: additional`);
    const e = this.#entropy();
    mech.reseed(e, additional);
    wipe(e);
    this.#seededAt = this.#now();
  }

  #needsReseed(mech: Mechanism): boolean {
    return mech.reseedCounter > this.#limits.calls || this.#now() - this.#seededAt > this.#limits.seconds * 1000;
  }

  generate(n: number, additional?: Uint8Array): Uint8Array {
    const mech = this.#live('generate');
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${this.#fn}.generate: n must be a non-negative integer`);
    if (additional !== undefined) abytes(additional, undefined, `${this.#fn}.generate: additional`);
    const out = new Uint8Array(n);
    if (n === 0) return out;
    let add = additional;
    if (this.#pr) {
      this.reseed(add);
      add = undefined;
    }
    const max = mech.maxBytesPerGenerate;
    for (let off = 0; off < n; off += max) {
      if (this.#needsReseed(mech)) this.reseed();
      mech.generate(out.subarray(off, Math.min(n, off + max)), add);
      add = undefined;
    }
    return out;
  }

  destroy(): void {
    this.#mech?.destroy();
    this.#mech = undefined;
    if (this.#lastEntropy) wipe(this.#lastEntropy);
    this.#lastEntropy = undefined;
  }
}

/**
 * An SM3 Hash_DRBG per GM/T 0105-2021 Annex B.
 *
 * @throws CryptoError SDR_RANDERR if the entropy source fails or the self-test fails;
 *   RangeError for invalid options
 */
export function createHashDrbg(opts: DrbgOptions = {}): Drbg {
  return new GmDrbg('SM3-Hash-DRBG', 'hashDrbg', opts,
    (e, nonce, pers) => new HashDrbgState(Sm3, 'gm', e, nonce, pers));
}

/**
 * An SM4 CTR_DRBG (with derivation function) per GM/T 0105-2021 Annex E.
 *
 * @throws CryptoError SDR_RANDERR if the entropy source fails or the self-test fails;
 *   RangeError for invalid options
 */
export function createCtrDrbg(opts: DrbgOptions = {}): Drbg {
  return new GmDrbg('SM4-CTR-DRBG', 'ctrDrbg', opts,
    (e, nonce, pers) => new CtrDrbgState(Sm4Factory, 16, 'gm', e, nonce, pers));
}

/** The DRBG as a `RandomSource` (e.g. the `rand` option of SM2 key generation and signing). */
export function drbgRandomSource(drbg: Drbg): RandomSource {
  return (n: number) => drbg.generate(n);
}
