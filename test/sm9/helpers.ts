/**
 * Shared pieces of the SM9 tests: replayable random sources, error assertions, a small
 * deterministic generator for property runs, and points on the twist outside G2.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { bigIntToBytes, fromHex } from '../../src/algorithms/internal/bytes.js';
import { isCryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import type { RandomSource } from '../../src/algorithms/internal/random.js';
import { fq2Add, fq2Mul, fq2Sqr, fq2SqrtVartime, type Fq2 } from '../../src/algorithms/sm9/fields.js';
import { G2, inG2Subgroup, type G2Point } from '../../src/algorithms/sm9/groups.js';
import { N, Q } from '../../src/algorithms/sm9/params.js';

export const b32 = (x: bigint): Uint8Array => bigIntToBytes(x, 32);

/** A random source that returns the given values in order, then fails the test. */
export function replay(...hexes: string[]): RandomSource {
  const queue = hexes.map((h) => fromHex(h));
  return (n: number) => {
    const v = queue.shift();
    if (v === undefined) throw new Error('replay: random source exhausted');
    if (v.length !== n) throw new Error(`replay: asked for ${n} bytes, have ${v.length}`);
    return v;
  };
}

/** A deterministic byte stream (SHA-256 in counter mode over a label): reproducible "random" data. */
export function stream(label: string): RandomSource {
  let ctr = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      const block = createHash('sha256').update(`${label}/${ctr++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - off)), off);
    }
    return out;
  };
}

/** A scalar in [1, N − 1] from a stream. */
export function scalarFrom(rand: RandomSource): bigint {
  const b = rand(40);
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return (v % (N - 1n)) + 1n;
}

/** Asserts that fn throws CryptoError with this code; returns the error message. */
export function throwsCode(fn: () => unknown, code: SdrName, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, code), `expected CryptoError ${code}, got ${String(e)}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** A copy of b with bit `bit` (0 = MSB of byte 0) flipped. */
export function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const c = b.slice();
  c[bit >> 3] ^= 0x80 >> (bit & 7);
  return c;
}

/**
 * A point of E'(Fq2) outside G2 (E' has order N·(2q − N), so almost every point is): x is tried
 * from a stream until x³ + 5u is a square.
 */
export function twistPointOutsideG2(label: string): G2Point {
  const rand = stream(label);
  for (;;) {
    const b = rand(64);
    const x: Fq2 = [BigInt('0x' + Buffer.from(b.subarray(0, 32)).toString('hex')) % Q, BigInt('0x' + Buffer.from(b.subarray(32)).toString('hex')) % Q];
    const rhs = fq2Add(fq2Mul(fq2Sqr(x), x), [0n, 5n]);
    const y = fq2SqrtVartime(rhs);
    if (y === null) continue;
    const p = G2.fromAffine({ x, y });
    assert.ok(G2.isOnCurve({ x, y }));
    if (!inG2Subgroup(p)) return p;
  }
}

/** The GM/T 0044.5 G1 generator's 04 ‖ x ‖ y with one coordinate bumped off the curve. */
export function offCurveG1(p: Uint8Array): Uint8Array {
  const c = p.slice();
  c[64] ^= 1;
  return c;
}
