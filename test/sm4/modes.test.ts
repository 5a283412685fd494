/**
 * The unauthenticated modes (ECB, CBC, CFB, OFB, CTR): published vectors, node:crypto
 * (OpenSSL) differentials on random keys, IVs and lengths, round trips, and the error contract.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm4Ecb, sm4Cbc, sm4Cfb, sm4Ofb, sm4Ctr, createSm4Cipher } from '../../src/algorithms/sm4/index.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVector } from '../helpers/vectors.js';
import { hex, nodeSm4, rand, throwsCode, type NodeMode } from './util.js';

const streamApis = { cfb: sm4Cfb, ofb: sm4Ofb, ctr: sm4Ctr } as const;

describe('published vectors (GmSSL / draft-ribose-cfrg-sm4, via test-vectors.json)', () => {
  const cases: [string, (k: Uint8Array, iv: Uint8Array, p: Uint8Array) => Uint8Array, (k: Uint8Array, iv: Uint8Array, c: Uint8Array) => Uint8Array][] = [
    ['sm4_cbc_1', (k, iv, p) => sm4Cbc.encrypt(k, iv, p, { padding: 'none' }), (k, iv, c) => sm4Cbc.decrypt(k, iv, c, { padding: 'none' })],
    ['sm4_ctr_1', sm4Ctr.encrypt, sm4Ctr.decrypt],
    ['sm4_ofb_1', sm4Ofb.encrypt, sm4Ofb.decrypt],
    ['sm4_cfb_1', sm4Cfb.encrypt, sm4Cfb.decrypt],
  ];
  let ran = 0;
  for (const [id, enc, dec] of cases) {
    test(`${id}: encrypts to the published ciphertext and decrypts back`, () => {
      const v = gmVector(id);
      const key = hex(v['key'] as string);
      const iv = hex(v['iv'] as string);
      assert.equal(toHex(enc(key, iv, hex(v['plaintext'] as string))), v['ciphertext']);
      assert.equal(toHex(dec(key, iv, hex(v['ciphertext'] as string))), v['plaintext']);
      ran++;
    });
  }
  test('sm4_example_1 through sm4Ecb without padding', () => {
    const v = gmVector('sm4_example_1');
    const key = hex(v['key'] as string);
    assert.equal(toHex(sm4Ecb.encrypt(key, hex(v['plaintext'] as string), { padding: 'none' })), v['ciphertext']);
    assert.equal(toHex(sm4Ecb.decrypt(key, hex(v['ciphertext'] as string), { padding: 'none' })), v['plaintext']);
    ran++;
  });
  test('all five vectors ran', () => assert.equal(ran, 5));
});

describe('node:crypto differentials on random keys, IVs and lengths', () => {
  const lengths = [0, 1, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, 4096 + 7];

  test('ECB and CBC with PKCS#7 (node default auto-padding), both directions', () => {
    let n = 0;
    for (const len of lengths) {
      const key = rand(16);
      const iv = rand(16);
      const data = rand(len);
      const ecb = sm4Ecb.encrypt(key, data);
      assert.deepEqual(ecb, nodeSm4('ecb', key, null, data, false, true));
      assert.deepEqual(sm4Ecb.decrypt(key, ecb), data);
      const cbc = sm4Cbc.encrypt(key, iv, data);
      assert.deepEqual(cbc, nodeSm4('cbc', key, iv, data, false, true));
      assert.deepEqual(sm4Cbc.decrypt(key, iv, cbc), nodeSm4('cbc', key, iv, cbc, true, true));
      n++;
    }
    assert.equal(n, lengths.length);
  });

  test('ECB and CBC without padding (setAutoPadding(false)), both directions', () => {
    let n = 0;
    for (const blocks of [0, 1, 2, 3, 17, 64, 257]) {
      const key = rand(16);
      const iv = rand(16);
      const data = rand(16 * blocks);
      assert.deepEqual(sm4Ecb.encrypt(key, data, { padding: 'none' }), nodeSm4('ecb', key, null, data, false));
      assert.deepEqual(sm4Ecb.decrypt(key, data, { padding: 'none' }), nodeSm4('ecb', key, null, data, true));
      assert.deepEqual(sm4Cbc.encrypt(key, iv, data, { padding: 'none' }), nodeSm4('cbc', key, iv, data, false));
      assert.deepEqual(sm4Cbc.decrypt(key, iv, data, { padding: 'none' }), nodeSm4('cbc', key, iv, data, true));
      n++;
    }
    assert.equal(n, 7);
  });

  test('CFB, OFB and CTR at every length, both directions', () => {
    let n = 0;
    for (const mode of ['cfb', 'ofb', 'ctr'] as const) {
      for (const len of lengths) {
        const key = rand(16);
        const iv = rand(16);
        const data = rand(len);
        assert.deepEqual(streamApis[mode].encrypt(key, iv, data), nodeSm4(mode, key, iv, data, false), `${mode} enc ${len}`);
        assert.deepEqual(streamApis[mode].decrypt(key, iv, data), nodeSm4(mode, key, iv, data, true), `${mode} dec ${len}`);
        n++;
      }
    }
    assert.equal(n, 3 * lengths.length);
  });

  test('CTR carries across all 128 bits of the counter block, as OpenSSL does', () => {
    const ivs = [
      'ffffffffffffffffffffffffffffffff', // wraps to zero
      '000102030405060708090a0bfffffffe', // carry out of the low word
      '0001020304050607fffffffffffffffd', // carry across two words
      '00000000ffffffffffffffffffffffff',
    ];
    for (const ivHex of ivs) {
      const key = rand(16);
      const data = rand(16 * 5 + 3);
      assert.deepEqual(sm4Ctr.encrypt(key, hex(ivHex), data), nodeSm4('ctr', key, hex(ivHex), data, false), ivHex);
    }
  });
});

describe('round trips', () => {
  test('every mode decrypts what it encrypts (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 300 }),
        (key, iv, data) => {
          assert.deepEqual(sm4Ecb.decrypt(key, sm4Ecb.encrypt(key, data)), data);
          assert.deepEqual(sm4Cbc.decrypt(key, iv, sm4Cbc.encrypt(key, iv, data)), data);
          for (const api of Object.values(streamApis)) assert.deepEqual(api.decrypt(key, iv, api.encrypt(key, iv, data)), data);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('PKCS#7 adds a whole block when the input is already block-aligned', () => {
    const key = rand(16);
    assert.equal(sm4Ecb.encrypt(key, new Uint8Array(32)).length, 48);
    assert.equal(sm4Ecb.encrypt(key, new Uint8Array(0)).length, 16);
    assert.equal(sm4Cbc.encrypt(key, rand(16), new Uint8Array(31)).length, 32);
  });

  test('inputs are not modified', () => {
    const key = rand(16);
    const iv = rand(16);
    const data = rand(64);
    const copy = data.slice();
    sm4Cbc.encrypt(key, iv, data);
    sm4Cbc.decrypt(key, iv, data, { padding: 'none' });
    sm4Ctr.encrypt(key, iv, data);
    assert.deepEqual(data, copy);
  });
});

describe('multi-part (createSm4Cipher)', () => {
  type Case = { mode: NodeMode; padding?: 'pkcs7' | 'none'; whole: boolean };
  const cases: Case[] = [
    { mode: 'ecb', padding: 'pkcs7', whole: false },
    { mode: 'ecb', padding: 'none', whole: true },
    { mode: 'cbc', padding: 'pkcs7', whole: false },
    { mode: 'cbc', padding: 'none', whole: true },
    { mode: 'cfb', whole: false },
    { mode: 'ofb', whole: false },
    { mode: 'ctr', whole: false },
  ];

  function runChunks(mode: NodeMode, key: Uint8Array, iv: Uint8Array | undefined, data: Uint8Array, cuts: number[], decrypt: boolean, padding?: 'pkcs7' | 'none'): Uint8Array {
    const c = createSm4Cipher(mode, key, iv, padding === undefined ? { decrypt } : { decrypt, padding });
    const parts: Uint8Array[] = [];
    let prev = 0;
    for (const cut of [...cuts.filter((x) => x <= data.length)].sort((a, b) => a - b)) {
      parts.push(c.update(data.subarray(prev, cut)));
      prev = cut;
    }
    parts.push(c.update(data.subarray(prev)));
    parts.push(c.final());
    return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
  }

  for (const cs of cases) {
    test(`${cs.mode}${cs.padding ? ' ' + cs.padding : ''}: any chunking equals node one-shot, both directions (fast-check)`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
          fc.integer({ min: 0, max: 200 }),
          fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 8 }),
          (key, ivRaw, len, cuts) => {
            const size = cs.whole ? len - (len % 16) : len;
            const data = Uint8Array.from({ length: size }, (_, i) => (i * 7 + len) & 255);
            const iv = cs.mode === 'ecb' ? undefined : ivRaw;
            const pad = cs.padding === 'pkcs7';
            const ct = runChunks(cs.mode, key, iv, data, cuts, false, cs.padding);
            assert.deepEqual(ct, nodeSm4(cs.mode, key, iv ?? null, data, false, pad));
            assert.deepEqual(runChunks(cs.mode, key, iv, ct, cuts, true, cs.padding), data);
          },
        ),
        { numRuns: 120 },
      );
    });
  }

  test('decrypting with padding holds the last block back until final()', () => {
    const key = rand(16);
    const iv = rand(16);
    const ct = sm4Cbc.encrypt(key, iv, rand(32)); // 48 bytes
    const d = createSm4Cipher('cbc', key, iv, { decrypt: true });
    assert.equal(d.update(ct.subarray(0, 32)).length, 16);
    assert.equal(d.update(ct.subarray(32)).length, 16);
    assert.equal(d.final().length, 0);
  });

  test('a finished or destroyed cipher refuses further use', () => {
    const c = createSm4Cipher('ctr', rand(16), rand(16));
    c.final();
    assert.throws(() => c.update(new Uint8Array(1)), TypeError);
    assert.throws(() => c.final(), TypeError);
    const d = createSm4Cipher('ecb', rand(16), undefined);
    d.destroy();
    assert.throws(() => d.update(new Uint8Array(16)), TypeError);
  });

  test('unknown modes and bad options are programmer errors', () => {
    assert.throws(() => createSm4Cipher('gcm' as NodeMode, rand(16), rand(16)), TypeError);
    assert.throws(() => createSm4Cipher('toString' as NodeMode, rand(16), rand(16)), TypeError);
    assert.throws(() => createSm4Cipher('ctr', rand(16), rand(16), { padding: 'pkcs7' }), RangeError);
    assert.throws(() => createSm4Cipher('cbc', rand(16), rand(16), { padding: 'zero' as 'none' }), TypeError);
  });
});

describe('error contract', () => {
  const key = rand(16);
  const iv = rand(16);

  test('keys that are not 16 bytes are SDR_KEYERR in every mode', () => {
    for (const bad of [new Uint8Array(0), new Uint8Array(15), new Uint8Array(24)]) {
      throwsCode(() => sm4Ecb.encrypt(bad, new Uint8Array(16)), 'SDR_KEYERR');
      throwsCode(() => sm4Cbc.decrypt(bad, iv, new Uint8Array(16)), 'SDR_KEYERR');
      for (const api of Object.values(streamApis)) throwsCode(() => api.encrypt(bad, iv, new Uint8Array(3)), 'SDR_KEYERR');
      throwsCode(() => createSm4Cipher('cbc', bad, iv), 'SDR_KEYERR');
    }
  });

  test('IVs that are not 16 bytes are SDR_INARGERR; ECB refuses an IV', () => {
    for (const bad of [new Uint8Array(0), new Uint8Array(12), new Uint8Array(17)]) {
      throwsCode(() => sm4Cbc.encrypt(key, bad, new Uint8Array(16)), 'SDR_INARGERR');
      for (const api of Object.values(streamApis)) throwsCode(() => api.decrypt(key, bad, new Uint8Array(3)), 'SDR_INARGERR');
      throwsCode(() => createSm4Cipher('ofb', key, bad), 'SDR_INARGERR');
    }
    throwsCode(() => createSm4Cipher('ecb', key, iv), 'SDR_INARGERR');
    assert.throws(() => sm4Cbc.encrypt(key, undefined as unknown as Uint8Array, new Uint8Array(16)), TypeError);
  });

  test("padding 'none' with a partial block is SDR_INARGERR (one-shot and at final())", () => {
    throwsCode(() => sm4Ecb.encrypt(key, new Uint8Array(17), { padding: 'none' }), 'SDR_INARGERR');
    throwsCode(() => sm4Cbc.decrypt(key, iv, new Uint8Array(20), { padding: 'none' }), 'SDR_INARGERR');
    const c = createSm4Cipher('cbc', key, iv, { padding: 'none' });
    c.update(new Uint8Array(20));
    throwsCode(() => c.final(), 'SDR_INARGERR');
  });

  test('ciphertext that is empty or not whole blocks is SDR_INARGERR when unpadding', () => {
    throwsCode(() => sm4Ecb.decrypt(key, new Uint8Array(0)), 'SDR_INARGERR');
    throwsCode(() => sm4Cbc.decrypt(key, iv, new Uint8Array(33)), 'SDR_INARGERR');
    const d = createSm4Cipher('ecb', key, undefined, { decrypt: true });
    throwsCode(() => d.final(), 'SDR_INARGERR');
  });

  test('malformed PKCS#7 padding is SDR_SYMOPERR (pad 0, pad > 16, inconsistent bytes)', () => {
    const blocks = [
      hex('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa00'), // pad byte 0
      hex('11111111111111111111111111111111'), // pad 17
      hex('aaaaaaaaaaaaaaaaaaaaaaaa04050404'), // pad 4 with a wrong byte inside
      hex('0f101010101010101010101010101010'), // pad 16 with a wrong first byte
    ];
    let n = 0;
    for (const plain of blocks) {
      const ct = sm4Cbc.encrypt(key, iv, plain, { padding: 'none' });
      throwsCode(() => sm4Cbc.decrypt(key, iv, ct), 'SDR_SYMOPERR');
      const d = createSm4Cipher('cbc', key, iv, { decrypt: true });
      d.update(ct);
      throwsCode(() => d.final(), 'SDR_SYMOPERR');
      n++;
    }
    assert.equal(n, 4);
  });

  test('every valid padding length 1..16 is accepted', () => {
    for (let p = 1; p <= 16; p++) {
      const plain = Uint8Array.from({ length: 16 }, (_, i) => (i >= 16 - p ? p : 0xaa));
      const ct = sm4Ecb.encrypt(key, plain, { padding: 'none' });
      assert.equal(sm4Ecb.decrypt(key, ct).length, 16 - p);
    }
  });

  test('non-Uint8Array data is a TypeError', () => {
    assert.throws(() => sm4Ctr.encrypt(key, iv, 'abc' as unknown as Uint8Array), TypeError);
    assert.throws(() => sm4Ecb.encrypt(key, [1, 2, 3] as unknown as Uint8Array), TypeError);
  });
});
