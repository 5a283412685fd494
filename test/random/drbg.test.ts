/**
 * The GM/T 0105 generators as users see them (createHashDrbg / createCtrDrbg): wiring of
 * entropy, nonce and personalization, request splitting, reseed limits of both security levels,
 * prediction resistance, entropy-source failures, misuse, and the self-test.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { concatBytes } from '../../src/algorithms/internal/bytes.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import type { RandomSource } from '../../src/algorithms/internal/random.js';
import {
  createCtrDrbg, createHashDrbg, drbgRandomSource, DRBG_RESEED_LIMITS, selfTest, type Drbg, type DrbgOptions,
} from '../../src/algorithms/random/index.js';
import { HashDrbgState } from '../../src/algorithms/random/drbg/hash-drbg.js';
import { CtrDrbgState } from '../../src/algorithms/random/drbg/ctr-drbg.js';
import { nodeHash, nodeSm4 } from './adapters.js';

/** A deterministic entropy source: each call returns fresh bytes derived from a counter. */
function countingSource(seed = 1): RandomSource & { calls: number; log: Uint8Array[] } {
  let ctr = seed * 1000;
  const f = ((n: number) => {
    f.calls++;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (ctr * 31 + i * 7 + (ctr >>> 8)) & 0xff;
    ctr++;
    f.log.push(out.slice());
    return out;
  }) as RandomSource & { calls: number; log: Uint8Array[] };
  f.calls = 0;
  f.log = [];
  return f;
}

function fakeClock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

const KINDS = [
  { name: 'SM3 Hash_DRBG', create: createHashDrbg, block: 32,
    manual: (e: Uint8Array, n: Uint8Array, p?: Uint8Array) => new HashDrbgState(nodeHash('sm3'), 'gm', e, n, p) },
  { name: 'SM4 CTR_DRBG', create: createCtrDrbg, block: 16,
    manual: (e: Uint8Array, n: Uint8Array, p?: Uint8Array) => new CtrDrbgState(nodeSm4, 16, 'gm', e, n, p) },
] as const;

for (const kind of KINDS) {
  describe(kind.name, () => {
    const make = (opts: DrbgOptions = {}) => kind.create(opts);

    test('seeds from entropy then nonce, mixes the personalization, and matches the mechanism run by hand (node:crypto primitives)', () => {
      const src = countingSource();
      const pers = new TextEncoder().encode('mima device 0001');
      const d = make({ entropySource: src, personalization: pers });
      const ref = kind.manual(src.log[0]!, src.log[1]!, pers);
      assert.deepEqual(src.log.map((x) => x.length), [32, 16]);
      const parts: Uint8Array[] = [];
      const n = kind.block * 3 + 5;
      for (let off = 0; off < n; off += kind.block) {
        const o = new Uint8Array(Math.min(kind.block, n - off));
        ref.generate(o);
        parts.push(o);
      }
      assert.deepEqual(d.generate(n), concatBytes(...parts));
      assert.equal(d.reseedCounter, 5, 'one mechanism call per block');
      assert.equal(d.maxBytesPerRequest, kind.block);
    });

    test('additional input goes into the first mechanism call of a request only', () => {
      const src = countingSource();
      const d = make({ entropySource: src });
      const ref = kind.manual(src.log[0]!, src.log[1]!);
      const add = Uint8Array.of(1, 2, 3);
      const a = new Uint8Array(kind.block);
      const b = new Uint8Array(kind.block);
      ref.generate(a, add);
      ref.generate(b);
      assert.deepEqual(d.generate(2 * kind.block, add), concatBytes(a, b));
    });

    test('personalization changes the output; same inputs give the same output', () => {
      const out = (p?: Uint8Array) => make({ entropySource: countingSource(), ...(p ? { personalization: p } : {}) }).generate(64);
      assert.deepEqual(out(), out());
      assert.notDeepEqual(out(), out(Uint8Array.of(0x6d)));
    });

    test(`security level 2 reseeds from the source after ${DRBG_RESEED_LIMITS[2].calls} calls`, () => {
      const src = countingSource();
      const d = make({ entropySource: src, securityLevel: 2 });
      for (let i = 0; i < 1024; i++) d.generate(kind.block);
      assert.equal(src.calls, 2);
      assert.equal(d.reseedCounter, 1025);
      d.generate(kind.block);
      assert.equal(src.calls, 3, 'the 1025th call reseeds first');
      assert.equal(d.reseedCounter, 2);
    });

    for (const level of [1, 2] as const) {
      const secs = DRBG_RESEED_LIMITS[level].seconds;
      test(`security level ${level} reseeds once more than ${secs} s have passed since the last seed`, () => {
        const src = countingSource();
        const clock = fakeClock();
        const d = make({ entropySource: src, securityLevel: level, now: clock.now });
        clock.advance(secs * 1000);
        d.generate(8);
        assert.equal(src.calls, 2, `exactly ${secs} s: no reseed`);
        clock.advance(1);
        d.generate(8);
        assert.equal(src.calls, 3);
        assert.equal(d.reseedCounter, 2);
      });
    }

    test('default is security level 2', () => {
      assert.equal(make({ entropySource: countingSource() }).securityLevel, 2);
    });

    test('prediction resistance reseeds (with the additional input) before every request', () => {
      const src = countingSource();
      const d = make({ entropySource: src, predictionResistance: true });
      const ref = kind.manual(src.log[0]!, src.log[1]!);
      const add = Uint8Array.of(9, 9);
      const got = d.generate(kind.block, add);
      assert.equal(src.calls, 3);
      ref.reseed(src.log[2]!, add);
      const exp = new Uint8Array(kind.block);
      ref.generate(exp);
      assert.deepEqual(got, exp);
      d.generate(kind.block);
      assert.equal(src.calls, 4);
    });

    test('explicit reseed draws fresh entropy and resets the counter', () => {
      const src = countingSource();
      const d = make({ entropySource: src });
      d.generate(3 * kind.block);
      d.reseed(Uint8Array.of(1));
      assert.equal(src.calls, 3);
      assert.equal(d.reseedCounter, 1);
    });

    test('an entropy source that returns the wrong length fails with SDR_RANDERR', () => {
      assert.throws(() => make({ entropySource: (n) => new Uint8Array(n - 1) }), (e) => isCryptoError(e, 'SDR_RANDERR'));
    });

    test('a stuck entropy source (same input twice) is refused at the next reseed with SDR_RANDERR', () => {
      const d = make({ entropySource: (n) => new Uint8Array(n).fill(0x5a) });
      assert.throws(() => d.reseed(), (e) => isCryptoError(e, 'SDR_RANDERR'));
    });

    test('generate(0) returns an empty array without using the generator', () => {
      const d = make({ entropySource: countingSource() });
      assert.equal(d.generate(0).length, 0);
      assert.equal(d.reseedCounter, 1);
    });

    test('misuse is rejected: bad n, bad options, non-bytes additional input', () => {
      const d = make({ entropySource: countingSource() });
      assert.throws(() => d.generate(-1), RangeError);
      assert.throws(() => d.generate(1.5), RangeError);
      assert.throws(() => d.generate(4, 'x' as unknown as Uint8Array), TypeError);
      assert.throws(() => make({ entropyBytes: 31 }), RangeError);
      assert.throws(() => make({ nonceBytes: 8 }), RangeError);
      assert.throws(() => make({ securityLevel: 3 as 1 }), RangeError);
    });

    test('destroy makes the instance unusable', () => {
      const d = make({ entropySource: countingSource() });
      d.destroy();
      assert.throws(() => d.generate(1), TypeError);
      assert.throws(() => d.reseed(), TypeError);
      d.destroy();
    });

    test('with OS entropy two instances disagree, and drbgRandomSource yields n bytes', () => {
      const a: Drbg = make();
      const b: Drbg = make();
      assert.notDeepEqual(a.generate(32), b.generate(32));
      const rand = drbgRandomSource(a);
      assert.equal(rand(100).length, 100);
      assert.equal(a.reseedCounter, 1 + Math.ceil(32 / kind.block) + Math.ceil(100 / kind.block));
    });
  });
}

test('selfTest passes the SM3 Hash_DRBG and SM4 CTR_DRBG known answers', () => {
  assert.doesNotThrow(() => selfTest());
});
