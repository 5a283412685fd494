/**
 * ZUC-128 keystream generator (GM/T 0001.1-2012): the standard's and 3GPP's keystream tests,
 * stream semantics (words and bytes continue across calls), argument checks, self-test.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Zuc128, selfTest } from '../../src/algorithms/zuc/index.js';
import { gmVectorsByAlg } from '../helpers/vectors.js';
import { hex, rand, throwsCode, wordsHex, zuc128File } from './util.js';

describe('ZUC-128 known answers', () => {
  test('GM/T 0001.1 Annex A tests 1-3 (zuc128_keystream_1..3) give the published words', () => {
    const vs = gmVectorsByAlg('ZUC-128 keystream');
    for (const v of vs) {
      const z = new Zuc128(hex(v['key'] as string), hex(v['iv'] as string));
      assert.deepEqual(wordsHex(z.keystream(2)), v['keystream_words'], v.id);
    }
    assert.equal(vs.length, 3);
  });

  test('3GPP Document 3 ZUC tests 1-4 give the published first two words', () => {
    const vs = zuc128File().keystream;
    for (const v of vs) {
      const z = new Zuc128(hex(v.key), hex(v.iv));
      assert.deepEqual(wordsHex(z.keystream(v.keystream_words.length)), v.keystream_words, v.id);
    }
    assert.equal(vs.length, 4);
  });

  test('selfTest passes', () => {
    assert.doesNotThrow(() => selfTest());
  });
});

describe('ZUC-128 stream semantics', () => {
  const key = hex('3d4c4be96a82fdaeb58f641db17b455b');
  const iv = hex('84319aa8de6915ca1f6bda6bfbd8c766');
  const reference = new Zuc128(key, iv).keystream(200);
  const refBytes = new Uint8Array(800);
  reference.forEach((w, i) => new DataView(refBytes.buffer).setUint32(4 * i, w));

  test('nextWord returns the same words as keystream(n), in order', () => {
    const z = new Zuc128(key, iv);
    for (let i = 0; i < 40; i++) assert.equal(z.nextWord(), reference[i], `word ${i}`);
  });

  test('keystream(n) in any split continues the same word sequence (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { maxLength: 8 }), (sizes) => {
        const z = new Zuc128(key, iv);
        let at = 0;
        for (const n of sizes) {
          if (at + n > 200) break;
          assert.deepEqual(z.keystream(n), reference.subarray(at, at + n));
          at += n;
        }
      }),
      { numRuns: 100 },
    );
  });

  test('xorKeystream of zeros is the big-endian keystream bytes, in any chunking (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 150 }), { maxLength: 8 }), (sizes) => {
        const z = new Zuc128(key, iv);
        let at = 0;
        for (const n of sizes) {
          if (at + n > 800) break;
          assert.deepEqual(z.xorKeystream(new Uint8Array(n)), refBytes.subarray(at, at + n));
          at += n;
        }
      }),
      { numRuns: 100 },
    );
  });

  test('after an odd number of bytes, nextWord returns the next 4 stream bytes', () => {
    const z = new Zuc128(key, iv);
    z.xorKeystream(new Uint8Array(3));
    const w = z.nextWord();
    assert.equal(w, new DataView(refBytes.buffer).getUint32(3));
    assert.deepEqual(z.keystream(17), Uint32Array.from({ length: 17 }, (_, i) => new DataView(refBytes.buffer).getUint32(7 + 4 * i)));
  });

  test('long inputs at unaligned offsets XOR the keystream the word API gives (block path)', () => {
    const big = rand(3000);
    for (const [off, len] of [[1, 700], [3, 2048], [5, 777], [2, 256]] as const) {
      const words = new Zuc128(key, iv).keystream(Math.ceil(len / 4));
      const ks = new Uint8Array(words.length * 4);
      words.forEach((w, i) => new DataView(ks.buffer).setUint32(4 * i, w));
      const view = big.subarray(off, off + len);
      assert.deepEqual(new Zuc128(key, iv).xorKeystream(view), view.map((b, i) => b ^ ks[i]!), `off ${off} len ${len}`);
    }
  });

  test('xorKeystream twice restores the data (encrypt then decrypt with a fresh generator)', () => {
    const data = rand(1000);
    const c = new Zuc128(key, iv).xorKeystream(data);
    assert.notDeepEqual(c, data);
    assert.deepEqual(new Zuc128(key, iv).xorKeystream(c), data);
  });

  test('xorKeystream returns a fresh array and leaves its input unchanged', () => {
    const data = rand(70);
    const copy = data.slice();
    const out = new Zuc128(key, iv).xorKeystream(data);
    assert.notEqual(out, data);
    assert.deepEqual(data, copy);
  });
});

describe('ZUC-128 argument checks', () => {
  test('a key that is not 16 bytes is SDR_KEYERR; an IV that is not 16 bytes is SDR_INARGERR', () => {
    throwsCode(() => new Zuc128(rand(15), rand(16)), 'SDR_KEYERR');
    throwsCode(() => new Zuc128(rand(32), rand(16)), 'SDR_KEYERR');
    throwsCode(() => new Zuc128(rand(16), rand(15)), 'SDR_INARGERR');
  });

  test('a negative, fractional or huge word count is a RangeError', () => {
    const z = new Zuc128(rand(16), rand(16));
    for (const n of [-1, 1.5, Number.NaN, 2 ** 28 + 1]) assert.throws(() => z.keystream(n), RangeError, String(n));
  });

  test('after destroy every method throws TypeError', () => {
    const z = new Zuc128(rand(16), rand(16));
    z.destroy();
    assert.throws(() => z.nextWord(), TypeError);
    assert.throws(() => z.keystream(1), TypeError);
    assert.throws(() => z.xorKeystream(new Uint8Array(1)), TypeError);
  });
});
