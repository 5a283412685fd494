/**
 * HMAC-SM3: all Wycheproof hmac_sm3_test.json cases, node:crypto differential (keys shorter
 * than, equal to and longer than the 64-byte block), incremental use, clone, misuse.
 *
 * Truncated tags (Wycheproof groups with tagSize 128): a tag of t bits is the leftmost t bits
 * of the full 256-bit HMAC (RFC 2104 §5); verification compares the first tagSize/8 bytes of
 * our tag with the given tag in constant time.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHmacSm3, hmacSm3 } from '../../src/algorithms/sm3/index.js';
import { ctEqual, toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVectorsByAlg, wycheproof } from '../helpers/vectors.js';
import { hex, nodeHmacSm3, rand } from './util.js';

/** Verification as a caller would do it: recompute, truncate, compare in constant time. */
function verifies(key: Uint8Array, msg: Uint8Array, tag: Uint8Array, tagBytes: number): boolean {
  return tag.length === tagBytes && ctEqual(hmacSm3(key, msg).subarray(0, tagBytes), tag);
}

describe('HMAC-SM3 known answers', () => {
  test('Wycheproof hmac_sm3_test.json: 174 cases, 66 valid accepted (full and 128-bit tags), 108 invalid rejected', () => {
    const file = wycheproof('hmac_sm3_test.json');
    assert.equal(file.numberOfTests, 174);
    let valid = 0;
    let invalid = 0;
    let truncated = 0;
    for (const g of file.testGroups) {
      const tagBytes = g.tagSize / 8;
      for (const t of g.tests) {
        const key = hex(t.key);
        const msg = hex(t.msg);
        const tag = hex(t.tag);
        assert.equal(key.length * 8, g.keySize, `tc ${t.tcId}`);
        if (t.result === 'valid') {
          assert.equal(toHex(hmacSm3(key, msg).subarray(0, tagBytes)), t.tag, `tc ${t.tcId}`);
          assert.ok(verifies(key, msg, tag, tagBytes), `tc ${t.tcId}`);
          valid++;
          if (tagBytes < 32) truncated++;
        } else if (t.result === 'invalid') {
          assert.ok(!verifies(key, msg, tag, tagBytes), `tc ${t.tcId}`);
          invalid++;
        } else {
          assert.fail(`tc ${t.tcId}: unexpected result ${t.result}`);
        }
      }
    }
    assert.deepEqual({ valid, invalid, truncated }, { valid: 66, invalid: 108, truncated: 33 });
  });

  test('the HMAC-SM3 entries of test-vectors.json (Wycheproof tcId 1-3) match', () => {
    const vs = gmVectorsByAlg('HMAC-SM3');
    for (const v of vs) assert.equal(toHex(hmacSm3(hex(v['key'] as string), hex(v['msg'] as string))), v['tag'], v.id);
    assert.equal(vs.length, 3);
  });
});

describe('HMAC-SM3 against node:crypto', () => {
  test('keys of 0..200 bytes (below, at and above the 64-byte block) and random messages agree', () => {
    let n = 0;
    for (let kl = 0; kl <= 200; kl++) {
      const key = rand(kl);
      const msg = rand((kl * 7) % 300);
      assert.deepEqual(hmacSm3(key, msg), nodeHmacSm3(key, msg), `key ${kl} bytes`);
      n++;
    }
    assert.equal(n, 201);
  });

  test('random keys and messages agree (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 500 }), (key, msg) => {
        assert.deepEqual(hmacSm3(key, msg), nodeHmacSm3(key, msg));
      }),
      { numRuns: 200 },
    );
  });
});

describe('HMAC-SM3 incremental use', () => {
  test('any chunking equals the one-shot tag (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 400 }), fc.nat({ max: 400 }), (key, msg, cut) => {
        const c = Math.min(cut, msg.length);
        const tag = createHmacSm3(key).update(msg.subarray(0, c)).update(msg.subarray(c)).digest();
        assert.deepEqual(tag, nodeHmacSm3(key, msg));
      }),
      { numRuns: 150 },
    );
  });

  test('one keyed object cloned per message MACs each message independently', () => {
    const key = rand(80);
    const keyed = createHmacSm3(key);
    const msgs = [rand(0), rand(10), rand(64), rand(300)];
    for (const m of msgs) assert.deepEqual(keyed.clone().update(m).digest(), nodeHmacSm3(key, m));
    assert.deepEqual(keyed.digest(), nodeHmacSm3(key, new Uint8Array(0)));
  });

  test('a clone taken mid-message continues independently', () => {
    const key = rand(32);
    const a = rand(50);
    const b = rand(20);
    const h = createHmacSm3(key).update(a);
    const c = h.clone().update(b);
    assert.deepEqual(h.digest(), nodeHmacSm3(key, a));
    assert.deepEqual(c.digest(), nodeHmacSm3(key, new Uint8Array([...a, ...b])));
  });

  test('digest twice, update or clone after digest are refused with TypeError', () => {
    const h = createHmacSm3(rand(16)).update(rand(3));
    assert.equal(h.digest().length, 32);
    assert.throws(() => h.digest(), TypeError);
    assert.throws(() => h.update(rand(1)), TypeError);
    assert.throws(() => h.clone(), TypeError);
  });

  test('a non-Uint8Array key or message is a TypeError', () => {
    assert.throws(() => hmacSm3('k' as unknown as Uint8Array, rand(1)), TypeError);
    assert.throws(() => hmacSm3(rand(1), 'm' as unknown as Uint8Array), TypeError);
    assert.throws(() => createHmacSm3(null as unknown as Uint8Array), TypeError);
  });
});
