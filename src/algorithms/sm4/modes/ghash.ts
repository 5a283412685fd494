/**
 * GHASH (NIST SP 800-38D §6.4) for SM4-GCM: the hash key H, its 8-bit multiplication table, and
 * the padded absorption GCM needs (AAD and ciphertext are each zero-padded to whole blocks).
 *
 * Portable path: secret-indexed table lookups (the table is a function of H), not
 * constant-time.
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import { ghashBlocks } from './_ghash.gen.js';

/**
 * M[b] = b · H for all 256 byte values b, four words per entry. In GCM's bit order the top bit
 * of b (0x80) is x^0, so M[0x80] = H, M[0x40] = H·x, ..., M[0x01] = H·x^7, and the rest follow
 * by linearity (M[a ^ b] = M[a] ^ M[b]).
 */
function buildTable(h: Int32Array): Int32Array {
  const m = new Int32Array(1024);
  let v0 = h[0]!, v1 = h[1]!, v2 = h[2]!, v3 = h[3]!;
  for (let bit = 0x80; bit > 0; bit >>>= 1) {
    const i = bit << 2;
    m[i] = v0;
    m[i + 1] = v1;
    m[i + 2] = v2;
    m[i + 3] = v3;
    // v = v · x: shift right one bit, reduce by R = 0xE1 || 0^120 (SP 800-38D §6.3).
    const lsb = v3 & 1;
    v3 = (v3 >>> 1) | (v2 << 31);
    v2 = (v2 >>> 1) | (v1 << 31);
    v1 = (v1 >>> 1) | (v0 << 31);
    v0 = (v0 >>> 1) ^ (-lsb & 0xe1000000);
  }
  for (let hi = 2; hi < 256; hi <<= 1) {
    const a = hi << 2;
    for (let lo = 1; lo < hi; lo++) {
      const b = lo << 2;
      const c = (hi | lo) << 2;
      m[c] = m[a]! ^ m[b]!;
      m[c + 1] = m[a + 1]! ^ m[b + 1]!;
      m[c + 2] = m[a + 2]! ^ m[b + 2]!;
      m[c + 3] = m[a + 3]! ^ m[b + 3]!;
    }
  }
  return m;
}

/** A GHASH instance under one hash key; `reset()` starts a new message. */
export class Ghash {
  readonly #m: Int32Array;
  readonly #y = new Int32Array(4);
  readonly #tail = new Uint8Array(16);

  /** `h` is the hash key H = E(K, 0^128) as four big-endian words. */
  constructor(h: Int32Array) {
    this.#m = buildTable(h);
  }

  reset(): void {
    this.#y.fill(0);
  }

  /** Absorbs `data[off .. off + len)`, zero-padding a final partial block. */
  updatePadded(data: Uint8Array, off: number, len: number): void {
    const n = Math.floor(len / 16);
    ghashBlocks(this.#m, this.#y, data, off, n);
    const rest = len - 16 * n;
    if (rest > 0) {
      const tail = this.#tail;
      tail.fill(0);
      tail.set(data.subarray(off + 16 * n, off + len));
      ghashBlocks(this.#m, this.#y, tail, 0, 1);
      tail.fill(0);
    }
  }

  /**
   * Absorbs the block [a]_64 || [b]_64 for bit lengths given as byte counts (GCM's length block,
   * and the IV length block of J0). Byte counts up to 2^53 / 8 are exact.
   */
  updateLengths(aBytes: number, bBytes: number): void {
    const block = this.#tail;
    writeBitLength(block, 0, aBytes);
    writeBitLength(block, 8, bBytes);
    ghashBlocks(this.#m, this.#y, block, 0, 1);
    block.fill(0);
  }

  /** The current state Y (four big-endian words), copied into `out`. */
  digestWords(out: Int32Array): void {
    out.set(this.#y);
  }

  destroy(): void {
    wipe(this.#m, this.#y, this.#tail);
  }
}

/** Writes 8·bytes as a 64-bit big-endian integer at `b[off]`. */
function writeBitLength(b: Uint8Array, off: number, bytes: number): void {
  const hi = Math.floor(bytes / 0x20000000); // bits >> 32
  const lo = (bytes % 0x20000000) * 8; // bits mod 2^32
  for (let k = 0; k < 4; k++) {
    b[off + k] = hi >>> (24 - 8 * k);
    b[off + 4 + k] = lo >>> (24 - 8 * k);
  }
}
