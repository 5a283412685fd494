/**
 * Byte helpers shared by every primitive: input checks, hex, concatenation, big-endian words,
 * constant-time comparison and wiping.
 *
 * Conventions (STYLE.md §5): inputs are any `Uint8Array` (a Buffer is one); outputs are fresh
 * `Uint8Array`s the caller owns. Checks happen once, at the public boundary of a module.
 *
 * @module
 */
import { CryptoError } from './errors.js';

/** Throws `TypeError` unless `x` is a Uint8Array; with `len`, also checks its length. */
export function abytes(x: unknown, len?: number | readonly number[], what = 'value'): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  if (len !== undefined) {
    const ok = typeof len === 'number' ? x.length === len : len.includes(x.length);
    if (!ok) {
      const want = typeof len === 'number' ? String(len) : len.join(' or ');
      throw new CryptoError('SDR_INARGERR', `${what}: expected ${want} bytes, got ${x.length}`);
    }
  }
  return x;
}

const HEX = '0123456789abcdef';
const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!];
  return s;
}

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/** Parses hex (either case, even length, no prefix); throws CryptoError SDR_INARGERR otherwise. */
export function fromHex(hex: string, what = 'hex'): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError(`${what}: expected string`);
  if (hex.length % 2 !== 0) throw new CryptoError('SDR_INARGERR', `${what}: odd number of hex digits`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(hex.charCodeAt(2 * i));
    const lo = hexNibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new CryptoError('SDR_INARGERR', `${what}: not a hex string`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Concatenation into a fresh array. */
/**
 * A fresh copy of `bytes` (or of bytes[start, end)). Use it instead of `.slice()` on inputs:
 * callers may pass a Node Buffer, whose `slice` returns a view of the same memory, so wiping or
 * changing a "copy" made with `.slice()` would wipe or change the caller's bytes.
 */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, start, end);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Constant-time equality: the time depends only on the lengths. On a length mismatch it still
 * runs a full comparison of `a` with itself, so the mismatch is not revealed early
 * (the fastify-bearer-auth habit).
 */
export function ctEqual(a: Uint8Array, b: Uint8Array): boolean {
  const same = a.length === b.length;
  const other = same ? b : a;
  let diff = same ? 0 : 1;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ other[i]!;
  return diff === 0;
}

/** Overwrites arrays with zeros (key material, intermediate secrets). */
export function wipe(...arrays: (Uint8Array | Uint32Array | Int32Array | Float64Array | undefined)[]): void {
  for (const a of arrays) a?.fill(0);
}

/** Reads a big-endian uint32 at `off`. */
export function readU32BE(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

/** Writes `v` as a big-endian uint32 at `off`. */
export function writeU32BE(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = v >>> 16;
  b[off + 2] = v >>> 8;
  b[off + 3] = v;
}

/** Big-endian unsigned integer of `bytes`. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

/** `n` as exactly `len` big-endian bytes; RangeError if it does not fit. */
export function bigIntToBytes(n: bigint, len: number): Uint8Array {
  if (n < 0n) throw new RangeError('bigIntToBytes: negative');
  const hex = n.toString(16).padStart(len * 2, '0');
  if (hex.length > len * 2) throw new RangeError(`bigIntToBytes: does not fit in ${len} bytes`);
  return fromHex(hex);
}
