/**
 * SM3, HMAC-SM3 and the SM3 KDF against sm-crypto-v2, an independent pure-JS implementation
 * (node:crypto, the main reference, has no SM2 KDF).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { hmacSm3, sm3, sm3Kdf } from '../../src/algorithms/sm3/index.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';

interface SmCryptoV2 {
  sm3(msg: Uint8Array, opts?: { key: Uint8Array; mode: 'hmac' }): string;
  kdf(z: Uint8Array, keylen: number): Uint8Array;
}
const v2 = createRequire(import.meta.url)('sm-crypto-v2') as SmCryptoV2;

describe('SM3 family against sm-crypto-v2', () => {
  test('SM3 digests agree (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (m) => {
        assert.equal(toHex(sm3(m)), v2.sm3(m));
      }),
      { numRuns: 100 },
    );
  });

  test('HMAC-SM3 tags agree, including keys longer than the block (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 130 }), fc.uint8Array({ maxLength: 300 }), (key, m) => {
        assert.equal(toHex(hmacSm3(key, m)), v2.sm3(m, { key, mode: 'hmac' }));
      }),
      { numRuns: 100 },
    );
  });

  test('the KDF agrees for Z of 1..200 bytes and klen of 1..300 bytes (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 300 }), (z, klen) => {
        assert.equal(toHex(sm3Kdf(z, klen)), toHex(v2.kdf(z, klen)));
      }),
      { numRuns: 100 },
    );
  });
});
