/**
 * PBKDF2-HMAC-SM3 (RFC 8018 §5.2) against node:crypto pbkdf2Sync(..., 'sm3'), and its
 * parameter rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import fc from 'fast-check';
import { pbkdf2HmacSm3 } from '../../src/algorithms/sm3/index.js';
import { ascii, rand } from './util.js';

const nodePbkdf2 = (pw: Uint8Array, salt: Uint8Array, c: number, len: number): Uint8Array =>
  new Uint8Array(pbkdf2Sync(pw, salt, c, len, 'sm3'));

describe('PBKDF2-HMAC-SM3', () => {
  test('agrees with node:crypto over a grid of iteration counts, output lengths and password sizes', () => {
    const cases: [number, number, number][] = [
      // [iterations, dkLen, password length]
      [1, 1, 8],
      [1, 32, 8],
      [2, 32, 0],
      [2, 33, 64],
      [3, 64, 65],
      [10, 100, 100],
      [1000, 32, 16],
      [4096, 20, 12],
      [1, 1000, 5],
    ];
    for (const [c, len, pl] of cases) {
      const pw = rand(pl);
      const salt = rand(16);
      assert.deepEqual(pbkdf2HmacSm3(pw, salt, c, len), nodePbkdf2(pw, salt, c, len), `c=${c} len=${len} pw=${pl}`);
    }
    assert.equal(cases.length, 9);
  });

  test('the RFC 6070-style inputs "password"/"salt" agree with node:crypto for c = 1, 2, 4096', () => {
    for (const c of [1, 2, 4096]) {
      assert.deepEqual(pbkdf2HmacSm3(ascii('password'), ascii('salt'), c, 32), nodePbkdf2(ascii('password'), ascii('salt'), c, 32));
    }
  });

  test('random passwords, salts, small counts and lengths agree (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 130 }),
        (pw, salt, c, len) => {
          assert.deepEqual(pbkdf2HmacSm3(pw, salt, c, len), nodePbkdf2(pw, salt, c, len));
        },
      ),
      { numRuns: 100 },
    );
  });

  test('iterations < 1 or fractional, and dkLen < 1 or fractional, are RangeErrors', () => {
    const pw = rand(4);
    const salt = rand(4);
    for (const c of [0, -1, 1.5, Number.NaN]) assert.throws(() => pbkdf2HmacSm3(pw, salt, c, 32), RangeError, `c=${c}`);
    for (const len of [0, -3, 2.5, Number.NaN, (2 ** 32 - 1) * 32 + 1]) {
      assert.throws(() => pbkdf2HmacSm3(pw, salt, 1, len), RangeError, `len=${len}`);
    }
  });

  test('a non-Uint8Array password or salt is a TypeError', () => {
    assert.throws(() => pbkdf2HmacSm3('pw' as unknown as Uint8Array, rand(4), 1, 32), TypeError);
    assert.throws(() => pbkdf2HmacSm3(rand(4), 'salt' as unknown as Uint8Array, 1, 32), TypeError);
  });
});
