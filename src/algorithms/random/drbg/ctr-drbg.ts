/**
 * The CTR_DRBG mechanism with derivation function (NIST SP 800-90A Rev.1 §10.2.1, Block_Cipher_df
 * §10.3.2) over any 128-bit `BlockCipher`, and its GM/T 0105-2021 Annex E variant (the SM4 RNG).
 *
 * GM/T 0105-2021 Annex E keeps SP 800-90A's state (V, Key, reseed_counter; seedlen = keylen +
 * 128 = 256 bits for SM4), the derivation function (SM4_df) and the update function; reseed
 * material is entropy ‖ additional as in SP 800-90A. The GM difference is the output limit: one
 * block (16 bytes) per generate call. Sources: emmansun/gmsm `drbg/ctr_drbg.go` and GmSSL
 * `src/sm4_rng.c`, which agree.
 *
 * The bare mechanism: entropy, reseed policy and limits are the caller's (drbg.ts). The key
 * schedule of the current Key is kept between calls (one expansion per generate instead of two)
 * and destroyed as soon as Key changes, and by `destroy()`.
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import type { BlockCipher } from '../../types.js';
import { increment } from './arith.js';
import type { DrbgMode } from './hash-drbg.js';

/** Builds a block cipher from a key of the mechanism's key length. */
export type BlockCipherFactory = (key: Uint8Array) => BlockCipher;

const BLOCK = 16;

function xorInto(dst: Uint8Array, src: Uint8Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] = dst[i]! ^ src[i]!;
}

/**
 * Block_Cipher_df (SP 800-90A §10.3.2): S = L ‖ N ‖ input ‖ 0x80 ‖ 0…, BCC-chained under the
 * fixed key 00 01 02 …, then re-encrypted under the derived key.
 */
export function blockCipherDf(newCipher: BlockCipherFactory, keyLen: number,
  input: readonly Uint8Array[], outBytes: number): Uint8Array {
  let inLen = 0;
  for (const p of input) inLen += p.length;
  const sLen = Math.ceil((8 + inLen + 1) / BLOCK) * BLOCK;
  const s = new Uint8Array(BLOCK + sLen); // IV block ‖ S
  const dv = new DataView(s.buffer);
  dv.setUint32(BLOCK, inLen);
  dv.setUint32(BLOCK + 4, outBytes);
  let off = BLOCK + 8;
  for (const p of input) {
    s.set(p, off);
    off += p.length;
  }
  s[off] = 0x80;
  const k0 = new Uint8Array(keyLen);
  for (let i = 0; i < keyLen; i++) k0[i] = i;
  const tempLen = Math.ceil((keyLen + BLOCK) / BLOCK) * BLOCK;
  const temp = new Uint8Array(tempLen);
  let c = newCipher(k0);
  const chain = new Uint8Array(BLOCK);
  for (let i = 0; i * BLOCK < tempLen; i++) {
    dv.setUint32(0, i); // IV = i ‖ 0^96; bytes 4..15 stay zero
    chain.fill(0);
    for (let b = 0; b < s.length; b += BLOCK) {
      for (let j = 0; j < BLOCK; j++) chain[j] = chain[j]! ^ s[b + j]!;
      c.encryptBlock(chain, 0, chain, 0);
    }
    temp.set(chain, i * BLOCK);
  }
  c.destroy();
  c = newCipher(temp.subarray(0, keyLen));
  const x = temp.slice(keyLen, keyLen + BLOCK);
  const out = new Uint8Array(Math.ceil(outBytes / BLOCK) * BLOCK);
  for (let o = 0; o < out.length; o += BLOCK) {
    c.encryptBlock(x, 0, x, 0);
    out.set(x, o);
  }
  c.destroy();
  const result = out.slice(0, outBytes);
  wipe(s, temp, chain, x, out);
  return result;
}

/** CTR_DRBG working state (with derivation function) and its three functions. */
export class CtrDrbgState {
  readonly mode: DrbgMode;
  readonly keyLen: number;
  readonly seedLen: number;
  /** Most bytes one generate call may return: one block in GM mode, 2^16 in SP 800-90A mode. */
  readonly maxBytesPerGenerate: number;
  readonly #newCipher: BlockCipherFactory;
  #key: Uint8Array;
  /** Expanded #key, created on first use and destroyed whenever #key changes. */
  #cipher: BlockCipher | undefined;
  #v = new Uint8Array(BLOCK);
  #counter = 1;

  /** Instantiate: seed = df(entropy ‖ nonce ‖ personalization); Key = 0, V = 0; update(seed). */
  constructor(newCipher: BlockCipherFactory, keyLen: number, mode: DrbgMode, entropy: Uint8Array,
    nonce: Uint8Array, personalization: Uint8Array = new Uint8Array(0)) {
    this.#newCipher = newCipher;
    this.mode = mode;
    this.keyLen = keyLen;
    this.seedLen = keyLen + BLOCK;
    this.maxBytesPerGenerate = mode === 'gm' ? BLOCK : 1 << 16;
    this.#key = new Uint8Array(keyLen);
    const seed = blockCipherDf(newCipher, keyLen, [entropy, nonce, personalization], this.seedLen);
    this.#update(seed);
    wipe(seed);
  }

  get reseedCounter(): number {
    return this.#counter;
  }

  #keyed(): BlockCipher {
    this.#cipher ??= this.#newCipher(this.#key);
    return this.#cipher;
  }

  /** CTR_DRBG_Update (§10.2.1.2): temp = E(K, V+1) ‖ E(K, V+2) ‖ … ⊕ provided; (Key, V) = temp. */
  #update(provided: Uint8Array): void {
    const c = this.#keyed();
    const temp = new Uint8Array(Math.ceil(this.seedLen / BLOCK) * BLOCK);
    for (let o = 0; o < temp.length; o += BLOCK) {
      increment(this.#v);
      c.encryptBlock(this.#v, 0, temp, o);
    }
    c.destroy();
    this.#cipher = undefined;
    const t = temp.subarray(0, this.seedLen);
    xorInto(t, provided);
    wipe(this.#key);
    this.#key = t.slice(0, this.keyLen);
    this.#v.set(t.subarray(this.keyLen));
    wipe(temp);
  }

  /** Reseed: seed = df(entropy ‖ additional); update(seed). */
  reseed(entropy: Uint8Array, additional: Uint8Array = new Uint8Array(0)): void {
    const seed = blockCipherDf(this.#newCipher, this.keyLen, [entropy, additional], this.seedLen);
    this.#update(seed);
    wipe(seed);
    this.#counter = 1;
  }

  /** Fills `out` (at most `maxBytesPerGenerate` bytes). The caller checks the reseed limits. */
  generate(out: Uint8Array, additional?: Uint8Array): void {
    if (out.length > this.maxBytesPerGenerate) throw new RangeError('CtrDrbgState.generate: request too long');
    const add = additional && additional.length > 0
      ? blockCipherDf(this.#newCipher, this.keyLen, [additional], this.seedLen)
      : new Uint8Array(this.seedLen);
    if (additional && additional.length > 0) this.#update(add);
    const c = this.#keyed();
    const block = new Uint8Array(BLOCK);
    for (let o = 0; o < out.length; o += BLOCK) {
      increment(this.#v);
      c.encryptBlock(this.#v, 0, block, 0);
      out.set(block.subarray(0, Math.min(BLOCK, out.length - o)), o);
    }
    this.#update(add); // same Key: reuses the schedule, then drops it
    wipe(add, block);
    this.#counter++;
  }

  /** Copies of V and Key: a test hook for the known-answer tests, never for production use. */
  testingOnlyState(): { v: Uint8Array; key: Uint8Array } {
    return { v: Uint8Array.from(this.#v), key: Uint8Array.from(this.#key) };
  }

  /** Overwrites V, Key and its schedule. */
  destroy(): void {
    this.#cipher?.destroy();
    this.#cipher = undefined;
    wipe(this.#v, this.#key);
    this.#counter = 0;
  }
}
