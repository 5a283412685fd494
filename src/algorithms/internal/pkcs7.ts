/**
 * PKCS#7 padding (RFC 5652 §6.3) for 16-byte block ciphers, shared by the block modes that
 * pad (SM4 and AES in ECB/CBC).
 *
 * The check reads all 16 candidate bytes with masks instead of stopping at the first bad one,
 * so its time does not depend on where the padding goes wrong. (Whether it threw still shows;
 * callers of unauthenticated CBC must not expose that as an oracle.)
 *
 * @module
 */
import { CryptoError } from './errors.js';

/** `data` followed by 1..16 bytes of padding, each equal to the padding length. */
export function pkcs7Pad(data: Uint8Array): Uint8Array {
  const p = 16 - (data.length % 16);
  const out = new Uint8Array(data.length + p);
  out.set(data);
  out.fill(p, data.length);
  return out;
}

/**
 * The last block of PKCS#7-padded `data`: its trailing `data.length % 16` bytes followed by
 * 1..16 bytes each equal to the padding length. The whole blocks before it are `data` itself,
 * so callers need not copy the message. Zero the block after use if `data` is secret.
 */
export function pkcs7LastBlock(data: Uint8Array): Uint8Array {
  const whole = data.length - (data.length % 16);
  const block = new Uint8Array(16);
  block.set(data.subarray(whole));
  block.fill(16 - (data.length - whole), data.length - whole);
  return block;
}

/**
 * Length (1..16) of the PKCS#7 padding ending at `buf[end]`; `end` must be >= 16.
 * @throws CryptoError SDR_SYMOPERR "<what>: bad padding".
 */
export function pkcs7PadLength(buf: Uint8Array, end: number, what: string): number {
  const p = buf[end - 1]!;
  let bad = ((p - 1) | (16 - p)) >>> 31; // p = 0 or p > 16
  for (let k = 0; k < 16; k++) {
    const inPad = (k - p) >> 31; // all ones when k < p
    bad |= (buf[end - 1 - k]! ^ p) & inPad & 0xff;
  }
  if (bad !== 0) throw new CryptoError('SDR_SYMOPERR', `${what}: bad padding`);
  return p;
}
