/**
 * GM/T 0105-2021 has no published test vectors, so besides gmsm's values the GM mechanisms are
 * checked against an independent re-derivation written here from the standard's equations
 * (Annex B SM3_RNG, Annex E SM4_RNG): big-integer state, node:crypto SM3/SM4, no code shared
 * with src/algorithms/random/. Random inputs from fast-check, including personalization and
 * additional inputs of any length.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import fc from 'fast-check';
import { HashDrbgState } from '../../src/algorithms/random/drbg/hash-drbg.js';
import { CtrDrbgState } from '../../src/algorithms/random/drbg/ctr-drbg.js';
import { Sm4 } from '../../src/algorithms/sm4/index.js';
import { nodeHash } from './adapters.js';

const sm3 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sm3');
  for (const p of parts) h.update(p);
  return h.digest();
};
const big = (b: Uint8Array): bigint => (b.length ? BigInt('0x' + Buffer.from(b).toString('hex')) : 0n);
const bytes = (x: bigint, len: number): Buffer => Buffer.from(x.toString(16).padStart(len * 2, '0'), 'hex');
const u8 = (n: number) => new Uint8Array([n]);
const be32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

/** SM3_df(input, 440 bits) = (SM3(01 ‖ 000001B8 ‖ input) ‖ SM3(02 ‖ 000001B8 ‖ input))[0..55). */
const sm3df = (...input: Uint8Array[]): Buffer =>
  Buffer.concat([sm3(u8(1), be32(440), ...input), sm3(u8(2), be32(440), ...input)]).subarray(0, 55);

const MOD440 = 1n << 440n;

/** GM/T 0105-2021 Annex B, written from the equations. */
function referenceSm3Rng(entropy: Uint8Array, nonce: Uint8Array, pers: Uint8Array) {
  let v = sm3df(entropy, nonce, pers);
  let c = sm3df(u8(0), v);
  let counter = 1n;
  return {
    reseed(e: Uint8Array, add: Uint8Array) {
      v = sm3df(u8(1), e, v, add);
      c = sm3df(u8(0), v);
      counter = 1n;
    },
    generate(n: number, add: Uint8Array): Buffer {
      let V = big(v);
      if (add.length > 0) V = (V + big(sm3(u8(2), v, add))) % MOD440;
      const vb = bytes(V, 55);
      const out = sm3(vb).subarray(0, n);
      V = (V + big(sm3(u8(3), vb)) + big(c) + counter) % MOD440;
      v = bytes(V, 55);
      counter++;
      return out;
    },
  };
}

const sm4 = (key: Uint8Array, block: Uint8Array): Buffer =>
  createCipheriv('sm4-ecb', key, null).setAutoPadding(false).update(block);

/** SM4_df (Block_Cipher_df with SM4, 256-bit output): GM/T 0105-2021 Annex E. */
function sm4df(input: Uint8Array): Buffer {
  const s = Buffer.concat([be32(input.length), be32(32), input, u8(0x80)]);
  const padded = Buffer.concat([s, Buffer.alloc((16 - (s.length % 16)) % 16)]);
  const k0 = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  const bcc = (iv: number): Buffer => {
    let chain: Buffer = Buffer.alloc(16);
    const data = Buffer.concat([be32(iv), Buffer.alloc(12), padded]);
    for (let i = 0; i < data.length; i += 16) {
      chain = sm4(k0, Buffer.from(chain.map((b, j) => b ^ data[i + j]!)));
    }
    return chain;
  };
  const k = bcc(0);
  const x1 = sm4(k, bcc(1));
  return Buffer.concat([x1, sm4(k, x1)]);
}

/** GM/T 0105-2021 Annex E, written from the equations (128-bit V as an integer). */
function referenceSm4Rng(entropy: Uint8Array, nonce: Uint8Array, pers: Uint8Array) {
  let key: Buffer = Buffer.alloc(16);
  let V = 0n;
  const MOD = 1n << 128n;
  const update = (seed: Buffer) => {
    V = (V + 1n) % MOD;
    const t1 = sm4(key, bytes(V, 16));
    V = (V + 1n) % MOD;
    const t2 = sm4(key, bytes(V, 16));
    const t = Buffer.concat([t1, t2]).map((b, i) => b ^ seed[i]!);
    key = Buffer.from(t.subarray(0, 16));
    V = big(t.subarray(16));
  };
  update(sm4df(Buffer.concat([entropy, nonce, pers])));
  return {
    reseed(e: Uint8Array, add: Uint8Array) {
      update(sm4df(Buffer.concat([e, add])));
    },
    generate(n: number, add: Uint8Array): Buffer {
      const seed = add.length > 0 ? sm4df(add) : Buffer.alloc(32);
      if (add.length > 0) update(seed);
      V = (V + 1n) % MOD;
      const out = sm4(key, bytes(V, 16)).subarray(0, n);
      update(seed);
      return out;
    },
  };
}

const bin = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const scenario = fc.record({
  entropy: bin(32, 64), nonce: bin(16, 32), pers: bin(0, 40), reseedEntropy: bin(32, 48),
  reseedAdd: bin(0, 40), steps: fc.array(fc.record({ n: fc.integer({ min: 1, max: 32 }), add: bin(0, 40) }), { minLength: 1, maxLength: 6 }),
  reseedAt: fc.integer({ min: 0, max: 6 }),
});

test('SM3 Hash_DRBG (GM mode) equals a re-derivation from the GM/T 0105-2021 Annex B equations', () => {
  let runs = 0;
  fc.assert(fc.property(scenario, (s) => {
    const ours = new HashDrbgState(nodeHash('sm3'), 'gm', s.entropy, s.nonce, s.pers);
    const ref = referenceSm3Rng(s.entropy, s.nonce, s.pers);
    s.steps.forEach((st, i) => {
      if (i === s.reseedAt) {
        ours.reseed(s.reseedEntropy, s.reseedAdd);
        ref.reseed(s.reseedEntropy, s.reseedAdd);
      }
      const out = new Uint8Array(st.n);
      ours.generate(out, st.add);
      assert.deepEqual(Buffer.from(out), ref.generate(st.n, st.add));
    });
    runs++;
  }), { numRuns: 150 });
  assert.equal(runs, 150);
});

test('SM4 CTR_DRBG (GM mode) equals a re-derivation from the GM/T 0105-2021 Annex E equations', () => {
  let runs = 0;
  fc.assert(fc.property(scenario, (s) => {
    const ours = new CtrDrbgState((k) => new Sm4(k), 16, 'gm', s.entropy, s.nonce, s.pers);
    const ref = referenceSm4Rng(s.entropy, s.nonce, s.pers);
    s.steps.forEach((st, i) => {
      if (i === s.reseedAt) {
        ours.reseed(s.reseedEntropy, s.reseedAdd);
        ref.reseed(s.reseedEntropy, s.reseedAdd);
      }
      const n = Math.min(st.n, 16);
      const out = new Uint8Array(n);
      ours.generate(out, st.add);
      assert.deepEqual(Buffer.from(out), ref.generate(n, st.add));
    });
    runs++;
  }), { numRuns: 150 });
  assert.equal(runs, 150);
});
