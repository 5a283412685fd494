/**
 * SM3 (GM/T 0004-2012 = GB/T 32905-2016): the incremental hash object, the one-shot function
 * and the power-up known-answer test.
 *
 * Padding (§5.2): the message is followed by one 1 bit (0x80), zero bits up to 448 mod 512 and
 * the 64-bit big-endian bit length; the digest is the final 8 chaining words, big-endian.
 *
 * @module
 */
import { abytes } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import type { Hash, HashFunction } from '../types.js';
import { compress } from './_compress.gen.js';

/** Initial value IV (GM/T 0004-2012 §4.1). */
const IV: Int32Array = Int32Array.of(
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600 | 0, 0xa96f30bc | 0, 0x163138aa, 0xe38dee4d | 0, 0xb0fb0e4e | 0,
);

/** Writes the 8 state words big-endian to `out[off..off+32)`. */
export function writeState(st: Int32Array, out: Uint8Array, off: number): void {
  for (let i = 0; i < 8; i++, off += 4) {
    const v = st[i]!;
    out[off] = v >>> 24;
    out[off + 1] = v >>> 16;
    out[off + 2] = v >>> 8;
    out[off + 3] = v;
  }
}

/**
 * Writes the final padding (§5.2) for a message of `len` bytes whose last `pos` (< 64) bytes
 * are already in `buf[0..pos)`, and returns how many blocks (1 or 2) of `buf` to compress.
 * `buf` must hold 128 bytes when `pos` may exceed 55. With `pos` = −1 it writes only the zeros
 * and the length of a block whose 0x80 byte went into the previous block.
 */
export function padTail(buf: Uint8Array, pos: number, len: number): number {
  if (pos >= 0) buf[pos] = 0x80;
  const end = pos < 56 ? 64 : 128;
  buf.fill(0, pos + 1, end - 8);
  // 64-bit bit length: the low word is (len * 8) mod 2^32, which `len << 3` computes exactly.
  const hi = Math.floor(len / 0x20000000);
  const lo = len << 3;
  buf[end - 8] = hi >>> 24;
  buf[end - 7] = hi >>> 16;
  buf[end - 6] = hi >>> 8;
  buf[end - 5] = hi;
  buf[end - 4] = lo >>> 24;
  buf[end - 3] = lo >>> 16;
  buf[end - 2] = lo >>> 8;
  buf[end - 1] = lo;
  return end >>> 6;
}

/**
 * The incremental SM3 hash. Exported inside the sm3 folder only (the HMAC, KDF and PBKDF2 code
 * reach into its state to avoid copies); the public surface is the `Hash` interface.
 */
export class Sm3Hash implements Hash {
  readonly outputLen = 32;
  readonly blockLen = 64;
  /** Chaining value V_i. */
  readonly st: Int32Array = IV.slice();
  /**
   * Pending partial block in [0, pos). 64 bytes: typed arrays up to 64 bytes live on the JS
   * heap, larger ones get a separately allocated backing store (measured: creating a hash went
   * from 0.78 to 0.45 µs with a 64-byte buffer).
   */
  readonly buf = new Uint8Array(64);
  pos = 0;
  /** Total bytes absorbed. */
  len = 0;
  live = true;

  update(data: Uint8Array): this {
    this.check('update');
    abytes(data, undefined, 'sm3.update: data');
    const n = data.length;
    const buf = this.buf;
    let off = 0;
    let pos = this.pos;
    this.len += n;
    if (pos > 0) {
      const take = Math.min(64 - pos, n);
      for (let i = 0; i < take; i++) buf[pos + i] = data[i]!;
      pos += take;
      off = take;
      if (pos < 64) {
        this.pos = pos;
        return this;
      }
      compress(this.st, buf, 0, 1);
      pos = 0;
    }
    const blocks = Math.floor((n - off) / 64);
    if (blocks > 0) {
      compress(this.st, data, off, blocks);
      off += blocks * 64;
    }
    // Fewer than 64 bytes remain; pos is 0 here.
    let i = 0;
    for (; off < n; i++, off++) buf[i] = data[off]!;
    this.pos = i;
    return this;
  }

  /** Finishes into `out[off..off+32)` without checking or destroying (internal callers). */
  digestInto(out: Uint8Array, off: number): void {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= 56) {
      // The 0x80 byte fits but the length does not: one extra block (§5.2).
      buf[pos] = 0x80;
      buf.fill(0, pos + 1, 64);
      compress(this.st, buf, 0, 1);
      buf.fill(0, 0, 56);
      pos = -1;
    }
    padTail(buf, pos, this.len);
    compress(this.st, buf, 0, 1);
    writeState(this.st, out, off);
  }

  /** The 32-byte digest; the object is wiped and refuses further use. */
  digest(): Uint8Array {
    this.check('digest');
    const out = new Uint8Array(32);
    this.digestInto(out, 0);
    this.destroy();
    return out;
  }

  /** An independent copy of the current state (e.g. a cached Z_A or HMAC prefix). */
  clone(): Sm3Hash {
    this.check('clone');
    return new Sm3Hash().copyFrom(this);
  }

  /** Overwrites this state with `other`'s (no allocation; internal callers). */
  copyFrom(other: Sm3Hash): this {
    this.st.set(other.st);
    this.buf.set(other.buf);
    this.pos = other.pos;
    this.len = other.len;
    this.live = true;
    return this;
  }

  /** Wipes the chaining value and the buffered input; the object refuses further use. */
  destroy(): void {
    this.st.fill(0);
    this.buf.fill(0);
    this.pos = 0;
    this.len = 0;
    this.live = false;
  }

  private check(fn: string): void {
    if (!this.live) throw new TypeError(`sm3.${fn}: digest() was already called`);
  }
}

// Scratch for the one-shot path: JS runs one call at a time and nothing here awaits, so a
// module-level buffer is never shared between two live calls. Wiped after each use.
const ONE_ST = new Int32Array(8);
const ONE_PAD = new Uint8Array(128);

/** SM3 of `data` in one call, without creating a hash object. */
function sm3OneShot(data: Uint8Array): Uint8Array {
  abytes(data, undefined, 'sm3: data');
  const n = data.length;
  const st = ONE_ST;
  st.set(IV);
  const full = Math.floor(n / 64);
  if (full > 0) compress(st, data, 0, full);
  const pad = ONE_PAD;
  const rem = n - full * 64;
  for (let i = 0, j = full * 64; i < rem; i++, j++) pad[i] = data[j]!;
  const blocks = padTail(pad, rem, n);
  compress(st, pad, 0, blocks);
  const out = new Uint8Array(32);
  writeState(st, out, 0);
  pad.fill(0, 0, rem);
  st.fill(0);
  return out;
}

/**
 * SM3 (GM/T 0004-2012): `sm3(data)` returns the 32-byte digest; `sm3.create()` returns an
 * incremental `Hash` whose `clone()` copies the state (prefix caching).
 */
/**
 * The state of an incremental SM3 hash as bytes, and back: for stateless multi-part protocols
 * (GM/T 0029's "hash intermediate", carried by the caller between calls). Layout: version 1,
 * V (32 bytes), total length (8 bytes, big-endian), pending bytes (0..63). Not secret-bearing
 * beyond what the hashed data is.
 */
export const sm3State = Object.freeze({
  export(h: Hash): Uint8Array {
    if (!(h instanceof Sm3Hash) || !h.live) throw new TypeError('sm3State.export: a live SM3 hash is needed');
    const out = new Uint8Array(1 + 32 + 8 + h.pos);
    out[0] = 1;
    writeState(h.st, out, 1);
    new DataView(out.buffer).setBigUint64(33, BigInt(h.len));
    out.set(h.buf.subarray(0, h.pos), 41);
    return out;
  },
  /** @throws CryptoError SDR_INARGERR for bytes that are not an exported state. */
  import(bytes: Uint8Array): Hash {
    abytes(bytes, undefined, 'sm3State.import');
    const pos = bytes.length - 41;
    if (bytes[0] !== 1 || pos < 0 || pos > 63) throw new CryptoError('SDR_INARGERR', 'sm3State.import: not an SM3 state');
    const h = new Sm3Hash();
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < 8; i++) h.st[i] = dv.getInt32(1 + 4 * i);
    const len = Number(dv.getBigUint64(33));
    if (len % 64 !== pos) throw new CryptoError('SDR_INARGERR', 'sm3State.import: length and pending bytes disagree');
    h.len = len;
    h.buf.set(bytes.subarray(41));
    h.pos = pos;
    return h;
  },
});

export const sm3: HashFunction = /* @__PURE__ */ (() => {
  const fn = (data: Uint8Array): Uint8Array => sm3OneShot(data);
  Object.defineProperties(fn, {
    name: { value: 'sm3' },
    outputLen: { value: 32, enumerable: true },
    blockLen: { value: 64, enumerable: true },
    create: { value: (): Hash => new Sm3Hash(), enumerable: true },
  });
  return Object.freeze(fn as unknown as HashFunction);
})();

/** GM/T 0004-2012 Annex A: example 1 ("abc") and example 2 ("abcd" x 16). */
const KAT: readonly (readonly [string, number, string])[] = [
  ['abc', 1, '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
  ['abcd', 16, 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
];

function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/**
 * Known-answer test of GM/T 0004-2012 Annex A through both the one-shot and the incremental
 * path (the second example fed in two unequal parts).
 * @throws CryptoError SDR_UNKNOWERR "sm3.selfTest: known-answer test failed".
 */
export function selfTest(): void {
  let ok = true;
  for (const [unit, times, want] of KAT) {
    const msg = new Uint8Array(unit.length * times);
    for (let i = 0; i < msg.length; i++) msg[i] = unit.charCodeAt(i % unit.length);
    const cut = msg.length >>> 2;
    const inc = sm3.create().update(msg.subarray(0, cut)).update(msg.subarray(cut)).digest();
    ok = hexOf(sm3(msg)) === want && hexOf(inc) === want && ok;
  }
  if (!ok) throw new CryptoError('SDR_UNKNOWERR', 'sm3.selfTest: known-answer test failed');
}
