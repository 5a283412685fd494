/**
 * SM3 on the native engine against the TypeScript reference (GM/T 0004-2012): bit-for-bit
 * agreement on random messages and on lengths at every padding and block boundary, batch
 * hashing with unequal lengths, the incremental hash, HMAC-SM3 (GM/T vectors and every
 * Wycheproof hmac_sm3_test.json case), and misuse that must raise typed errors, never crash.
 *
 * Every behaviour is checked under each kernel path the CPU offers (testingForcePath:
 * portable C, bmi2, avx2 with the 8-lane multi-buffer kernel, avx512 with the 16-lane one),
 * then under 'auto'. Without the addon or its sm3 family the suite is skipped with the reason.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sm3, hmacSm3 } from '../../src/algorithms/sm3/index.js';
import { fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { loadAddon } from '../../src/engine/native/loader.js';
import { nativeSm3, type NativeSm3Ops, type Sm3Addon } from '../../src/engine/native/sm3.js';
import { gmVectorsByAlg, wycheproof } from '../helpers/vectors.js';

const load = loadAddon();
const raw = load.addon?.sm3 as Sm3Addon | undefined;
const ops: NativeSm3Ops | undefined = load.addon && raw ? nativeSm3(load.addon) : undefined;
const skip = ops ? false : (load.reason ?? 'the native addon has no sm3 family');

const rand = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const EDGE_LENGTHS = [0, 1, 15, 16, 17, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 4095, 4096, 65537];
const PATHS = ['portable', 'bmi2', 'avx2', 'avx512', 'auto'] as const;

function detached(n: number): Uint8Array {
  const buf = new ArrayBuffer(n);
  const view = new Uint8Array(buf);
  structuredClone(buf, { transfer: [buf] });
  return view;
}

describe('native SM3', { skip }, () => {
  const o = ops!;
  after(() => o.testingForcePath('auto'));

  for (const path of PATHS) {
    const available = o.testingForcePath(path);
    describe(`${path} kernels`, { skip: available ? false : `the ${path} path is not available on this CPU` }, () => {
      // Suites run one after another: force this path before the first test of the suite.
      test(`forcing the ${path} path takes effect`, () => {
        assert.equal(o.testingForcePath(path), true);
        if (path === 'portable') assert.equal(o.describe(), 'compress=portable many=serial');
        if (path === 'avx512') assert.equal(o.describe(), 'compress=avx512 many=x16/x32');
        if (path === 'avx2') assert.equal(o.describe(), 'compress=avx2 many=x8');
      });

      test('GM/T 0004-2012 Annex A examples hash to the published digests', () => {
        const vs = gmVectorsByAlg('SM3').filter((v) => v.id.startsWith('sm3_'));
        for (const v of vs) assert.equal(toHex(o.digest(fromHex(v['msg_hex'] as string))), v['digest'], v.id);
        assert.equal(vs.length, 2);
      });

      test('edge lengths (0, 1, 15..17, 55, 56, 63..65, 119..129, 4095, 4096, 65537) agree with TypeScript', () => {
        for (const n of EDGE_LENGTHS) {
          const m = rand(n);
          assert.deepEqual(o.digest(m), sm3(m), `len ${n}`);
        }
        assert.equal(EDGE_LENGTHS.length, 18);
      });

      test('every length 0..300 and random lengths up to 20000 agree with TypeScript', () => {
        let n = 0;
        const lengths = [...Array.from({ length: 301 }, (_, i) => i), ...Array.from({ length: 60 }, () => Math.floor(Math.random() * 20001))];
        for (const len of lengths) {
          const m = rand(len);
          assert.deepEqual(o.digest(m), sm3(m), `len ${len}`);
          n++;
        }
        assert.equal(n, 361);
      });

      test('a message at an unaligned offset of a larger buffer hashes as its own bytes', () => {
        const big = rand(70000);
        for (const [off, len] of [[1, 64], [3, 4099], [7, 65537], [63, 128]] as const) {
          const view = big.subarray(off, off + len);
          assert.deepEqual(o.digest(view), sm3(view), `offset ${off} len ${len}`);
        }
      });

      test('digestBatch of 1..40 and 63..70 messages of unequal lengths (0..2000) equals one digest each, in order', () => {
        let batches = 0;
        for (const size of [...Array.from({ length: 40 }, (_, i) => i + 1), 63, 64, 65, 70]) {
          const msgs = Array.from({ length: size }, () => rand(Math.floor(Math.random() * 2001)));
          const got = o.digestBatch(msgs);
          assert.equal(got.length, size);
          got.forEach((d, i) => assert.deepEqual(d, sm3(msgs[i]!), `batch ${size} message ${i} (${msgs[i]!.length} bytes)`));
          batches++;
        }
        assert.equal(batches, 44);
      });

      test('digestBatch handles empty messages, block-boundary lengths and a long message among short ones', () => {
        const msgs = [0, 55, 56, 64, 0, 119, 65537, 1, 128, 0, 63, 64, 65, 4096, 3, 0, 200, 120].map((n) => rand(n));
        assert.deepEqual(o.digestBatch(msgs), msgs.map((m) => sm3(m)));
        assert.deepEqual(o.digestBatch([]), []);
      });

      test('HMAC-SM3: the GM/T file entries and all 174 Wycheproof cases (66 valid, 108 invalid) behave as TypeScript', () => {
        const gm = gmVectorsByAlg('HMAC-SM3');
        for (const v of gm) assert.equal(toHex(o.hmac(fromHex(v['key'] as string), fromHex(v['msg'] as string))), v['tag'], v.id);
        assert.equal(gm.length, 3);
        const file = wycheproof('hmac_sm3_test.json');
        let valid = 0;
        let invalid = 0;
        for (const g of file.testGroups) {
          const tagBytes = g.tagSize / 8;
          for (const t of g.tests) {
            const tag = toHex(o.hmac(fromHex(t.key), fromHex(t.msg)).subarray(0, tagBytes));
            if (t.result === 'valid') {
              assert.equal(tag, t.tag, `tc ${t.tcId}`);
              valid++;
            } else {
              assert.notEqual(tag, t.tag, `tc ${t.tcId}`);
              invalid++;
            }
          }
        }
        assert.deepEqual({ valid, invalid }, { valid: 66, invalid: 108 });
      });

      test('HMAC-SM3 with keys of 0..150 bytes and random messages agrees with TypeScript', () => {
        for (let kl = 0; kl <= 150; kl++) {
          const key = rand(kl);
          const msg = rand((kl * 37) % 700);
          assert.deepEqual(o.hmac(key, msg), hmacSm3(key, msg), `key ${kl} bytes`);
        }
      });

      test('incremental hashing in any chunking equals the one-shot digest (fast-check)', () => {
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat({ max: 700 }), { maxLength: 10 }), (msg, cuts) => {
            const h = o.create();
            let prev = 0;
            for (const c of cuts.map((x) => Math.min(x, msg.length)).sort((x, y) => x - y)) {
              h.update(msg.subarray(prev, c));
              prev = c;
            }
            h.update(msg.subarray(prev));
            assert.deepEqual(h.digest(), sm3(msg));
          }),
          { numRuns: 200 },
        );
      });

      test('updates crossing the 64-byte JS buffer of the hash object give the one-shot digest', () => {
        for (const [a, b] of [[64, 0], [63, 1], [64, 1], [1, 64], [30, 34], [0, 65], [10, 200]] as const) {
          const m = rand(a + b);
          assert.deepEqual(o.create().update(m.subarray(0, a)).update(m.subarray(a)).digest(), sm3(m), `${a} + ${b}`);
          const h = o.create().update(m.subarray(0, a));
          const c = h.clone();
          assert.deepEqual(c.update(m.subarray(a)).digest(), sm3(m), `clone ${a} + ${b}`);
          assert.deepEqual(h.digest(), sm3(m.subarray(0, a)), `prefix ${a}`);
        }
      });

      test('byte-at-a-time updates across two blocks give the one-shot digest', () => {
        const m = rand(150);
        const h = o.create();
        for (let i = 0; i < m.length; i++) h.update(m.subarray(i, i + 1));
        assert.deepEqual(h.digest(), sm3(m));
      });
    });
  }

  describe('incremental hash object', () => {
    test('describes itself: 32-byte output, 64-byte blocks', () => {
      const h = o.create();
      assert.equal(h.outputLen, 32);
      assert.equal(h.blockLen, 64);
    });

    test('a clone continues independently of its source (prefix caching)', () => {
      const prefix = rand(100);
      const a = rand(37);
      const b = rand(91);
      const base = o.create().update(prefix);
      const copy = base.clone();
      assert.deepEqual(copy.update(a).digest(), sm3(Uint8Array.from([...prefix, ...a])));
      assert.deepEqual(base.clone().update(b).digest(), sm3(Uint8Array.from([...prefix, ...b])));
      assert.deepEqual(base.digest(), sm3(prefix));
    });

    test('update returns the object itself', () => {
      const h = o.create();
      assert.equal(h.update(rand(3)), h);
    });

    test('digest twice, update or clone after digest raise the TypeScript TypeErrors', () => {
      const h = o.create().update(rand(10));
      h.digest();
      assert.throws(() => h.digest(), { name: 'TypeError', message: 'sm3.digest: digest() was already called' });
      assert.throws(() => h.update(rand(1)), { name: 'TypeError', message: 'sm3.update: digest() was already called' });
      assert.throws(() => h.clone(), { name: 'TypeError', message: 'sm3.clone: digest() was already called' });
    });
  });

  describe('misuse', () => {
    test('non-Uint8Array inputs raise the same TypeErrors as the TypeScript backend', () => {
      assert.throws(() => o.digest('abc' as unknown as Uint8Array), { name: 'TypeError', message: 'sm3: data: expected Uint8Array' });
      assert.throws(() => o.digestBatch([rand(1), [1, 2] as unknown as Uint8Array]), { name: 'TypeError', message: 'sm3: data: expected Uint8Array' });
      assert.throws(() => o.digestBatch('x' as unknown as Uint8Array[]), TypeError);
      assert.throws(() => o.hmac(rand(1), null as unknown as Uint8Array), { name: 'TypeError', message: 'hmacSm3: data: expected Uint8Array' });
      assert.throws(() => o.hmac(42 as unknown as Uint8Array, rand(1)), { name: 'TypeError', message: 'hmacSm3: key: expected Uint8Array' });
      assert.throws(() => o.create().update({} as unknown as Uint8Array), { name: 'TypeError', message: 'sm3.update: data: expected Uint8Array' });
    });

    test('detached buffers hash as empty input, as in the TypeScript backend', () => {
      assert.deepEqual(o.digest(detached(16)), sm3(detached(16)));
      assert.deepEqual(o.digestBatch([detached(8), rand(3)])[0], sm3(new Uint8Array(0)));
      assert.deepEqual(o.hmac(detached(4), detached(4)), hmacSm3(new Uint8Array(0), new Uint8Array(0)));
      assert.deepEqual(o.create().update(detached(70)).digest(), sm3(new Uint8Array(0)));
    });

    test('the raw addon rejects non-buffers, foreign typed arrays, short outputs and bad contexts', () => {
      const a = raw!;
      const out = new Uint8Array(64);
      for (const bad of [undefined, null, 1, 'abc', {}, [1, 2], new Uint16Array(4), new DataView(new ArrayBuffer(4))]) {
        assert.throws(() => a.digest(bad as unknown as Uint8Array, out), TypeError);
        assert.throws(() => a.digest(rand(1), bad as unknown as Uint8Array), TypeError);
        assert.throws(() => a.hmac(bad as unknown as Uint8Array, rand(1), out), TypeError);
        assert.throws(() => a.digestMany([bad as unknown as Uint8Array], out), TypeError);
      }
      assert.throws(() => a.digest(rand(1), new Uint8Array(31)), TypeError);
      assert.throws(() => a.digest(rand(1), detached(64)), TypeError);
      assert.throws(() => a.hmac(rand(1), rand(1), new Uint8Array(8)), TypeError);
      assert.throws(() => a.digestMany([rand(1), rand(2)], new Uint8Array(63)), TypeError);
      assert.throws(() => a.digestMany('abc' as unknown as Uint8Array[], out), TypeError);
      assert.throws(() => a.update(new Uint8Array(5), rand(1)), TypeError);
      assert.throws(() => a.final(new Uint8Array(a.ctxBytes + 1), out), TypeError);
      assert.throws(() => a.hmacFinal(new Uint8Array(a.ctxBytes), out), TypeError);
      const misaligned = new Uint8Array(a.ctxBytes + 1).subarray(1);
      assert.throws(() => a.init(misaligned), TypeError);
      const corrupt = new Uint8Array(a.ctxBytes);
      a.init(corrupt);
      corrupt.fill(0xff, a.ctxBytes - 8); // the buffered-byte count, far beyond a block
      assert.throws(() => a.update(corrupt, rand(10)), TypeError);
      assert.throws(() => a.final(corrupt, out), TypeError);
      assert.throws(() => a.digestPacked(rand(10), Uint32Array.of(5, 6), out), RangeError);
      assert.throws(() => a.digestPacked(rand(10), [5] as unknown as Uint32Array, out), TypeError);
      assert.throws(() => a.testingForcePath('sse9'), TypeError);
    });

    test('an accessor that detaches a message while the batch is read cannot make native code read freed memory', () => {
      const a = raw!;
      const victim = rand(4096);
      const msgs: Uint8Array[] = [victim];
      Object.defineProperty(msgs, 1, {
        get: () => {
          structuredClone(victim.buffer, { transfer: [victim.buffer as ArrayBuffer] });
          return rand(5);
        },
        enumerable: true,
      });
      const out = new Uint8Array(64);
      a.digestMany(msgs, out);
      // The detached message is hashed as empty: its pointer is taken after the accessor ran.
      assert.deepEqual(out.subarray(0, 32), sm3(new Uint8Array(0)));
    });

    test('the raw incremental HMAC (hmacInit/hmacUpdate/hmacFinal) equals hmacSm3, and a copied context continues independently', () => {
      const a = raw!;
      for (const [kl, ml] of [[0, 0], [16, 100], [64, 64], [65, 1], [200, 3000]] as const) {
        const key = rand(kl);
        const msg = rand(ml);
        const ctx = new Uint8Array(a.hmacCtxBytes);
        a.hmacInit(ctx, key);
        const cut = ml >>> 1;
        a.hmacUpdate(ctx, msg.subarray(0, cut));
        const copy = ctx.slice();
        a.hmacUpdate(ctx, msg.subarray(cut));
        const out = new Uint8Array(64);
        a.hmacFinal(ctx, out);
        assert.deepEqual(out.subarray(0, 32), hmacSm3(key, msg), `key ${kl} msg ${ml}`);
        a.hmacFinal(copy, out);
        assert.deepEqual(out.subarray(0, 32), hmacSm3(key, msg.subarray(0, cut)), `prefix key ${kl} msg ${ml}`);
        assert.ok(ctx.every((b) => b === 0), 'hmacFinal wipes the context');
      }
    });

    test('digestPacked splits one buffer by the given lengths', () => {
      const msgs = [3, 0, 64, 100].map((n) => rand(n));
      const packed = Uint8Array.from(msgs.flatMap((m) => [...m]));
      const out = new Uint8Array(32 * msgs.length);
      raw!.digestPacked(packed, Uint32Array.from(msgs, (m) => m.length), out);
      msgs.forEach((m, i) => assert.deepEqual(out.subarray(32 * i, 32 * i + 32), sm3(m)));
    });
  });
});
