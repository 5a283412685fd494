/**
 * 128-EIA3 (GM/T 0001.3-2012 / 3GPP EIA3): GM/T and 3GPP test sets, a bit-by-bit reference of
 * 3GPP Document 1 §4 over the ZUC-128 keystream for random bit lengths, bit-flip sensitivity, checks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Zuc128, eia3 } from '../../src/algorithms/zuc/index.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVectorsByAlg } from '../helpers/vectors.js';
import { bitAt, hex, rand, throwsCode, zWindow, zuc128File } from './util.js';

/** EIA3 exactly as 3GPP Document 1 §4 writes it, one message bit at a time. */
function eia3Reference(key: Uint8Array, count: number, bearer: number, dir: number, msg: Uint8Array, bits: number): string {
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setUint32(0, count);
  iv[4] = bearer << 3;
  iv.set(iv.subarray(0, 8), 8);
  iv[8] = iv[8]! ^ (dir << 7);
  iv[14] = iv[14]! ^ (dir << 7);
  const L = Math.ceil(bits / 32) + 2;
  const z = new Zuc128(key, iv).keystream(L);
  let t = 0;
  for (let i = 0; i < bits; i++) if (bitAt(msg, i)) t = (t ^ zWindow(z, i)) >>> 0;
  t = (t ^ zWindow(z, bits)) >>> 0;
  t = (t ^ z[L - 1]!) >>> 0;
  return t.toString(16).padStart(8, '0');
}

describe('128-EIA3 known answers', () => {
  test('GM/T 0001.3 test sets in test-vectors.json (zuc_eia3_1, zuc_eia3_2) give the published MACs', () => {
    const vs = gmVectorsByAlg('128-EIA3');
    for (const v of vs) {
      const mac = eia3(hex(v['key'] as string), Number(v['count']), v['bearer'] as number, v['direction'] as 0 | 1, hex(v['message'] as string), v['length_bits'] as number);
      assert.equal(toHex(mac), v['mac'], v.id);
    }
    assert.equal(vs.length, 2);
  });

  test('3GPP 128-EIA3 test sets 1-5 and Intel vectors 6-10 (1 to 5670 bits) give the published MACs', () => {
    const vs = zuc128File().eia3;
    for (const v of vs) {
      const mac = eia3(hex(v.key), Number(v.count), v.bearer, v.direction, hex(v.message), v.length_bits);
      assert.equal(toHex(mac), v.mac, v.id);
      assert.equal(eia3Reference(hex(v.key), Number(v.count), v.bearer, v.direction, hex(v.message), v.length_bits), v.mac, `${v.id} (reference)`);
    }
    assert.equal(vs.length, 10);
  });
});

describe('128-EIA3 properties', () => {
  test('word-at-a-time MAC equals the bit-by-bit definition for random inputs and bit lengths (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.nat({ max: 0xffffffff }),
        fc.nat({ max: 31 }),
        fc.constantFrom<0 | 1>(0, 1),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(),
        (key, count, bearer, dir, msg, r) => {
          const bits = r % (msg.length * 8 + 1);
          assert.equal(toHex(eia3(key, count, bearer, dir, msg, bits)), eia3Reference(key, count, bearer, dir, msg, bits));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('lengths around the 16-word keystream refill (480..576 bits, every bit) match the definition', () => {
    const key = rand(16);
    const msg = rand(80);
    let n = 0;
    for (let bits = 480; bits <= 576; bits++, n++) {
      assert.equal(toHex(eia3(key, 77, 3, 1, msg, bits)), eia3Reference(key, 77, 3, 1, msg, bits), `bits ${bits}`);
    }
    assert.equal(n, 97);
  });

  test('flipping any one message bit within LENGTH changes the MAC (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.nat(), (msg, r, f) => {
        const key = rand(16);
        const bits = 1 + (r % (msg.length * 8));
        const flip = f % bits;
        const other = msg.slice();
        other[flip >>> 3] = other[flip >>> 3]! ^ (0x80 >>> (flip & 7));
        assert.notDeepEqual(eia3(key, 1, 2, 0, other, bits), eia3(key, 1, 2, 0, msg, bits));
      }),
      { numRuns: 300 },
    );
  });

  test('bits after LENGTH do not affect the MAC', () => {
    const key = rand(16);
    const msg = rand(20);
    const other = msg.slice();
    other[12] = other[12]! ^ 0x0f; // bits 100..103; LENGTH = 100
    other[19] = other[19]! ^ 0xff;
    assert.deepEqual(eia3(key, 4, 4, 1, other, 100), eia3(key, 4, 4, 1, msg, 100));
  });

  test('the MAC is 4 bytes and lengthBits defaults to the whole message', () => {
    const key = rand(16);
    const msg = rand(99);
    const mac = eia3(key, 1, 1, 1, msg);
    assert.equal(mac.length, 4);
    assert.deepEqual(mac, eia3(key, 1, 1, 1, msg, 99 * 8));
  });

  test('COUNT, BEARER and DIRECTION each change the MAC', () => {
    const key = rand(16);
    const msg = rand(64);
    const base = toHex(eia3(key, 10, 10, 0, msg));
    assert.notEqual(toHex(eia3(key, 11, 10, 0, msg)), base);
    assert.notEqual(toHex(eia3(key, 10, 11, 0, msg)), base);
    assert.notEqual(toHex(eia3(key, 10, 10, 1, msg)), base);
  });
});

describe('128-EIA3 parameter checks', () => {
  const key = rand(16);
  const msg = rand(8);
  test('key not 16 bytes is SDR_KEYERR', () => {
    throwsCode(() => eia3(rand(8), 0, 0, 0, msg), 'SDR_KEYERR');
  });
  test('COUNT, BEARER, DIRECTION or LENGTH out of range is SDR_INARGERR', () => {
    throwsCode(() => eia3(key, 2 ** 32, 0, 0, msg), 'SDR_INARGERR');
    throwsCode(() => eia3(key, 0, 32, 0, msg), 'SDR_INARGERR');
    throwsCode(() => eia3(key, 0, 0, -1 as 0, msg), 'SDR_INARGERR');
    throwsCode(() => eia3(key, 0, 0, 0, msg, 65), 'SDR_INARGERR');
  });
  test('a non-Uint8Array message is a TypeError', () => {
    assert.throws(() => eia3(key, 0, 0, 0, 'abc' as unknown as Uint8Array), TypeError);
  });
});
