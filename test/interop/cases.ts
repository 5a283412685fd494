/**
 * Random inputs for the interop tests. Every property runs on the edge lengths (empty, one byte,
 * one short of a block, a block, one past it, many blocks) and on a few random lengths, with
 * fresh random bytes each run; a failure message carries the inputs, so a failing case can be
 * replayed by hand against the peer.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';

/** The lengths every byte-string property covers. */
export const EDGE_LENGTHS: readonly number[] = Object.freeze([0, 1, 15, 16, 17, 1000]);

/** EDGE_LENGTHS at or above `min`, then `extra` random lengths in [min, max]. */
export function lengths(extra: number, max = 300, min = 0): number[] {
  const out = EDGE_LENGTHS.filter((n) => n >= min);
  for (let i = 0; i < extra; i++) out.push(randomInt(min, max + 1));
  return out;
}

/** Multiples of 16 for modes without padding: 0, 16, 32, 1008 and random ones up to 400. */
export function blockLengths(extra: number): number[] {
  const out = [0, 16, 32, 1008];
  for (let i = 0; i < extra; i++) out.push(16 * randomInt(0, 26));
  return out;
}

export function bytes(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** Equal bytes, or a failure naming the case and showing both sides in hex. */
export function sameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const a = hex(actual), e = hex(expected);
  if (a !== e) assert.fail(`${what}\n  got:  ${a}\n  want: ${e}`);
}
