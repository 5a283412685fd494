/**
 * SHA-256 / SHA-384 behind HashFunction: FIPS 180-4 example answers, incremental use and
 * clones, cross-checked against @noble/hashes (an independent implementation).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sha256 as nobleSha256, sha384 as nobleSha384 } from '@noble/hashes/sha2.js';
import { sha256, sha384 } from '../../src/algorithms/legacy/index.js';
import { toHex, utf8 } from '../../src/algorithms/internal/bytes.js';

// FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values": SHA256.pdf, SHA384.pdf,
// SHA2_Additional.pdf for the empty and million-'a' messages).
const KAT = [
  { fn: sha256, msg: 'abc', md: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  { fn: sha256, msg: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', md: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1' },
  { fn: sha256, msg: '', md: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { fn: sha384, msg: 'abc', md: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7' },
  {
    fn: sha384,
    msg: 'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
    md: '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039',
  },
  { fn: sha384, msg: '', md: '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b' },
];

describe('sha256 / sha384', () => {
  test('FIPS 180-4 example digests', () => {
    for (const k of KAT) assert.equal(toHex(k.fn(utf8(k.msg))), k.md, `${k.fn.name}(${JSON.stringify(k.msg)})`);
    assert.equal(KAT.length, 6);
  });

  test('one million "a" (FIPS 180-4 additional examples), fed in uneven chunks', () => {
    const chunk = new Uint8Array(9999).fill(0x61);
    for (const [fn, md] of [
      [sha256, 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
      [sha384, '9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985'],
    ] as const) {
      const h = fn.create();
      let left = 1_000_000;
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        h.update(chunk.subarray(0, n));
        left -= n;
      }
      assert.equal(toHex(h.digest()), md, fn.name);
    }
  });

  test('declares its sizes', () => {
    assert.deepEqual([sha256.name, sha256.outputLen, sha256.blockLen], ['sha256', 32, 64]);
    assert.deepEqual([sha384.name, sha384.outputLen, sha384.blockLen], ['sha384', 48, 128]);
    assert.equal(sha256.create().outputLen, 32);
    assert.equal(sha384.create().blockLen, 128);
  });

  test('incremental over any split equals one-shot, and both equal @noble/hashes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(600), { maxLength: 5 }), (data, cuts) => {
        for (const [fn, ref] of [[sha256, nobleSha256], [sha384, nobleSha384]] as const) {
          const h = fn.create();
          let prev = 0;
          for (const c of [...cuts.map((x) => Math.min(x, data.length))].sort((a, b) => a - b)) {
            h.update(data.subarray(prev, c));
            prev = c;
          }
          h.update(data.subarray(prev));
          const want = ref(data);
          assert.deepEqual(h.digest(), want);
          assert.deepEqual(fn(data), want);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('clone() forks the state: both continue independently', () => {
    const a = sha256.create().update(utf8('ab'));
    const b = a.clone();
    a.update(utf8('c'));
    b.update(utf8('d'));
    assert.equal(toHex(a.digest()), toHex(sha256(utf8('abc'))));
    assert.equal(toHex(b.digest()), toHex(sha256(utf8('abd'))));
  });

  test('a finished hash refuses further use (TypeError)', () => {
    const h = sha384.create();
    h.digest();
    assert.throws(() => h.digest(), TypeError);
    assert.throws(() => h.update(new Uint8Array(1)), TypeError);
    assert.throws(() => h.clone(), TypeError);
    assert.throws(() => sha256('abc' as unknown as Uint8Array), TypeError);
  });
});
