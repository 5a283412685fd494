/**
 * SM3 and HMAC-SM3 against the OpenSSL 3 command line (`openssl dgst`), on random messages and
 * keys, for every engine backend.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../../src/engine/index.js';
import { bytes, hex, lengths, sameBytes } from './cases.js';
import { opensslOk, opensslUnavailable } from './openssl.js';

const skip = opensslUnavailable();

/** Lengths around SM3's padding boundary (a 64-byte block holds 55 bytes plus 0x80 and the length). */
const PADDING_EDGES = [55, 56, 63, 64, 65, 119, 120, 128];

for (const backend of availableBackends()) {
  describe(`SM3 (${backend.name} backend) = \`openssl dgst -sm3\``, { skip }, () => {
    test('digests of random messages: edge lengths, padding boundaries and 8 random lengths up to 5000 bytes', () => {
      const all = [...lengths(8, 5000), ...PADDING_EDGES];
      for (const len of all) {
        const m = bytes(len);
        sameBytes(backend.sm3.digest(m), opensslOk(['dgst', '-sm3', '-binary'], m), `SM3 of ${len} bytes ${hex(m)}`);
      }
      assert.equal(all.length, 6 + 8 + PADDING_EDGES.length);
    });

    test('HMAC-SM3 under random keys of 1 to 100 bytes (shorter, equal to and longer than the 64-byte block)', () => {
      // OpenSSL refuses an empty hexkey; the empty key is checked against Bouncy Castle instead.
      const keyLengths = [1, 16, 32, 63, 64, 65, 100, 1 + Math.floor(Math.random() * 100)];
      let n = 0;
      for (const kl of keyLengths) {
        for (const len of [0, 17, 64, 1000, Math.floor(Math.random() * 300)]) {
          const key = bytes(kl), m = bytes(len);
          const theirs = opensslOk(['dgst', '-sm3', '-mac', 'HMAC', '-macopt', `hexkey:${hex(key)}`, '-binary'], m);
          sameBytes(backend.sm3.hmac(key, m), theirs, `HMAC-SM3 key ${hex(key)} message ${hex(m)}`);
          n++;
        }
      }
      assert.equal(n, keyLengths.length * 5);
    });
  });
}
