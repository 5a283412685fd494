/**
 * SM4-CCM (NIST SP 800-38C with SM4; RFC 8998 §3.2: 12-byte nonce, 16-byte tag).
 *
 * - Nonce n of 7..13 bytes, so the length field has q = 15 - n bytes and a message must be
 *   shorter than 2^(8q) bytes (65,535 bytes for a 13-byte nonce). `seal` draws `nonceLength`
 *   random bytes (default 12); the `...WithNonce` calls take any valid nonce length.
 * - Tag t in {4, 6, 8, 10, 12, 14, 16} bytes (§A.1), default 16.
 * - AAD of any length, with the 2-, 6- or 10-byte length encodings of §A.2.2 (boundary at
 *   2^16 - 2^8).
 * - Open decrypts into a fresh buffer, checks the tag in constant time, and on failure zeroes
 *   that buffer and throws one opaque SDR_MACERR.
 *
 * Both passes (CBC-MAC and CTR) use the SM4 kernels; CTR increments the low 32 bits of the
 * counter block, which is exact because the q-byte counter field never reaches 2^32 for a
 * message JS can hold (and never leaves its field while the length limit holds).
 *
 * @module
 */
import { wipe, ctEqual } from '../../internal/bytes.js';
import { CryptoError } from '../../internal/errors.js';
import { checkKey, encKeys, expandKey, loadWords, storeWords } from '../sm4.js';
import { cryptWords, ctrXorBlocks } from '../_kernels.gen.js';
import { macBlocks } from './cbc-mac.js';
import { AeadBase, authFailed, intOption, type AeadCommonOptions, type Sm4Aead } from './aead.js';

/** Options of `sm4Ccm`. */
export interface Sm4CcmOptions extends AeadCommonOptions {
  /** Tag length in bytes: 4, 6, ..., 16 (default 16). */
  tagLength?: number;
  /** Length of the nonces `seal` draws, 7..13 (default 12). */
  nonceLength?: number;
}

const validNonce = (n: number): boolean => n >= 7 && n <= 13;

/** Messages must be shorter than 2^(8q) bytes (SP 800-38C §A.1). */
function maxPayload(nonceLen: number): number {
  const q = 15 - nonceLen;
  return q >= 7 ? Number.MAX_SAFE_INTEGER : 2 ** (8 * q) - 1;
}

class Sm4CcmImpl extends AeadBase {
  readonly #rk: Int32Array;
  readonly #enc: Int32Array;
  readonly #mac = new Int32Array(4);
  readonly #ctr = new Int32Array(4);
  readonly #w = new Int32Array(4);
  readonly #block = new Uint8Array(16);
  readonly #tag = new Uint8Array(16);

  constructor(key: Uint8Array, tagLen: number, nonceLen: number, opts: Sm4CcmOptions) {
    super('sm4-ccm', 'sm4.ccm', nonceLen, tagLen, opts.random);
    this.#rk = expandKey(key);
    this.#enc = encKeys(this.#rk);
  }

  protected checkNonce(nonce: Uint8Array, what: string): void {
    if (!validNonce(nonce.length)) {
      throw new CryptoError('SDR_INARGERR', `${what}: nonce must be 7..13 bytes, got ${nonce.length}`);
    }
  }

  /** Absorbs `data[off .. off + len)` into the CBC-MAC, zero-padding a final partial block. */
  #macPadded(data: Uint8Array, off: number, len: number): void {
    const n = Math.floor(len / 16);
    macBlocks(this.#enc, this.#mac, this.#w, data, off, n);
    const rest = len - 16 * n;
    if (rest > 0) {
      const b = this.#block;
      b.fill(0);
      b.set(data.subarray(off + 16 * n, off + len));
      macBlocks(this.#enc, this.#mac, this.#w, b, 0, 1);
    }
  }

  /** T = CBC-MAC(B0 ‖ encoded AAD ‖ payload), each part zero-padded (§A.2), then T ^ S0 into #tag. */
  #computeTag(nonce: Uint8Array, aad: Uint8Array, payload: Uint8Array, off: number, len: number): Uint8Array {
    const b = this.#block;
    const q = 15 - nonce.length;
    // B0 = flags ‖ N ‖ Q (§A.2.1): flags = Adata·64 + ((t-2)/2)·8 + (q-1).
    b[0] = (aad.length > 0 ? 0x40 : 0) | (((this.tagLen - 2) / 2) << 3) | (q - 1);
    b.set(nonce, 1);
    writeBE(b, 16 - q, q, len);
    this.#mac.fill(0);
    macBlocks(this.#enc, this.#mac, this.#w, b, 0, 1);
    if (aad.length > 0) {
      // First AAD block: the length encoding (§A.2.2), then as much AAD as fits.
      const a = aad.length;
      b.fill(0);
      let p: number;
      if (a < 0xff00) {
        writeBE(b, 0, 2, a);
        p = 2;
      } else if (a <= 0xffffffff) {
        b[0] = 0xff;
        b[1] = 0xfe;
        writeBE(b, 2, 4, a);
        p = 6;
      } else {
        b[0] = 0xff;
        b[1] = 0xff;
        writeBE(b, 2, 8, a);
        p = 10;
      }
      const first = Math.min(a, 16 - p);
      b.set(aad.subarray(0, first), p);
      macBlocks(this.#enc, this.#mac, this.#w, b, 0, 1);
      this.#macPadded(aad, first, a - first);
    }
    this.#macPadded(payload, off, len);
    // S0 = E(A0), A0 = (q-1) ‖ N ‖ 0^q.
    this.#setCounter(nonce, 0);
    const s0 = this.#w;
    s0.set(this.#ctr);
    cryptWords(this.#enc, s0);
    for (let k = 0; k < 4; k++) this.#mac[k] ^= s0[k]!;
    storeWords(this.#mac, this.#tag, 0);
    b.fill(0);
    return this.#tag;
  }

  /** #ctr = A_i = (q-1) ‖ N ‖ [i]_q (§A.3), for i < 2^32. */
  #setCounter(nonce: Uint8Array, i: number): void {
    const b = this.#block;
    b.fill(0);
    b[0] = 15 - nonce.length - 1;
    b.set(nonce, 1);
    loadWords(b, 0, this.#ctr);
    this.#ctr[3] = this.#ctr[3]! + i;
    b.fill(0);
  }

  /** Payload encryption: XOR with E(A_1), E(A_2), ... */
  #ctrPayload(nonce: Uint8Array, src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, len: number): void {
    this.#setCounter(nonce, 1);
    const n = Math.floor(len / 16);
    ctrXorBlocks(this.#enc, this.#ctr, src, sOff, dst, dOff, n, false);
    const rest = len - 16 * n;
    if (rest > 0) {
      const ks = this.#block;
      ks.fill(0);
      ctrXorBlocks(this.#enc, this.#ctr, ks, 0, ks, 0, 1, false);
      for (let i = 0; i < rest; i++) dst[dOff + 16 * n + i] = src[sOff + 16 * n + i]! ^ ks[i]!;
      ks.fill(0);
    }
  }

  protected sealInto(nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, out: Uint8Array, off: number, what: string): void {
    if (pt.length > maxPayload(nonce.length)) {
      throw new CryptoError('SDR_INARGERR', `${what}: plaintext too long for a ${nonce.length}-byte nonce`);
    }
    const tag = this.#computeTag(nonce, aad, pt, 0, pt.length);
    this.#ctrPayload(nonce, pt, 0, out, off, pt.length);
    out.set(tag.subarray(0, this.tagLen), off + pt.length);
    this.#clear();
  }

  protected openFrom(nonce: Uint8Array, data: Uint8Array, off: number, len: number, aad: Uint8Array, what: string): Uint8Array {
    const n = len - this.tagLen;
    if (n > maxPayload(nonce.length)) throw authFailed(what);
    const out = new Uint8Array(n);
    this.#ctrPayload(nonce, data, off, out, 0, n);
    const tag = this.#computeTag(nonce, aad, out, 0, n);
    const ok = ctEqual(tag.subarray(0, this.tagLen), data.subarray(off + n, off + len));
    this.#clear();
    if (!ok) {
      wipe(out);
      throw authFailed(what);
    }
    return out;
  }

  #clear(): void {
    wipe(this.#mac, this.#ctr, this.#w, this.#block, this.#tag);
  }

  protected wipeState(): void {
    this.#clear();
    wipe(this.#rk);
  }
}

/** Writes `v` (< 2^53) as `len` big-endian bytes at `b[off]`. */
function writeBE(b: Uint8Array, off: number, len: number, v: number): void {
  for (let i = len - 1; i >= 0; i--) {
    b[off + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/**
 * SM4-CCM under a 16-byte key.
 *
 * @example
 * const ccm = sm4Ccm(key); // RFC 8998: 12-byte nonce, 16-byte tag
 * const sealed = ccm.seal(plaintext, aad);
 * @throws CryptoError SDR_KEYERR (key not 16 bytes), SDR_INARGERR (tagLength not in
 *   {4, 6, ..., 16}, nonceLength not in 7..13).
 */
export function sm4Ccm(key: Uint8Array, opts: Sm4CcmOptions = {}): Sm4Aead {
  checkKey(key, 'sm4.ccm');
  const tagLen = intOption(opts.tagLength, 16, (t) => t >= 4 && t <= 16 && t % 2 === 0, 'sm4.ccm: tagLength');
  const nonceLen = intOption(opts.nonceLength, 12, validNonce, 'sm4.ccm: nonceLength');
  return new Sm4CcmImpl(key, tagLen, nonceLen, opts);
}
