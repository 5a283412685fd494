/** Small helpers shared by the SM3 tests. */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { fromHex } from '../../src/algorithms/internal/bytes.js';

export const hex = (s: string): Uint8Array => fromHex(s);
export const rand = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** SM3 by node:crypto (OpenSSL), the independent reference. */
export function nodeSm3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** HMAC-SM3 by node:crypto (OpenSSL). */
export function nodeHmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sm3', key).update(data).digest());
}

/** The 4-byte big-endian encoding of a 32-bit counter. */
export function u32be(i: number): Uint8Array {
  return Uint8Array.of(i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255);
}
