/**
 * The native SM2 (native/src/sm2/ behind src/engine/native/sm2.ts) against the TypeScript
 * reference: deterministic results bit for bit (public keys, Z, fixed-k signatures and
 * ciphertexts through the `rand` test hook), each other's randomized outputs accepted, the GM/T
 * 0003.5 examples, edge scalars and retry cases, and the same errors for bad input — on the
 * fastest path for this CPU and on the portable C path. Then misuse of the raw addon object.
 * Skips with the reason when the addon or its sm2 family is not built.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import fc from 'fast-check';
import { concatBytes, fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import type { RandomSource } from '../../src/algorithms/internal/random.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { loadAddon } from '../../src/engine/native/loader.js';
import { nativeSm2, type NativeSm2Ops, type Sm2Addon } from '../../src/engine/native/sm2.js';
import { tsSm2 } from '../../src/engine/ts/sm2.js';
import { gmVector } from '../helpers/vectors.js';
import { b32, C, edgeScalars, N, NoblePoint, num, replay } from '../sm2/helpers.js';

const load = loadAddon();
const raw = load.addon?.sm2 as Sm2Addon | undefined;
const skip = load.addon === undefined ? load.reason : raw === undefined ? 'the addon has no sm2 family' : false;
const rnd = (n: number): Uint8Array => new Uint8Array(nodeRandomBytes(n));

const SIGV = gmVector('sm2_sign_recommended_curve');
const ENCV = gmVector('sm2_encrypt_recommended_curve');
const D = fromHex(String(SIGV.private_key));
const PUB = fromHex(String(SIGV.public_key));
const MSG = utf8(String(SIGV.message_ascii));

/** Outcome of f: its value, or its error's class, code and message. */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { error: err.constructor.name, code: err.code, message: err.message };
  }
}

/** The same value or the same error (class, code, message) from both. */
function same(native: () => unknown, ts: () => unknown, what = ''): void {
  assert.deepEqual(outcome(native), outcome(ts), what);
}

/** A source replaying these scalars (each 32 bytes), then failing. */
const replayK = (...ks: bigint[]): RandomSource => replay(...ks.map((k) => toHex(b32(k))));

/** x1 of k·G (reference arithmetic). */
const x1Of = (k: bigint): bigint => NoblePoint.BASE.multiply(k).toAffine().x;

const BAD_PUBLIC: [string, Uint8Array][] = [
  ['off the curve', concatBytes(PUB.subarray(0, 64), Uint8Array.of(PUB[64]! ^ 1))],
  ['x = p', concatBytes(Uint8Array.of(4), b32(C.p), PUB.subarray(33))],
  ['all-zero point', concatBytes(Uint8Array.of(4), new Uint8Array(64))],
  ['prefix 05', concatBytes(Uint8Array.of(5), PUB.subarray(1))],
  ['compressed prefix on 65 bytes', concatBytes(Uint8Array.of(2), PUB.subarray(1))],
  ['compressed x without a square root', concatBytes(Uint8Array.of(2), b32(3n))],
  ['63 bytes', PUB.subarray(2)], ['66 bytes', concatBytes(PUB, Uint8Array.of(0))], ['empty', new Uint8Array(0)],
];
const BAD_PRIVATE: [string, Uint8Array][] = [
  ['0', b32(0n)], ['n − 1', b32(N - 1n)], ['n', b32(N)], ['2^256 − 1', b32((1n << 256n) - 1n)], ['31 bytes', new Uint8Array(31).fill(1)],
];

for (const path of ['auto', 'portable'] as const) {
  describe(`native SM2, ${path} path`, { skip }, () => {
    let ops: NativeSm2Ops;
    const hooked = (rand: RandomSource): NativeSm2Ops => nativeSm2(load.addon!, { rand });
    before(() => {
      ops = nativeSm2(load.addon!);
      const d = ops.testingForcePath(path);
      if (path === 'portable') assert.equal(d, 'field=portable select=portable batch=scalar');
    });
    after(() => ops.testingForcePath('auto'));

    test('public keys of random private keys equal the TypeScript backend\'s', () => {
      fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (d) => {
        same(() => ops.publicKeyOf(d), () => tsSm2.publicKeyOf(d));
      }), { numRuns: 60 });
    });

    test('public keys of edge private keys (1, 2, n − 2, long zero and one runs) equal TypeScript\'s', () => {
      const ds = edgeScalars().filter((d) => d <= N - 2n);
      assert.equal(ds.length, 50);
      for (const d of ds) assert.deepEqual(ops.publicKeyOf(b32(d)), tsSm2.publicKeyOf(b32(d)), d.toString(16));
    });

    test('generated key pairs: fixed d gives TypeScript\'s pairs; random ones are consistent', () => {
      const ds = [1n, N - 2n, ...Array.from({ length: 70 }, () => num(rnd(32)) % (N - 2n) + 1n)];
      const mine = hooked(replayK(...ds)).generateKeyPairs(ds.length);
      const ref = ds.map((d) => sm2.generateKeyPair(replayK(d)));
      assert.deepEqual(mine, ref);
      for (const { privateKey, publicKey } of ops.generateKeyPairs(130)) assert.deepEqual(tsSm2.publicKeyOf(privateKey), publicKey);
      assert.deepEqual(ops.generateKeyPairs(0), []);
    });

    test('Z equals TypeScript\'s for the default, empty, 8191-byte and other IDs and every key encoding', () => {
      const comp = concatBytes(Uint8Array.of(2 | (PUB[64]! & 1)), PUB.subarray(1, 33));
      for (const key of [PUB, PUB.subarray(1), comp]) {
        for (const id of [undefined, new Uint8Array(0), utf8('ALICE123@YAHOO.COM'), new Uint8Array(8191).fill(0x41)]) {
          assert.deepEqual(ops.computeZ(key, id), tsSm2.computeZ(key, id));
        }
      }
      assert.equal(toHex(ops.computeZ(PUB)), SIGV.Z);
      assert.equal(toHex(ops.computeZ(fromHex(String(gmVector('sm2_z_default_id').public_key)))), gmVector('sm2_z_default_id').Z);
    });

    test('GM/T 0003.5 signature example: the fixed-k signature r ‖ s and its verification', () => {
      const key = hooked(replay(String(SIGV.k))).signingKey(D, { id: utf8(String(SIGV.user_id_ascii)) });
      assert.equal(toHex(key.sign(MSG)), String(SIGV.r) + String(SIGV.s));
      const sig = fromHex(String(SIGV.r) + String(SIGV.s));
      assert.equal(ops.verifyingKey(PUB).verify(MSG, sig), true);
      assert.deepEqual(ops.verifyingKey(PUB, { precompute: true }).verifyDigests([{ digest: fromHex(String(SIGV.e)), signature: sig }]), [true]);
    });

    test('fixed-k signatures equal TypeScript\'s, single and batched, for random and edge k', () => {
      const ks = [...edgeScalars(), ...Array.from({ length: 30 }, () => num(rnd(32)) % (N - 1n) + 1n)];
      assert.equal(ks.length, 81);
      const d = rnd(32);
      d[0] = 0x7f;
      const es = ks.map(() => rnd(32));
      const batch = hooked(replayK(...ks)).signingKey(d).signDigests(es);
      assert.deepEqual(batch, sm2.prepareSigner(d).signDigests(es, { rand: replayK(...ks) }));
      const id = utf8('bob');
      for (const k of ks.slice(0, 12)) {
        const msg = rnd(Number(k % 70n));
        assert.deepEqual(hooked(replayK(k)).signingKey(d, { id }).sign(msg), sm2.sign(d, msg, { id, rand: replayK(k) }));
      }
    });

    test('out-of-range draws (0, n, 2^256 − 1) are rejected and replaced as TypeScript does', () => {
      const draws = [0n, N, (1n << 256n) - 1n, 0x5555n];
      assert.deepEqual(hooked(replayK(...draws)).signingKey(D).sign(MSG), sm2.sign(D, MSG, { rand: replayK(...draws) }));
      assert.deepEqual(hooked(replayK(N - 1n, 0n, 9n)).generateKeyPairs(1), [sm2.generateKeyPair(replayK(N - 1n, 0n, 9n))]);
      assert.deepEqual(hooked(replayK(0n, N, 3n)).encrypt(PUB, MSG), sm2.encrypt(PUB, MSG, { rand: replayK(0n, N, 3n) }));
      const short = (): Uint8Array => new Uint8Array(31);
      same(() => hooked(short).signingKey(D).sign(MSG), () => sm2.prepareSigner(D).sign(MSG, { rand: short }));
    });

    test('messages of 0, 1, 15, 16, 17, 4095, 4096 and 65537 bytes: fixed-k signatures equal TypeScript\'s', () => {
      const lens = [0, 1, 15, 16, 17, 4095, 4096, 65537];
      for (const len of lens) {
        const m = rnd(len), k = num(rnd(32)) % (N - 1n) + 1n;
        const sig = hooked(replayK(k)).signingKey(D).sign(m);
        assert.deepEqual(sig, sm2.sign(D, m, { rand: replayK(k) }), `${len} bytes`);
        assert.equal(ops.verifyingKey(PUB).verify(m, sig), true);
      }
    });

    test('a k giving r = 0, r + k = n or s = 0 is replaced exactly as TypeScript replaces it', () => {
      const d = 0x1234567n, k1 = 0xabcdefn, k2 = 0x1111n, x = x1Of(k1);
      const dInv = modInv(d, N);
      const cases: [string, bigint][] = [
        ['r = 0', (N - x) % N],
        ['r + k = n', (2n * N - k1 - x) % N],
        ['s = 0 (k = r·d)', ((k1 * dInv - x) % N + N) % N],
      ];
      for (const [name, e] of cases) {
        const es = [rnd(32), b32(e), rnd(32)];
        const got = hooked(replayK(5n, k1, 7n, k2)).signingKey(b32(d)).signDigests(es);
        const want = sm2.prepareSigner(b32(d)).signDigests(es, { rand: replayK(5n, k1, 7n, k2) });
        assert.deepEqual(got, want, name);
        assert.equal(sm2.verifyDigest(sm2.getPublicKey(b32(d)), b32(e), got[1]!), true, name);
      }
    });

    test('signatures verify across backends, with and without precompute; wrong ones fail on both', () => {
      const [p] = ops.generateKeyPairs(1);
      const msgs = [0, 1, 32, 1000].map(rnd);
      const mine = ops.signingKey(p!.privateKey, { id: utf8('a') });
      const theirs = tsSm2.signingKey(p!.privateKey, { id: utf8('a') });
      for (const precompute of [false, true]) {
        const vn = ops.verifyingKey(p!.publicKey, { id: utf8('a'), precompute });
        const vt = tsSm2.verifyingKey(p!.publicKey, { id: utf8('a'), precompute });
        for (const m of msgs) {
          assert.equal(vt.verify(m, mine.sign(m)), true);
          assert.equal(vn.verify(m, theirs.sign(m)), true);
          const wrong = mine.sign(m);
          wrong[63]! ^= 1;
          assert.equal(vn.verify(m, wrong), false);
        }
        const es = Array.from({ length: 70 }, () => rnd(32));
        const sigs = mine.signDigests(es);
        assert.deepEqual(vn.verifyDigests(es.map((e, i) => ({ digest: e, signature: sigs[i]! }))), es.map(() => true));
      }
    });

    test('malformed-but-well-sized signatures get TypeScript\'s verdicts (r, s out of range, r + s = n)', () => {
      const r = num(fromHex(String(SIGV.r))), s = num(fromHex(String(SIGV.s)));
      const sigs = [[0n, s], [r, 0n], [N, s], [r, N], [(1n << 256n) - 1n, s], [r, N - r], [s, r], [r, s]]
        .map(([a, b]) => concatBytes(b32(a!), b32(b!)));
      const e = fromHex(String(SIGV.e));
      const items = sigs.map((signature) => ({ publicKey: PUB, digest: e, signature }));
      assert.deepEqual(ops.verifyDigestBatch(items), tsSm2.verifyDigestBatch(items));
      assert.deepEqual(ops.verifyDigestBatch(items), [false, false, false, false, false, false, false, true]);
      // the same mixture in batches on one key (IFMA lanes for a precomputed key), twice over
      const both = [...items, ...items].map(({ digest, signature }) => ({ digest, signature }));
      for (const precompute of [false, true]) {
        assert.deepEqual(ops.verifyingKey(PUB, { precompute }).verifyDigests(both), tsSm2.verifyingKey(PUB).verifyDigests(both));
      }
    });

    test('GM/T 0003.5 encryption example: fixed-k ciphertext in both layouts, and decryption', () => {
      const pub = fromHex(String(ENCV.public_key)), d = fromHex(String(ENCV.private_key));
      const m = utf8(String(ENCV.message_ascii));
      assert.equal(toHex(hooked(replay(String(ENCV.k))).encrypt(pub, m)), ENCV.c1c3c2);
      assert.equal(toHex(hooked(replay(String(ENCV.k))).encryptingKey(pub, { precompute: true }).encrypt(m, 'c1c2c3')), ENCV.c1c2c3);
      assert.deepEqual(ops.decrypt(d, fromHex(String(ENCV.c1c3c2))), m);
      assert.deepEqual(ops.decrypt(d, fromHex(String(ENCV.c1c2c3)), 'c1c2c3'), m);
    });

    test('fixed-k ciphertexts equal TypeScript\'s for plaintexts of 1 to 4096 bytes and edge k', () => {
      const [p] = ops.generateKeyPairs(1);
      const lens = [1, 15, 16, 17, 31, 32, 33, 64, 100, 4095, 4096];
      const ks = [1n, 2n, N - 1n, N - 2n, N - 6n, 1n << 128n, ...lens.map(() => num(rnd(32)) % (N - 1n) + 1n)];
      for (const [i, k] of ks.entries()) {
        const m = rnd(lens[i % lens.length]!);
        const format = i % 2 === 0 ? 'c1c3c2' : 'c1c2c3';
        // a spare k: a short plaintext's KDF output is all zero now and then (1/256 for 1 byte)
        const draws = (): RandomSource => replayK(k, 0x1234n);
        const want = sm2.encrypt(p!.publicKey, m, { rand: draws(), format });
        assert.deepEqual(hooked(draws()).encrypt(p!.publicKey, m, format), want);
        assert.deepEqual(hooked(draws()).encryptingKey(p!.publicKey, { precompute: i % 3 === 0 }).encrypt(m, format), want);
        assert.deepEqual(ops.decrypt(p!.privateKey, want, format), m);
      }
    });

    test('a k whose KDF output is all zero is replaced as TypeScript replaces it (1-byte plaintext)', () => {
      const m = Uint8Array.of(0x5a), spare = 0x777n;
      const kG = (k: bigint): Uint8Array => tsSm2.publicKeyOf(b32(k));
      let k = 1n; // the first k whose 1-byte KDF output is zero: C1 is then spare·G, not k·G
      while (toHex(sm2.encrypt(PUB, m, { rand: replayK(k, spare) }).subarray(0, 65)) === toHex(kG(k))) k++;
      const want = sm2.encrypt(PUB, m, { rand: replayK(k, spare) });
      assert.deepEqual(want.subarray(0, 65), kG(spare));
      assert.deepEqual(hooked(replayK(k, spare)).encrypt(PUB, m), want);
      assert.deepEqual(hooked(replayK(k, spare)).encryptingKey(PUB, { precompute: true }).encrypt(m), want);
    });

    test('ciphertexts cross backends both ways, 65537 bytes included; decrypting with edge keys', () => {
      const pairs = [1n, 2n, N - 6n, N - 2n].map((d) => ({ privateKey: b32(d), publicKey: tsSm2.publicKeyOf(b32(d)) }));
      for (const { privateKey, publicKey } of [...pairs, ...ops.generateKeyPairs(2)]) {
        for (const len of [1, 32, 65537]) {
          const m = rnd(len);
          assert.deepEqual(tsSm2.decrypt(privateKey, ops.encrypt(publicKey, m)), m);
          assert.deepEqual(ops.decrypt(privateKey, tsSm2.encrypt(publicKey, m, 'c1c2c3'), 'c1c2c3'), m);
        }
      }
    });

    test('defective ciphertexts fail with TypeScript\'s SDR_ENCDATAERR', () => {
      const d = fromHex(String(ENCV.private_key)), ct = fromHex(String(ENCV.c1c3c2));
      const flip = (i: number): Uint8Array => { const c = ct.slice(); c[i]! ^= 1; return c; };
      const bad = [flip(0), flip(5), flip(64), flip(70), flip(ct.length - 1), ct.subarray(0, 97), ct.subarray(1),
        new Uint8Array(0), concatBytes(Uint8Array.of(4), b32(C.p), ct.subarray(33))];
      for (const c of bad) same(() => ops.decrypt(d, c), () => tsSm2.decrypt(d, c), toHex(c.subarray(0, 8)));
      same(() => ops.decrypt(d, ct, 'c1c2c3'), () => tsSm2.decrypt(d, ct, 'c1c2c3'));
    });

    test('invalid public keys give TypeScript\'s errors in every operation that takes one', () => {
      for (const [name, key] of BAD_PUBLIC) {
        same(() => ops.computeZ(key), () => tsSm2.computeZ(key), name);
        same(() => ops.verifyingKey(key), () => tsSm2.verifyingKey(key), name);
        same(() => ops.encryptingKey(key), () => tsSm2.encryptingKey(key), name);
        same(() => ops.encrypt(key, MSG), () => tsSm2.encrypt(key, MSG), name);
        same(() => ops.encrypt(key, new Uint8Array(0)), () => tsSm2.encrypt(key, new Uint8Array(0)), name);
        same(() => ops.signingKey(D, { publicKey: key }), () => tsSm2.signingKey(D, { publicKey: key }), name);
        const items = [{ publicKey: key, digest: new Uint8Array(32), signature: new Uint8Array(64) }];
        same(() => ops.verifyDigestBatch(items), () => tsSm2.verifyDigestBatch(items), name);
      }
    });

    test('invalid private keys give TypeScript\'s errors', () => {
      for (const [name, d] of BAD_PRIVATE) {
        same(() => ops.publicKeyOf(d), () => tsSm2.publicKeyOf(d), name);
        same(() => ops.signingKey(d), () => tsSm2.signingKey(d), name);
        same(() => ops.decrypt(d, fromHex(String(ENCV.c1c3c2))), () => tsSm2.decrypt(d, fromHex(String(ENCV.c1c3c2))), name);
      }
    });

    test('argument errors match TypeScript\'s: types, lengths, formats, IDs, counts', () => {
      const anyv = (x: unknown) => x as Uint8Array;
      const sig = new Uint8Array(64);
      const cases: [string, (o: typeof tsSm2) => unknown][] = [
        ['message not bytes', (o) => o.signingKey(D).sign(anyv('msg'))],
        ['digest of 31 bytes', (o) => o.signingKey(D).signDigests([new Uint8Array(32), new Uint8Array(31)])],
        ['digests not an array', (o) => o.signingKey(D).signDigests(anyv(new Uint8Array(32)) as never)],
        ['signature of 63 bytes', (o) => o.verifyingKey(PUB).verify(MSG, new Uint8Array(63))],
        ['verifyDigests item without digest', (o) => o.verifyingKey(PUB).verifyDigests([{ digest: anyv(null), signature: sig }])],
        ['empty plaintext', (o) => o.encryptingKey(PUB).encrypt(new Uint8Array(0))],
        ['bad format', (o) => o.encryptingKey(PUB).encrypt(MSG, 'c2c1c3' as never)],
        ['bad decrypt format', (o) => o.decrypt(D, new Uint8Array(120), 'x' as never)],
        ['ciphertext not bytes', (o) => o.decrypt(D, anyv([1, 2]))],
        ['ID of 8192 bytes', (o) => o.signingKey(D, { id: new Uint8Array(8192) })],
        ['ID not bytes', (o) => o.computeZ(PUB, anyv(5))],
        ['count −1', (o) => o.generateKeyPairs(-1)], ['count 1.5', (o) => o.generateKeyPairs(1.5)],
        ['private key not bytes', (o) => o.publicKeyOf(anyv('00'))],
        ['public key not bytes', (o) => o.verifyingKey(anyv({}))],
      ];
      for (const [name, f] of cases) same(() => f(ops), () => f(tsSm2), name);
    });

    test('verifyDigestBatch reports the first bad item as TypeScript does (key checked first)', () => {
      const good = { publicKey: PUB, digest: new Uint8Array(32), signature: new Uint8Array(64) };
      const badKey = { ...good, publicKey: BAD_PUBLIC[0]![1] }, badDigest = { ...good, digest: new Uint8Array(3) };
      const notBytes = { ...good, publicKey: 'k' as unknown as Uint8Array };
      for (const items of [[good, badDigest, badKey], [good, badKey, badDigest], [badDigest], [{ ...badKey, digest: new Uint8Array(3) }],
        [good, notBytes, badKey], [badKey, notBytes], [good, good]]) {
        same(() => ops.verifyDigestBatch(items), () => tsSm2.verifyDigestBatch(items));
      }
    });

    test('released keys refuse further use with a TypeError; release twice is harmless', () => {
      const s = ops.signingKey(D);
      s.release();
      s.release();
      assert.throws(() => s.sign(MSG), { name: 'TypeError', message: 'sm2.Signer.sign: signer was destroyed' });
      assert.throws(() => s.signDigests([]), TypeError);
      const v = ops.verifyingKey(PUB, { precompute: true });
      v.release();
      assert.throws(() => v.verify(MSG, new Uint8Array(64)), TypeError);
      const e = ops.encryptingKey(PUB);
      e.release();
      assert.throws(() => e.encrypt(MSG), TypeError);
    });
  });
}

describe('raw addon sm2 object: misuse throws or returns null, never crashes', { skip }, () => {
  const junk: unknown[] = [undefined, null, 0, -1, 2 ** 53, 'x', {}, [], new Uint16Array(32), new ArrayBuffer(32),
    new Uint8Array(0), new Uint8Array(31), new Uint8Array(1 << 16), () => 0];
  const detached = (): Uint8Array => {
    const u = new Uint8Array(32);
    structuredClone(u.buffer, { transfer: [u.buffer] });
    return u;
  };

  test('every entry point with junk arguments', () => {
    const a = raw!;
    let calls = 0;
    for (const name of Object.keys(a) as (keyof Sm2Addon)[]) {
      if (name === 'testingForcePath') continue;
      const f = a[name] as (...args: unknown[]) => unknown;
      for (const x of [...junk, detached()]) {
        for (const args of [[], [x], [x, x], [x, x, x], [x, x, x, x], [new Uint8Array(32), x, x, x], [x, new Uint8Array(64), x]]) {
          calls++;
          try {
            f(...args);
          } catch (e) {
            assert.ok(e instanceof TypeError || (e instanceof Error && e.message.startsWith('sm2:')), `${name}: ${String(e)}`);
          }
        }
      }
    }
    assert.ok(calls > 1500);
  });

  test('key handles: the wrong kind, released handles and foreign objects are refused', () => {
    const a = raw!;
    const s = a.signer(D, undefined, new Uint8Array(0))!;
    const v = a.verifier(PUB, null, false)!;
    assert.throws(() => a.signMessage(v, MSG), TypeError);
    assert.throws(() => a.encrypt(s, MSG, 0), TypeError);
    assert.throws(() => a.signerRelease(v), TypeError);
    a.signerRelease(s);
    assert.throws(() => a.signMessage(s, MSG), TypeError);
    assert.throws(() => a.signDigests(s, new Uint8Array(32)), TypeError);
    a.verifierRelease(v);
    assert.throws(() => a.verifyMessage(v, MSG, new Uint8Array(64)), TypeError);
    assert.equal(a.decodePublic(detached()), null);
    assert.equal(a.decrypt(D, detached(), 0), null);
  });

  test('a given k outside [1, n − 1] is refused natively', () => {
    const s = raw!.signer(D, undefined, new Uint8Array(0))!;
    for (const k of [b32(0n), b32(N), b32((1n << 256n) - 1n)]) {
      assert.throws(() => raw!.signDigests(s, new Uint8Array(32), k), /k out of range/);
    }
    raw!.signerRelease(s);
  });
});

function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

