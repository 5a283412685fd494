/**
 * ZUC on the native engine against the TypeScript reference: ZUC-128 keystream, 128-EEA3 and
 * 128-EIA3 (GM/T 0001-2012; 3GPP Document 3 test sets and Intel's EIA3 vectors), ZUC-256
 * keystream and MAC (the 2018 paper's vectors and intel-ipsec-mb's), bit-for-bit agreement on
 * random keys, parameters and bit lengths, and misuse that must raise typed errors, never crash.
 *
 * The MAC behaviours run under each kernel the CPU offers (testingForcePath: portable C
 * multiplications with holes, PCLMULQDQ, VPCLMULQDQ + GFNI), then under 'auto'. Without the
 * addon or its zuc family the suite is skipped with the reason.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Zuc128, Zuc256, eea3, eia3, zuc256Mac } from '../../src/algorithms/zuc/index.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { CryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { loadAddon } from '../../src/engine/native/loader.js';
import { nativeZuc, type NativeZucOps, type ZucAddon } from '../../src/engine/native/zuc.js';
import { gmVectorsByAlg } from '../helpers/vectors.js';
import { hex, rand, wordsHex, zuc128File, zuc256Intel, zuc256Paper } from '../zuc/util.js';

const load = loadAddon();
const raw = load.addon?.zuc as ZucAddon | undefined;
const ops: NativeZucOps | undefined = load.addon && raw ? nativeZuc(load.addon) : undefined;
const skip = ops ? false : (load.reason ?? 'the native addon has no zuc family');
const PATHS = ['portable', 'pclmul', 'vpclmul', 'auto'] as const;
const EDGE_BYTES = [0, 1, 15, 16, 17, 63, 64, 65, 1023, 1024, 1025, 4095, 4096, 65537];

/** The same error (class, SDR code and message) from both calls. */
function sameError(native: () => unknown, reference: () => unknown): void {
  let want: unknown;
  try {
    reference();
  } catch (e) {
    want = e;
  }
  assert.ok(want instanceof Error, 'the reference call must throw');
  assert.throws(native, (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.constructor, (want as Error).constructor);
    assert.equal(e.message, (want as Error).message);
    if (want instanceof CryptoError) assert.equal((e as CryptoError).code, want.code);
    return true;
  });
}

function throwsCode(fn: () => unknown, code: SdrName): void {
  assert.throws(fn, (e: unknown) => e instanceof CryptoError && e.code === code);
}

function detached(n: number): Uint8Array {
  const buf = new ArrayBuffer(n);
  const view = new Uint8Array(buf);
  structuredClone(buf, { transfer: [buf] });
  return view;
}

const random25 = (): Uint8Array => Uint8Array.from([...rand(17), ...Array.from(rand(8), (b) => b & 0x3f)]);

describe('native ZUC', { skip }, () => {
  const o = ops!;
  after(() => o.testingForcePath('auto'));

  describe('keystream and 128-EEA3 (portable generator on every CPU)', () => {
    test('GM/T 0001.1 Annex A and 3GPP Document 3 ZUC tests give the published words', () => {
      const gm = gmVectorsByAlg('ZUC-128 keystream');
      for (const v of gm) {
        assert.deepEqual(wordsHex(o.zuc128Keystream(hex(v['key'] as string), hex(v['iv'] as string), 2)), v['keystream_words'], v.id);
      }
      const gp = zuc128File().keystream;
      for (const v of gp) assert.deepEqual(wordsHex(o.zuc128Keystream(hex(v.key), hex(v.iv), v.keystream_words.length)), v.keystream_words, v.id);
      assert.deepEqual([gm.length, gp.length], [3, 4]);
    });

    test('GM/T 0001.2 and 3GPP 128-EEA3 test sets 1-5 encrypt and decrypt', () => {
      const vs = [
        ...gmVectorsByAlg('128-EEA3').map((v) => ({ id: v.id, key: v['key'] as string, count: Number(v['count']), bearer: v['bearer'] as number,
          direction: v['direction'] as 0 | 1, bits: v['length_bits'] as number, pt: v['plaintext'] as string, ct: v['ciphertext'] as string })),
        ...zuc128File().eea3.map((v) => ({ id: v.id, key: v.key, count: Number(v.count), bearer: v.bearer, direction: v.direction,
          bits: v.length_bits, pt: v.plaintext, ct: v.ciphertext })),
      ];
      for (const v of vs) {
        assert.equal(toHex(o.eea3(hex(v.key), v.count, v.bearer, v.direction, hex(v.pt), v.bits)), v.ct, v.id);
        assert.equal(toHex(o.eea3(hex(v.key), v.count, v.bearer, v.direction, hex(v.ct), v.bits)), v.pt, v.id);
      }
      assert.equal(vs.length, 7);
    });

    test('ZUC-128 keystreams of 0..200 words for random keys and IVs agree with TypeScript', () => {
      for (let n = 0; n <= 200; n += 7) {
        const key = rand(16);
        const iv = rand(16);
        assert.deepEqual(o.zuc128Keystream(key, iv, n), new Zuc128(key, iv).keystream(n), `${n} words`);
      }
    });

    test('EEA3 on edge lengths (0, 1, 15..17, 63..65, 1023..1025, 4095, 4096, 65537 bytes) agrees with TypeScript', () => {
      for (const n of EDGE_BYTES) {
        const key = rand(16);
        const m = rand(n);
        assert.deepEqual(o.eea3(key, 0x12345678, 5, 1, m), eea3(key, 0x12345678, 5, 1, m), `${n} bytes`);
      }
      assert.equal(EDGE_BYTES.length, 14);
    });

    test('EEA3 agrees with TypeScript for random keys, parameters and bit lengths (fast-check)', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 16, maxLength: 16 }),
          fc.nat({ max: 0xffffffff }),
          fc.nat({ max: 31 }),
          fc.constantFrom<0 | 1>(0, 1),
          fc.uint8Array({ maxLength: 1200 }),
          fc.nat(),
          (key, count, bearer, dir, msg, r) => {
            const bits = r % (msg.length * 8 + 1);
            assert.deepEqual(o.eea3(key, count, bearer, dir, msg, bits), eea3(key, count, bearer, dir, msg, bits));
          },
        ),
        { numRuns: 300 },
      );
    });

    test('ZUC-256 paper and intel-ipsec-mb keystreams (25- and 23-byte IVs) give the published values', () => {
      const paper = zuc256Paper().keystream;
      for (const v of paper) {
        for (const iv of [v.iv25, v.iv23]) assert.deepEqual(wordsHex(o.zuc256Keystream(hex(v.key), hex(iv), 20)), v.keystream_words, v.id);
      }
      const intel = zuc256Intel().keystream;
      for (const v of intel) assert.equal(toHex(o.zuc256Xor(hex(v.key), hex(v.iv), new Uint8Array(v.length_bits / 8))), v.keystream, v.id);
      assert.deepEqual([paper.length, intel.length], [2, 10]);
    });

    test('ZUC-256 keystream XOR agrees with TypeScript for random keys, both IV forms and odd lengths', () => {
      for (const n of [0, 1, 3, 63, 64, 257, 1000]) {
        const key = rand(32);
        const iv = n % 2 === 0 ? random25() : rand(23);
        const data = rand(n);
        assert.deepEqual(o.zuc256Xor(key, iv, data), new Zuc256(key, iv).xorKeystream(data), `${n} bytes`);
      }
    });
  });

  for (const path of PATHS) {
    const available = o.testingForcePath(path);
    describe(`MAC with the ${path} kernel`, { skip: available ? false : `the ${path} kernel is not available on this CPU` }, () => {
      test(`forcing the ${path} kernel takes effect`, () => {
        assert.equal(o.testingForcePath(path), true);
        if (path === 'portable') assert.equal(o.describe(), 'mac=portable');
        if (path === 'pclmul') assert.equal(o.describe(), 'mac=pclmulqdq');
        if (path === 'vpclmul') assert.equal(o.describe(), 'mac=vpclmulqdq+gfni');
      });

      test('GM/T 0001.3 and 3GPP/Intel 128-EIA3 vectors (1 to 5670 bits) give the published MACs', () => {
        const vs = [
          ...gmVectorsByAlg('128-EIA3').map((v) => ({ id: v.id, key: v['key'] as string, count: Number(v['count']), bearer: v['bearer'] as number,
            direction: v['direction'] as 0 | 1, bits: v['length_bits'] as number, msg: v['message'] as string, mac: v['mac'] as string })),
          ...zuc128File().eia3.map((v) => ({ id: v.id, key: v.key, count: Number(v.count), bearer: v.bearer, direction: v.direction,
            bits: v.length_bits, msg: v.message, mac: v.mac })),
        ];
        for (const v of vs) assert.equal(toHex(o.eia3(hex(v.key), v.count, v.bearer, v.direction, hex(v.msg), v.bits)), v.mac, v.id);
        assert.equal(vs.length, 12);
      });

      test('EIA3 on edge lengths (0, 1, 15..17, 63..65, 1023..1025, 4095, 4096, 65537 bytes) agrees with TypeScript', () => {
        for (const n of EDGE_BYTES) {
          const key = rand(16);
          const m = rand(n);
          assert.deepEqual(o.eia3(key, 99, 17, 0, m), eia3(key, 99, 17, 0, m), `${n} bytes`);
        }
      });

      test('EIA3 agrees with TypeScript for random keys, parameters and bit lengths (fast-check)', () => {
        fc.assert(
          fc.property(
            fc.uint8Array({ minLength: 16, maxLength: 16 }),
            fc.nat({ max: 0xffffffff }),
            fc.nat({ max: 31 }),
            fc.constantFrom<0 | 1>(0, 1),
            fc.uint8Array({ maxLength: 1500 }),
            fc.nat(),
            (key, count, bearer, dir, msg, r) => {
              const bits = r % (msg.length * 8 + 1);
              assert.deepEqual(o.eia3(key, count, bearer, dir, msg, bits), eia3(key, count, bearer, dir, msg, bits));
            },
          ),
          { numRuns: 300 },
        );
      });

      test('EIA3 around the keystream refill of the kernel (8150..8230 bits, every bit) agrees with TypeScript', () => {
        const key = rand(16);
        const msg = rand(1030);
        let n = 0;
        for (let bits = 8150; bits <= 8230; bits++, n++) assert.deepEqual(o.eia3(key, 1, 2, 1, msg, bits), eia3(key, 1, 2, 1, msg, bits), `${bits} bits`);
        assert.equal(n, 81);
      });

      test('ZUC-256 MAC: paper vectors (4 cases x 3 tag sizes x 2 IV forms) and intel-ipsec-mb vectors 1-36', () => {
        let n = 0;
        for (const v of zuc256Paper().mac) {
          for (const [bits, tag] of [[32, v.tag32], [64, v.tag64], [128, v.tag128]] as const) {
            for (const iv of [v.iv25, v.iv23]) {
              assert.equal(toHex(o.zuc256Mac(hex(v.key), hex(iv), hex(v.message), bits)), tag, `${v.id} t=${bits}`);
              n++;
            }
          }
        }
        const intel = zuc256Intel().mac;
        for (const v of intel) assert.equal(toHex(o.zuc256Mac(hex(v.key), hex(v.iv), hex(v.message), v.mac_bits)), v.tag, v.id);
        assert.deepEqual([n, intel.length], [24, 36]);
      });

      test('ZUC-256 MAC agrees with TypeScript for random inputs, all tag sizes and lengths across a refill', () => {
        for (const len of [0, 1, 3, 4, 63, 64, 65, 1020, 1023, 1024, 1025, 1100, 3000]) {
          const key = rand(32);
          const iv = len % 2 === 0 ? random25() : rand(23);
          const msg = rand(len);
          for (const t of [32, 64, 128] as const) assert.deepEqual(o.zuc256Mac(key, iv, msg, t), zuc256Mac(key, iv, msg, t), `${len} bytes t=${t}`);
        }
      });
    });
  }

  describe('misuse', () => {
    const key = rand(16);
    const msg = rand(8);

    test('EEA3/EIA3 argument errors are the TypeScript backend errors (same class, code and message)', () => {
      for (const [fn, ref] of [[o.eea3, eea3], [o.eia3, eia3]] as const) {
        sameError(() => fn(rand(17), 0, 0, 0, msg), () => ref(rand(17), 0, 0, 0, msg));
        sameError(() => fn('k' as unknown as Uint8Array, 0, 0, 0, msg), () => ref('k' as unknown as Uint8Array, 0, 0, 0, msg));
        sameError(() => fn(key, 0, 0, 0, 'm' as unknown as Uint8Array), () => ref(key, 0, 0, 0, 'm' as unknown as Uint8Array));
        for (const c of [-1, 2 ** 32, 1.5, NaN]) sameError(() => fn(key, c, 0, 0, msg), () => ref(key, c, 0, 0, msg));
        for (const b of [-1, 32, 0.5]) sameError(() => fn(key, 0, b, 0, msg), () => ref(key, 0, b, 0, msg));
        sameError(() => fn(key, 0, 0, 2 as 0, msg), () => ref(key, 0, 0, 2 as 0, msg));
        for (const bits of [65, -1, 3.5, Infinity]) sameError(() => fn(key, 0, 0, 0, msg, bits), () => ref(key, 0, 0, 0, msg, bits));
      }
      throwsCode(() => o.eia3(rand(8), 0, 0, 0, msg), 'SDR_KEYERR');
    });

    test('ZUC-256 argument errors are the TypeScript backend errors', () => {
      sameError(() => o.zuc256Mac(rand(32), random25(), rand(1), 96 as 32), () => zuc256Mac(rand(32), random25(), rand(1), 96 as 32));
      sameError(() => o.zuc256Mac(rand(31), random25(), rand(1), 32), () => zuc256Mac(rand(31), random25(), rand(1), 32));
      sameError(() => o.zuc256Mac(rand(32), rand(24), rand(1), 32), () => zuc256Mac(rand(32), rand(24), rand(1), 32));
      const bad = random25();
      bad[20] = 0x40;
      sameError(() => o.zuc256Mac(rand(32), bad, rand(1), 64), () => zuc256Mac(rand(32), bad, rand(1), 64));
      sameError(() => o.zuc256Xor(rand(32), bad, rand(1)), () => new Zuc256(rand(32), bad));
      sameError(() => o.zuc256Mac(rand(32), random25(), null as unknown as Uint8Array, 32), () => zuc256Mac(rand(32), random25(), null as unknown as Uint8Array, 32));
    });

    test('detached buffers behave as in the TypeScript backend', () => {
      sameError(() => o.eea3(detached(16), 0, 0, 0, msg), () => eea3(detached(16), 0, 0, 0, msg));
      assert.deepEqual(o.eia3(key, 1, 1, 1, detached(8)), eia3(key, 1, 1, 1, detached(8)));
      assert.deepEqual(o.eea3(key, 1, 1, 1, detached(8)), eea3(key, 1, 1, 1, detached(8)));
      sameError(() => o.eia3(key, 1, 1, 1, detached(8), 8), () => eia3(key, 1, 1, 1, detached(8), 8));
    });

    test('the raw addon rejects bad types, lengths and ranges with TypeError or RangeError', () => {
      const a = raw!;
      const k = rand(16);
      const data = rand(10);
      const errors = [TypeError, RangeError];
      const out = new Uint8Array(64);
      const P = (count: number, bearer: number, direction: number, bits: number): Uint32Array => Uint32Array.of(count, bearer, direction, bits);
      const calls: (() => unknown)[] = [
        () => a.eea3(rand(15), data, P(0, 0, 0, 8), out),
        () => a.eea3(k, data, P(0, 32, 0, 8), out),
        () => a.eea3(k, data, P(0, 0, 2, 8), out),
        () => a.eea3(k, data, P(0, 0, 0, 81), out),
        () => a.eea3(k, data, Uint32Array.of(0, 0, 0), out),
        () => a.eea3(k, data, [0, 0, 0, 8] as unknown as Uint32Array, out),
        () => a.eea3(k, data, P(0, 0, 0, 80), new Uint8Array(9)),
        () => a.eea3(k, data, P(0, 0, 0, 80), detached(64)),
        () => a.eia3(k, new Uint16Array(5) as unknown as Uint8Array, P(0, 0, 0, 8)),
        () => a.eia3(k, 'x' as unknown as Uint8Array, P(0, 0, 0, 0)),
        () => a.eia3(k, data, new Float64Array(4) as unknown as Uint32Array),
        () => a.eia3(k, detached(10), P(0, 0, 0, 8)),
        () => a.keystream128(k, rand(15), new Uint32Array(4)),
        () => a.keystream128(k, rand(16), new Uint8Array(4) as unknown as Uint32Array),
        () => a.keystream256(rand(32), rand(24), new Uint32Array(4)),
        () => a.xor256(rand(32), Uint8Array.from({ length: 25 }, () => 0xff), data, out),
        () => a.xor128(k, rand(16), data, new Uint8Array(9)),
        () => a.mac256(rand(32), rand(23), data, 96, out),
        () => a.mac256(rand(16), rand(23), data, 32, out),
        () => a.mac256(rand(32), rand(23), data, 128, new Uint8Array(15)),
        () => a.testingForcePath('avx9'),
      ];
      for (const [i, c] of calls.entries()) assert.throws(c, (e: unknown) => errors.some((E) => e instanceof E), `call ${i}`);
      assert.equal(calls.length, 21);
    });
  });
});
