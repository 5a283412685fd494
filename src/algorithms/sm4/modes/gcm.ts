/**
 * SM4-GCM (NIST SP 800-38D with SM4 as the block cipher; RFC 8998 §3.1 for TLS 1.3:
 * 12-byte nonce, 16-byte tag; GM/T 0018-2023 AuthEnc).
 *
 * - Nonces: `seal` draws 12 random bytes. The `...WithNonce` calls take any nonce of at least
 *   1 byte: 12 bytes give J0 = nonce ‖ 0^31 ‖ 1, other lengths J0 = GHASH(nonce padded ‖ 0^64 ‖
 *   [len]_64) (§7.1 step 2). A zero-length nonce is refused (CVE-2017-7822: it leaks H).
 * - Counter: inc32 (§6.2) on the low 32 bits only, wrapping without carry (Wycheproof
 *   "CounterWrap").
 * - Tags: 12 to 16 bytes (§5.2.1.2). The 4- and 8-byte tags of Appendix C are refused: they are
 *   only safe under message-count and length limits this API cannot enforce, and no Mima
 *   protocol (RFC 8998, SDF) uses them.
 * - Open checks the tag (constant-time) before decrypting: a forgery releases no plaintext.
 *
 * @module
 */
import { wipe, ctEqual } from '../../internal/bytes.js';
import { checkKey, encKeys, expandKey, storeWords } from '../sm4.js';
import { cryptWords, ctrXorBlocks } from '../_kernels.gen.js';
import { Ghash } from './ghash.js';
import { AeadBase, authFailed, intOption, type AeadCommonOptions, type Sm4Aead } from './aead.js';
import { CryptoError } from '../../internal/errors.js';

/** Options of `sm4Gcm`. */
export interface Sm4GcmOptions extends AeadCommonOptions {
  /** Tag length in bytes, 12..16 (default 16). */
  tagLength?: number;
}

class Sm4GcmImpl extends AeadBase {
  readonly #rk: Int32Array;
  readonly #enc: Int32Array;
  readonly #ghash: Ghash;
  readonly #j0 = new Int32Array(4);
  readonly #ctr = new Int32Array(4);
  readonly #s = new Int32Array(4);
  readonly #ks = new Uint8Array(16);
  readonly #tag = new Uint8Array(16);

  constructor(key: Uint8Array, opts: Sm4GcmOptions) {
    const tagLen = intOption(opts.tagLength, 16, (t) => t >= 12 && t <= 16, 'sm4.gcm: tagLength');
    super('sm4-gcm', 'sm4.gcm', 12, tagLen, opts.random);
    this.#rk = expandKey(key);
    this.#enc = encKeys(this.#rk);
    const h = new Int32Array(4); // H = E(K, 0^128)
    cryptWords(this.#enc, h);
    this.#ghash = new Ghash(h);
    wipe(h);
  }

  protected checkNonce(nonce: Uint8Array, what: string): void {
    if (nonce.length === 0) throw new CryptoError('SDR_INARGERR', `${what}: nonce must not be empty`);
  }

  /** J0 (SP 800-38D §7.1 step 2) into #j0. */
  #setJ0(nonce: Uint8Array): void {
    const j0 = this.#j0;
    if (nonce.length === 12) {
      for (let k = 0; k < 3; k++) {
        const o = 4 * k;
        j0[k] = (nonce[o]! << 24) | (nonce[o + 1]! << 16) | (nonce[o + 2]! << 8) | nonce[o + 3]!;
      }
      j0[3] = 1;
      return;
    }
    const g = this.#ghash;
    g.reset();
    g.updatePadded(nonce, 0, nonce.length);
    g.updateLengths(0, nonce.length);
    g.digestWords(j0);
  }

  /** XORs the GCTR keystream starting at inc32(J0) into `src` -> `dst`. */
  #gctr(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, len: number): void {
    const ctr = this.#ctr;
    ctr.set(this.#j0);
    ctr[3] = (ctr[3]! + 1) | 0;
    const n = Math.floor(len / 16);
    ctrXorBlocks(this.#enc, ctr, src, sOff, dst, dOff, n, false);
    const rest = len - 16 * n;
    if (rest > 0) {
      const ks = this.#ks;
      ks.fill(0);
      ctrXorBlocks(this.#enc, ctr, ks, 0, ks, 0, 1, false);
      for (let i = 0; i < rest; i++) dst[dOff + 16 * n + i] = src[sOff + 16 * n + i]! ^ ks[i]!;
      ks.fill(0);
    }
  }

  /** The full 16-byte tag E(J0) ^ GHASH(A, C) into #tag. */
  #computeTag(aad: Uint8Array, ct: Uint8Array, off: number, len: number): Uint8Array {
    const g = this.#ghash;
    g.reset();
    g.updatePadded(aad, 0, aad.length);
    g.updatePadded(ct, off, len);
    g.updateLengths(aad.length, len);
    const s = this.#s;
    g.digestWords(s);
    const e = this.#ctr;
    e.set(this.#j0);
    cryptWords(this.#enc, e);
    for (let k = 0; k < 4; k++) s[k] ^= e[k]!;
    storeWords(s, this.#tag, 0);
    return this.#tag;
  }

  protected sealInto(nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, out: Uint8Array, off: number): void {
    this.#setJ0(nonce);
    this.#gctr(pt, 0, out, off, pt.length);
    const tag = this.#computeTag(aad, out, off, pt.length);
    out.set(tag.subarray(0, this.tagLen), off + pt.length);
    this.#clear();
  }

  protected openFrom(nonce: Uint8Array, data: Uint8Array, off: number, len: number, aad: Uint8Array, what: string): Uint8Array {
    const n = len - this.tagLen;
    this.#setJ0(nonce);
    const tag = this.#computeTag(aad, data, off, n);
    const ok = ctEqual(tag.subarray(0, this.tagLen), data.subarray(off + n, off + len));
    if (!ok) {
      this.#clear();
      throw authFailed(what);
    }
    const out = new Uint8Array(n);
    this.#gctr(data, off, out, 0, n);
    this.#clear();
    return out;
  }

  /** Per-message secrets (J0, counter, GHASH state, tag) do not outlive the call. */
  #clear(): void {
    wipe(this.#j0, this.#ctr, this.#s, this.#tag);
    this.#ghash.reset();
  }

  protected wipeState(): void {
    this.#clear();
    wipe(this.#rk);
    this.#ghash.destroy();
  }
}

/**
 * SM4-GCM under a 16-byte key.
 *
 * @example
 * const gcm = sm4Gcm(key);
 * const sealed = gcm.seal(plaintext, aad); // 12-byte random nonce ‖ ciphertext ‖ 16-byte tag
 * const back = gcm.open(sealed, aad);
 * @throws CryptoError SDR_KEYERR (key not 16 bytes), SDR_INARGERR (tagLength outside 12..16).
 */
export function sm4Gcm(key: Uint8Array, opts: Sm4GcmOptions = {}): Sm4Aead {
  checkKey(key, 'sm4.gcm');
  return new Sm4GcmImpl(key, opts);
}
