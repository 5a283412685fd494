/**
 * SM3 (GM/T 0004-2012): the standard's examples, node:crypto differential across lengths and
 * block boundaries, streaming in any chunking, clone independence, use after digest, self-test.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm3, selfTest } from '../../src/algorithms/sm3/index.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVectorsByAlg } from '../helpers/vectors.js';
import { ascii, hex, nodeSm3, rand } from './util.js';

describe('SM3 known answers', () => {
  test('GM/T 0004-2012 Annex A examples (sm3_abc, sm3_abcd_x16) hash to the published digests', () => {
    const vectors = gmVectorsByAlg('SM3').filter((v) => v.id.startsWith('sm3_'));
    let n = 0;
    for (const v of vectors) {
      const msg = hex(v['msg_hex'] as string);
      assert.deepEqual(msg, ascii(v['msg_ascii'] as string), v.id);
      assert.equal(toHex(sm3(msg)), v['digest'], v.id);
      assert.equal(toHex(sm3.create().update(msg).digest()), v['digest'], v.id);
      n++;
    }
    assert.equal(n, 2);
  });

  test('the empty message hashes to the digest node:crypto gives', () => {
    assert.deepEqual(sm3(new Uint8Array(0)), nodeSm3(new Uint8Array(0)));
    assert.equal(toHex(sm3(new Uint8Array(0))), '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });

  test('the hash function describes itself: name sm3, 32-byte output, 64-byte blocks', () => {
    assert.equal(sm3.name, 'sm3');
    assert.equal(sm3.outputLen, 32);
    assert.equal(sm3.blockLen, 64);
    const h = sm3.create();
    assert.equal(h.outputLen, 32);
    assert.equal(h.blockLen, 64);
    assert.ok(Object.isFrozen(sm3));
  });

  test('selfTest passes', () => {
    assert.doesNotThrow(() => selfTest());
  });
});

describe('SM3 against node:crypto', () => {
  test('one-shot and incremental equal node:crypto for every length 0..300 and random lengths up to 1000', () => {
    const lengths = [...Array.from({ length: 301 }, (_, i) => i), ...Array.from({ length: 100 }, () => Math.floor(Math.random() * 1001))];
    let n = 0;
    for (const len of lengths) {
      const m = rand(len);
      const want = nodeSm3(m);
      assert.deepEqual(sm3(m), want, `len ${len}`);
      assert.deepEqual(sm3.create().update(m).digest(), want, `len ${len}`);
      n++;
    }
    assert.equal(n, 401);
  });

  test('lengths at the padding and block boundaries (55, 56, 63, 64, 65, 119, 120, 127, 128, 129) agree', () => {
    const lengths = [55, 56, 63, 64, 65, 119, 120, 127, 128, 129];
    for (const len of lengths) {
      const m = rand(len);
      assert.deepEqual(sm3(m), nodeSm3(m), `len ${len}`);
      const h = sm3.create();
      for (let i = 0; i < len; i++) h.update(m.subarray(i, i + 1));
      assert.deepEqual(h.digest(), nodeSm3(m), `byte-at-a-time len ${len}`);
    }
    assert.equal(lengths.length, 10);
  });

  test('a 1 MiB message and a message at an unaligned offset of a larger buffer agree', () => {
    const big = rand(1 << 20);
    assert.deepEqual(sm3(big), nodeSm3(big));
    const view = big.subarray(3, 3 + 4099);
    assert.deepEqual(sm3(view), nodeSm3(view));
    assert.deepEqual(sm3.create().update(view).digest(), nodeSm3(view));
  });
});

describe('SM3 incremental hashing', () => {
  test('any chunking of the input gives the one-shot digest (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat({ max: 600 }), { maxLength: 8 }), (msg, cuts) => {
        const h = sm3.create();
        let prev = 0;
        for (const c of cuts.map((x) => Math.min(x, msg.length)).sort((a, b) => a - b)) {
          h.update(msg.subarray(prev, c));
          prev = c;
        }
        h.update(msg.subarray(prev));
        assert.deepEqual(h.digest(), nodeSm3(msg));
      }),
      { numRuns: 300 },
    );
  });

  test('a clone continues independently of its source', () => {
    const prefix = rand(100);
    const a = rand(37);
    const b = rand(91);
    const base = sm3.create().update(prefix);
    const copy = base.clone();
    assert.deepEqual(copy.update(a).digest(), nodeSm3(prefix, a));
    assert.deepEqual(base.clone().update(b).digest(), nodeSm3(prefix, b));
    assert.deepEqual(base.digest(), nodeSm3(prefix));
  });

  test('updating a clone leaves the source untouched, and the reverse', () => {
    const base = sm3.create().update(rand(70));
    const before = base.clone().digest();
    const c = base.clone();
    c.update(rand(200));
    assert.deepEqual(base.clone().digest(), before);
    base.update(rand(5));
    assert.notDeepEqual(c.clone().digest(), base.clone().digest());
  });

  test('update returns the same object, so calls chain', () => {
    const h = sm3.create();
    assert.equal(h.update(rand(3)), h);
  });

  test('digest twice, update or clone after digest are refused with TypeError', () => {
    const h = sm3.create().update(rand(10));
    h.digest();
    assert.throws(() => h.digest(), TypeError);
    assert.throws(() => h.update(rand(1)), TypeError);
    assert.throws(() => h.clone(), TypeError);
  });

  test('a non-Uint8Array input is a TypeError', () => {
    assert.throws(() => sm3('abc' as unknown as Uint8Array), TypeError);
    assert.throws(() => sm3.create().update([1, 2] as unknown as Uint8Array), TypeError);
  });

  test('a Buffer is accepted and hashed as its bytes', () => {
    const m = rand(77);
    assert.deepEqual(sm3(Buffer.from(m)), nodeSm3(m));
  });
});
