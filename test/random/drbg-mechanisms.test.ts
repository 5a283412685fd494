/**
 * The Hash_DRBG and CTR_DRBG mechanisms against known answers, intermediate state included:
 * NIST CAVP SP 800-90A vectors (SHA-1/256/512, AES-128/192/256) for the shared mechanics, and
 * gmsm's GM/T 0105-2021 vectors for the GM variants (test/vectors/drbg/gmsm-drbg.json).
 * SM3/SM4 here are node:crypto's, so these tests check the mechanisms alone.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { HashDrbgState, hashDf } from '../../src/algorithms/random/drbg/hash-drbg.js';
import { CtrDrbgState, type BlockCipherFactory } from '../../src/algorithms/random/drbg/ctr-drbg.js';
import { Sm4 } from '../../src/algorithms/sm4/index.js';
import { readJson } from '../helpers/vectors.js';
import { nodeAes, nodeHash, nodeSm4 } from './adapters.js';

interface HashVector {
  gm: boolean; hash: string; entropyInput: string; nonce: string; personalizationString: string;
  v0: string; c0: string; entropyInputReseed: string; additionalInputReseed: string; v1: string; c1: string;
  additionalInput1: string; v2: string; additionalInput2: string; returnedBits: string; v3: string;
}
interface CtrVector {
  gm: boolean; cipher: string; keyLen: number; entropyInput: string; nonce: string; personalizationString: string;
  v0: string; key0: string; entropyInputReseed: string; additionalInputReseed: string; v1: string; key1: string;
  additionalInput1: string; v2: string; key2: string; additionalInput2: string; returnedBits: string; v3: string; key3: string;
}
const file = readJson<{ hash: HashVector[]; ctr: CtrVector[] }>('drbg', 'gmsm-drbg.json');
const HASHES = { 'SHA-1': nodeHash('sha1'), 'SHA-256': nodeHash('sha256'), 'SHA-512': nodeHash('sha512'), SM3: nodeHash('sm3') } as const;

const h = (s: string) => fromHex(s);
const prefix = (x: Uint8Array, hex: string) => toHex(x).slice(0, hex.length);

function runHash(v: HashVector): void {
  const hash = HASHES[v.hash as keyof typeof HASHES];
  const d = new HashDrbgState(hash, v.gm ? 'gm' : 'sp800-90a', h(v.entropyInput), h(v.nonce), h(v.personalizationString));
  let s = d.testingOnlyState();
  assert.equal(prefix(s.v, v.v0), v.v0, 'V after instantiate');
  assert.equal(prefix(s.c, v.c0), v.c0, 'C after instantiate');
  d.reseed(h(v.entropyInputReseed), h(v.additionalInputReseed));
  s = d.testingOnlyState();
  assert.equal(prefix(s.v, v.v1), v.v1, 'V after reseed');
  assert.equal(prefix(s.c, v.c1), v.c1, 'C after reseed');
  const out = new Uint8Array(v.returnedBits.length / 2);
  d.generate(out, h(v.additionalInput1));
  assert.equal(prefix(d.testingOnlyState().v, v.v2), v.v2, 'V after first generate');
  d.generate(out, h(v.additionalInput2));
  assert.equal(prefix(d.testingOnlyState().v, v.v3), v.v3, 'V after second generate');
  assert.equal(toHex(out), v.returnedBits);
  assert.equal(d.reseedCounter, 3);
}

function runCtr(v: CtrVector, factory: BlockCipherFactory): void {
  const d = new CtrDrbgState(factory, v.keyLen, v.gm ? 'gm' : 'sp800-90a', h(v.entropyInput), h(v.nonce), h(v.personalizationString));
  const st = () => d.testingOnlyState();
  assert.deepEqual([toHex(st().v), toHex(st().key)], [v.v0, v.key0], 'after instantiate');
  d.reseed(h(v.entropyInputReseed), h(v.additionalInputReseed));
  assert.deepEqual([toHex(st().v), toHex(st().key)], [v.v1, v.key1], 'after reseed');
  const out = new Uint8Array(v.returnedBits.length / 2);
  d.generate(out, h(v.additionalInput1));
  assert.deepEqual([toHex(st().v), toHex(st().key)], [v.v2, v.key2], 'after first generate');
  d.generate(out, h(v.additionalInput2));
  assert.deepEqual([toHex(st().v), toHex(st().key)], [v.v3, v.key3], 'after second generate');
  assert.equal(toHex(out), v.returnedBits);
}

describe('Hash_DRBG mechanism', () => {
  test('SP 800-90A mode reproduces the NIST CAVP Hash_DRBG vectors (SHA-1/256/512), state included', () => {
    const vs = file.hash.filter((v) => !v.gm);
    for (const v of vs) runHash(v);
    assert.equal(vs.length, 6);
  });

  test('GM/T 0105 mode reproduces gmsm\'s SM3 Hash_DRBG vectors (reseed order, one-block output)', () => {
    const vs = file.hash.filter((v) => v.gm);
    for (const v of vs) runHash(v);
    assert.equal(vs.length, 2);
  });

  test('GM and SP 800-90A modes share instantiate and the first output block, and differ in the reseed order', () => {
    const v = file.hash.find((x) => x.gm)!;
    const sm3 = HASHES.SM3;
    const gm = new HashDrbgState(sm3, 'gm', h(v.entropyInput), h(v.nonce));
    const nist = new HashDrbgState(sm3, 'sp800-90a', h(v.entropyInput), h(v.nonce));
    assert.deepEqual(gm.testingOnlyState(), nist.testingOnlyState(), 'instantiate is common');
    const a = new Uint8Array(32);
    const b = new Uint8Array(32);
    gm.generate(a);
    nist.generate(b);
    assert.deepEqual(a, b, 'leftmost(SM3(V)) is the first Hashgen block');
    assert.deepEqual(gm.testingOnlyState(), nist.testingOnlyState(), 'the V update is common');
    gm.reseed(h(v.entropyInputReseed));
    nist.reseed(h(v.entropyInputReseed));
    assert.notDeepEqual(gm.testingOnlyState().v, nist.testingOnlyState().v, 'reseed material order differs');
  });

  test('GM mode refuses more than one SM3 block per generate call', () => {
    const d = new HashDrbgState(HASHES.SM3, 'gm', new Uint8Array(32).fill(1), new Uint8Array(16));
    assert.equal(d.maxBytesPerGenerate, 32);
    assert.throws(() => d.generate(new Uint8Array(33)), RangeError);
  });

  test('Hash_df returns the requested length and starts with Hash(0x01 ‖ bits ‖ input)', () => {
    const sha = HASHES['SHA-256'];
    const input = h('00112233');
    const out = hashDf(sha, [input], 55);
    assert.equal(out.length, 55);
    assert.equal(toHex(out.subarray(0, 32)), toHex(sha(h('01000001b800112233'))));
    assert.equal(toHex(out.subarray(32)), toHex(sha(h('02000001b800112233')).subarray(0, 23)));
  });

  test('destroy wipes V and C', () => {
    const d = new HashDrbgState(HASHES.SM3, 'gm', new Uint8Array(32).fill(7), new Uint8Array(16));
    d.destroy();
    const s = d.testingOnlyState();
    assert.ok(s.v.every((b) => b === 0) && s.c.every((b) => b === 0));
  });
});

describe('CTR_DRBG mechanism', () => {
  test('SP 800-90A mode reproduces the NIST CAVP CTR_DRBG (AES, derivation function) vectors, state included', () => {
    const vs = file.ctr.filter((v) => v.cipher === 'AES');
    for (const v of vs) runCtr(v, nodeAes);
    assert.equal(vs.length, 7);
  });

  test('SM4 vectors (GM mode and SP 800-90A mode) hold with node:crypto SM4 and with Mima Sm4', () => {
    const vs = file.ctr.filter((v) => v.cipher === 'SM4');
    for (const v of vs) {
      runCtr(v, nodeSm4);
      runCtr(v, (key) => new Sm4(key));
    }
    assert.equal(vs.length, 2);
    assert.deepEqual(vs.map((v) => v.gm), [true, false]);
  });

  test('GM mode refuses more than one block per generate call', () => {
    const d = new CtrDrbgState((k) => new Sm4(k), 16, 'gm', new Uint8Array(32).fill(1), new Uint8Array(16));
    assert.equal(d.maxBytesPerGenerate, 16);
    assert.throws(() => d.generate(new Uint8Array(17)), RangeError);
  });

  test('destroy wipes V and Key', () => {
    const d = new CtrDrbgState((k) => new Sm4(k), 16, 'gm', new Uint8Array(32).fill(7), new Uint8Array(16));
    d.destroy();
    const s = d.testingOnlyState();
    assert.ok(s.v.every((b) => b === 0) && s.key.every((b) => b === 0));
  });
});
