/**
 * ZUC-256 ("The ZUC-256 Stream Cipher", 2018): the paper's keystream and MAC vectors, Intel's
 * random-key vectors (23- and 25-byte IVs), equivalence of the two IV forms, a bit-by-bit MAC
 * reference, argument checks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Zuc256, zuc256Mac } from '../../src/algorithms/zuc/index.js';
import { initialise, load256, newState } from '../../src/algorithms/zuc/core.js';
import { keystreamWords } from '../../src/algorithms/zuc/_kernels.gen.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { bitAt, hex, packIv, rand, throwsCode, wordsHex, zWindow, zuc256Intel, zuc256Paper } from './util.js';

/** MAC loading constants restated from the paper's MAC section, d_0..d_15 per tag size. */
const PAPER_D: Record<32 | 64 | 128, number[]> = {
  32: [0b0100010, 0b0101111, 0b0100101, 0b0101010, 0b1101101, ...Array(8).fill(0b1000000), 0b1010010, 0b0010000, 0b0110000],
  64: [0b0100011, 0b0101111, 0b0100100, 0b0101010, 0b1101101, ...Array(8).fill(0b1000000), 0b1010010, 0b0010000, 0b0110000],
  128: [0b0100011, 0b0101111, 0b0100101, 0b0101010, 0b1101101, ...Array(8).fill(0b1000000), 0b1010010, 0b0010000, 0b0110000],
};

/** The ZUC-256 MAC exactly as the paper writes it, one message bit at a time (25-byte IV). */
function macReference(key: Uint8Array, iv25: Uint8Array, msg: Uint8Array, t: 32 | 64 | 128): string {
  const st = newState();
  load256(st, key, iv25.subarray(0, 17), iv25.subarray(17), PAPER_D[t]);
  initialise(st);
  const l = msg.length * 8;
  const words = Math.ceil((2 * t + l) / 32 / 16) * 16 + 16;
  const z = new Uint32Array(words);
  keystreamWords(st, z, 0, words / 16);
  const n = t / 32;
  const tag = Uint32Array.from({ length: n }, (_, w) => z[w]!);
  const xorWindow = (start: number): void => {
    for (let w = 0; w < n; w++) tag[w] = (tag[w]! ^ zWindow(z, start + 32 * w)) >>> 0;
  };
  for (let i = 0; i < l; i++) if (bitAt(msg, i)) xorWindow(t + i);
  xorWindow(t + l);
  return wordsHex(tag).join('');
}

const random25 = (): Uint8Array => Uint8Array.from([...rand(17), ...Array.from(rand(8), (b) => b & 0x3f)]);

describe('ZUC-256 keystream known answers', () => {
  test('paper vectors: all-zero and all-one key/IV give the published 20 words, with 25- and 23-byte IVs', () => {
    const vs = zuc256Paper().keystream;
    for (const v of vs) {
      for (const iv of [v.iv25, v.iv23]) {
        const z = new Zuc256(hex(v.key), hex(iv));
        assert.deepEqual(wordsHex(z.keystream(20)), v.keystream_words, `${v.id} iv ${iv.length / 2} bytes`);
      }
    }
    assert.equal(vs.length, 2);
  });

  test('intel-ipsec-mb ZUC-EEA3-256 vectors 1-10 (random keys, 23- and 25-byte IVs) give the published keystream', () => {
    const vs = zuc256Intel().keystream;
    for (const v of vs) {
      const z = new Zuc256(hex(v.key), hex(v.iv));
      assert.equal(toHex(z.xorKeystream(new Uint8Array(v.length_bits / 8))), v.keystream, v.id);
    }
    assert.equal(vs.length, 10);
    assert.equal(vs.filter((v) => v.iv.length === 46).length, 5);
  });
});

describe('ZUC-256 MAC known answers', () => {
  test('paper vectors: 4 key/IV/message cases × tags of 32, 64, 128 bits, with 25- and 23-byte IVs', () => {
    const vs = zuc256Paper().mac;
    let n = 0;
    for (const v of vs) {
      for (const [bits, tag] of [[32, v.tag32], [64, v.tag64], [128, v.tag128]] as const) {
        for (const iv of [v.iv25, v.iv23]) {
          assert.equal(toHex(zuc256Mac(hex(v.key), hex(iv), hex(v.message), bits)), tag, `${v.id} t=${bits}`);
          n++;
        }
        assert.equal(macReference(hex(v.key), hex(v.iv25), hex(v.message), bits), tag, `${v.id} t=${bits} reference`);
      }
    }
    assert.equal(n, 24);
  });

  test('intel-ipsec-mb ZUC-EIA3-256 vectors 1-36 give the published tags', () => {
    const vs = zuc256Intel().mac;
    const bySize = { 32: 0, 64: 0, 128: 0 };
    for (const v of vs) {
      assert.equal(v.length_bits % 8, 0);
      assert.equal(toHex(zuc256Mac(hex(v.key), hex(v.iv), hex(v.message), v.mac_bits)), v.tag, v.id);
      bySize[v.mac_bits]++;
    }
    assert.equal(vs.length, 36);
    assert.deepEqual(bySize, { 32: 12, 64: 12, 128: 12 });
  });
});

describe('ZUC-256 properties', () => {
  test('a 25-byte IV and its 23-byte packing give the same keystream and MACs (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 25, maxLength: 25 }), (key, raw) => {
        const iv25 = raw.map((b, i) => (i >= 17 ? b & 0x3f : b));
        const iv23 = packIv(iv25);
        assert.deepEqual(new Zuc256(key, iv25).keystream(20), new Zuc256(key, iv23).keystream(20));
        assert.deepEqual(zuc256Mac(key, iv25, raw, 64), zuc256Mac(key, iv23, raw, 64));
      }),
      { numRuns: 100 },
    );
  });

  test('the word-at-a-time MAC equals the bit-by-bit definition for random inputs and all tag sizes (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 130 }), fc.constantFrom<32 | 64 | 128>(32, 64, 128), (key, msg, t) => {
        const iv = random25();
        assert.equal(toHex(zuc256Mac(key, iv, msg, t)), macReference(key, iv, msg, t));
      }),
      { numRuns: 150 },
    );
  });

  test('messages around the keystream refill (60..72 bytes) match the definition for every tag size', () => {
    const key = rand(32);
    const iv = random25();
    let n = 0;
    for (let len = 60; len <= 72; len++) {
      const msg = rand(len);
      for (const t of [32, 64, 128] as const) {
        assert.equal(toHex(zuc256Mac(key, iv, msg, t)), macReference(key, iv, msg, t), `len ${len} t ${t}`);
        n++;
      }
    }
    assert.equal(n, 39);
  });

  test('flipping any one message bit changes every tag size (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), (msg, f) => {
        const key = rand(32);
        const iv = random25();
        const flip = f % (msg.length * 8);
        const other = msg.slice();
        other[flip >>> 3] = other[flip >>> 3]! ^ (0x80 >>> (flip & 7));
        for (const t of [32, 64, 128] as const) assert.notDeepEqual(zuc256Mac(key, iv, other, t), zuc256Mac(key, iv, msg, t));
      }),
      { numRuns: 100 },
    );
  });

  test('keystream and MAC generators differ (the MAC has its own loading constants)', () => {
    const key = rand(32);
    const iv = random25();
    const ks = new Zuc256(key, iv).keystream(1);
    assert.notEqual(toHex(zuc256Mac(key, iv, new Uint8Array(0), 32)), ks[0]!.toString(16).padStart(8, '0'));
  });

  test('the tag is macBits/8 bytes', () => {
    for (const t of [32, 64, 128] as const) assert.equal(zuc256Mac(rand(32), random25(), rand(10), t).length, t / 8);
  });
});

describe('ZUC-256 argument checks', () => {
  test('a key that is not 32 bytes is SDR_KEYERR', () => {
    throwsCode(() => new Zuc256(rand(16), random25()), 'SDR_KEYERR');
    throwsCode(() => zuc256Mac(rand(31), random25(), rand(1), 32), 'SDR_KEYERR');
  });

  test('an IV of neither 25 nor 23 bytes is SDR_INARGERR', () => {
    for (const n of [16, 22, 24, 26]) throwsCode(() => new Zuc256(rand(32), rand(n)), 'SDR_INARGERR');
  });

  test('a 25-byte IV with a value of 64 or more in bytes 17..24 is SDR_INARGERR', () => {
    for (let i = 17; i < 25; i++) {
      const iv = new Uint8Array(25);
      iv[i] = 0x40;
      throwsCode(() => new Zuc256(rand(32), iv), 'SDR_INARGERR');
    }
  });

  test('macBits other than 32, 64, 128 is a RangeError', () => {
    for (const t of [0, 16, 96, 256]) assert.throws(() => zuc256Mac(rand(32), random25(), rand(1), t as 32), RangeError);
  });

  test('after destroy every method throws TypeError', () => {
    const z = new Zuc256(rand(32), random25());
    z.destroy();
    assert.throws(() => z.nextWord(), TypeError);
    assert.throws(() => z.keystream(1), TypeError);
    assert.throws(() => z.xorKeystream(new Uint8Array(1)), TypeError);
  });

  test('Zuc256 stream semantics match Zuc128: nextWord, keystream and xorKeystream continue one stream', () => {
    const key = rand(32);
    const iv = random25();
    const ref = new Zuc256(key, iv).keystream(40);
    const z = new Zuc256(key, iv);
    assert.equal(z.nextWord(), ref[0]);
    assert.deepEqual(z.keystream(20), ref.subarray(1, 21));
    const bytes = z.xorKeystream(new Uint8Array(76));
    assert.deepEqual(bytes, new Uint8Array(Uint32Array.from(ref.subarray(21, 40), (w) => ((w >>> 24) | ((w >>> 8) & 0xff00) | ((w << 8) & 0xff0000) | (w << 24)) >>> 0).buffer));
  });
});
