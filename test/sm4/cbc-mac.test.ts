/**
 * SM4 CBC-MAC (SDF SGD_SM4_MAC): the last block of node:crypto's SM4-CBC encryption, one-shot
 * and incremental, and its length rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm4CbcMac, createSm4CbcMac } from '../../src/algorithms/sm4/index.js';
import { nodeEcb } from './reference.js';
import { nodeSm4, rand, throwsCode } from './util.js';

describe('SM4 CBC-MAC', () => {
  test('equals the last block of node sm4-cbc (no padding) for 1..64 blocks', () => {
    let n = 0;
    for (let blocks = 1; blocks <= 64; blocks++) {
      const key = rand(16);
      const iv = rand(16);
      const data = rand(16 * blocks);
      const cbc = nodeSm4('cbc', key, iv, data, false);
      assert.deepEqual(sm4CbcMac(key, iv, data), cbc.subarray(cbc.length - 16));
      n++;
    }
    assert.equal(n, 64);
  });

  test('with a zero IV and one block it is the SM4 encryption of that block', () => {
    const key = rand(16);
    const block = rand(16);
    assert.deepEqual(sm4CbcMac(key, new Uint8Array(16), block), nodeEcb(key, block));
  });

  test('incremental updates in any chunking equal the one-shot MAC (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 192 }), { maxLength: 6 }),
        (key, blocks, cuts) => {
          const iv = new Uint8Array(16);
          const data = Uint8Array.from({ length: 16 * blocks }, (_, i) => (i * 5 + blocks) & 255);
          const mac = createSm4CbcMac(key, iv);
          let prev = 0;
          for (const c of cuts.filter((x) => x <= data.length).sort((a, b) => a - b)) {
            mac.update(data.subarray(prev, c));
            prev = c;
          }
          mac.update(data.subarray(prev));
          assert.deepEqual(mac.digest(), sm4CbcMac(key, iv, data));
        },
      ),
      { numRuns: 100 },
    );
  });

  test('data that is empty or not a multiple of 16 bytes is SDR_INARGERR', () => {
    const key = rand(16);
    const iv = rand(16);
    for (const n of [0, 1, 15, 17, 33]) throwsCode(() => sm4CbcMac(key, iv, new Uint8Array(n)), 'SDR_INARGERR');
    const mac = createSm4CbcMac(key, iv);
    mac.update(new Uint8Array(20));
    throwsCode(() => mac.digest(), 'SDR_INARGERR');
  });

  test('bad key and IV lengths: SDR_KEYERR and SDR_INARGERR', () => {
    throwsCode(() => sm4CbcMac(rand(15), rand(16), rand(16)), 'SDR_KEYERR');
    throwsCode(() => sm4CbcMac(rand(16), rand(12), rand(16)), 'SDR_INARGERR');
    throwsCode(() => createSm4CbcMac(rand(16), rand(17)), 'SDR_INARGERR');
  });

  test('a finished MAC refuses further use', () => {
    const mac = createSm4CbcMac(rand(16), rand(16));
    mac.update(rand(16)).digest();
    assert.throws(() => mac.update(rand(16)), TypeError);
    assert.throws(() => mac.digest(), TypeError);
  });
});
