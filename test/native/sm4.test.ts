/**
 * SM4 on the native engine against the TypeScript backend (src/engine/ts/sm4.ts), which is the
 * reference: every mode in both directions on random keys, IVs and edge lengths (0, 1, 15, 16,
 * 17, 4095, 4096, 65537 and random ones) must agree bit for bit, or fail with the same error
 * (class, SDR code, message). Also: the GM/T 0002 and RFC 8998 examples, the OpenSSL/GmSSL
 * XTS vectors of both standards, every Wycheproof SM4-GCM and SM4-CCM case, CTR and GCM
 * counter wrap-around, forged tags (one opaque SDR_MACERR), bad padding (SDR_SYMOPERR), and
 * misuse from JS (wrong types, lengths, detached buffers), which must raise typed errors and
 * never crash.
 *
 * The differential and vector suites run once under every kernel path the CPU offers
 * (testingForcePath: 'portable' T-tables, 'aesni', 'avx2-gfni', 'avx512-gfni'), then under
 * 'auto'. Without the addon or its sm4 family the suite is skipped with the reason.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { tsSm4 } from '../../src/engine/ts/sm4.js';
import { loadAddon } from '../../src/engine/native/loader.js';
import { nativeSm4, sm4Addon } from '../../src/engine/native/sm4.js';
import type { Sm4AeadRequest, Sm4Mode, Sm4Ops, Sm4Request } from '../../src/engine/types.js';
import { CryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVector, gmVectorsByAlg, readJson, wycheproof } from '../helpers/vectors.js';
import { nodeSm4 } from '../sm4/util.js';
import { gfMul, nodeEcb, refGcm } from '../sm4/reference.js';

const load = loadAddon();
const raw = load.addon ? sm4Addon(load.addon) : undefined;
const ops: Sm4Ops | undefined = load.addon && raw ? nativeSm4(load.addon) : undefined;
const skip = ops ? false : (load.reason ?? 'the native addon has no sm4 family');
const PATHS = raw ? [...raw.paths, 'auto'] : [];
const EDGE = [0, 1, 15, 16, 17, 4095, 4096, 65537];
const MODES: readonly Sm4Mode[] = ['ecb', 'cbc', 'cfb', 'ofb', 'ctr', 'xts'];

const rand = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const hex = (s: string): Uint8Array => fromHex(s);

type Outcome = { bytes: Uint8Array } | { error: unknown };
function outcome(f: () => Uint8Array): Outcome {
  try {
    return { bytes: f() };
  } catch (e) {
    return { error: e };
  }
}

/** Native and reference give equal bytes, or the same error (class, code, message). */
function assertSame(native: () => Uint8Array, reference: () => Uint8Array, label: string): Outcome {
  const want = outcome(reference);
  const got = outcome(native);
  if ('bytes' in want) {
    assert.ok('bytes' in got, `${label}: native threw ${'error' in got ? String(got.error) : ''}`);
    assert.deepEqual(got.bytes, want.bytes, label);
    return want;
  }
  assert.ok('error' in got, `${label}: native returned where the reference threw ${String(want.error)}`);
  const w = want.error as Error;
  const g = got.error as Error;
  assert.equal(g.constructor, w.constructor, `${label}: error class`);
  assert.equal(g.message, w.message, `${label}: message`);
  if (w instanceof CryptoError) assert.equal((g as CryptoError).code, w.code, `${label}: code`);
  return want;
}

function throwsCode(fn: () => unknown, code: SdrName): void {
  assert.throws(fn, (e: unknown) => e instanceof CryptoError && e.code === code);
}

/** x^-1 in GF(2^128) (GCM bit order) as x^(2^128 - 2). */
function gfInv(x: Uint8Array): Uint8Array {
  let r: Uint8Array = new Uint8Array(16);
  r[0] = 0x80; // the polynomial 1
  let s: Uint8Array = x;
  for (let i = 1; i < 128; i++) {
    s = gfMul(s, s);
    r = gfMul(r, s);
  }
  return r;
}

/** The 16-byte GCM nonce whose J0 is `j0` under hash key h: X1 = (J0·H^-1 ^ L)·H^-1. */
function nonceForJ0(h: Uint8Array, j0: Uint8Array): Uint8Array {
  const hi = gfInv(h);
  const lengths = new Uint8Array(16);
  lengths[15] = 128; // [0]_64 ‖ [128]_64: a 16-byte nonce
  return gfMul(gfMul(j0, hi).map((b, i) => b ^ lengths[i]!), hi);
}

/** A random XTS key (halves differ), or a 16-byte key. */
const keyFor = (mode: Sm4Mode): Uint8Array => rand(mode === 'xts' ? 32 : 16);
const randomLengths = (): number[] => Array.from({ length: 6 }, () => randomInt(0, 3000));

describe('native SM4', { skip }, () => {
  const nat = ops as Sm4Ops;
  const a = raw!;

  test('reports its kernel paths: portable always, the one in use among them', () => {
    assert.ok(a.paths.includes('portable'));
    assert.ok(a.paths.includes(a.path()));
  });

  for (const path of PATHS) {
    describe(`kernel path '${path}'`, () => {
      before(() => a.testingForcePath(path));
      after(() => a.testingForcePath('auto'));

      test('selects the path', () => {
        assert.equal(a.path(), path === 'auto' ? a.paths[a.paths.length - 1] : path);
      });

      for (const mode of MODES) {
        test(`${mode}: random keys, IVs and lengths agree with the TypeScript backend in both directions`, () => {
          let n = 0;
          for (const len of [...EDGE, ...randomLengths()]) {
            for (const padding of mode === 'ecb' || mode === 'cbc' ? (['none', 'pkcs7'] as const) : ([undefined] as const)) {
              for (const xtsStandard of mode === 'xts' ? (['GB', 'IEEE'] as const) : ([undefined] as const)) {
                const req: Sm4Request = { mode, key: keyFor(mode), iv: mode === 'ecb' ? undefined : rand(16), data: rand(len) };
                if (padding) req.padding = padding;
                if (xtsStandard) req.xtsStandard = xtsStandard;
                const label = `${mode} ${padding ?? ''} ${xtsStandard ?? ''} len ${len}`;
                const enc = assertSame(() => nat.encrypt(req), () => tsSm4.encrypt(req), `encrypt ${label}`);
                assertSame(() => nat.decrypt(req), () => tsSm4.decrypt(req), `decrypt of random data, ${label}`);
                if ('bytes' in enc) {
                  const back = { ...req, data: enc.bytes };
                  assert.deepEqual(nat.decrypt(back), req.data, `round trip ${label}`);
                }
                n++;
              }
            }
          }
          const perLength = mode === 'ecb' || mode === 'cbc' || mode === 'xts' ? 2 : 1;
          assert.equal(n, (EDGE.length + 6) * perLength);
        });
      }

      test('CTR carries across all 128 bits of the counter, and wraps at 2^128', () => {
        for (const iv of ['00000000ffffffffffffffffffffff00', 'fffffffffffffffffffffffffffffff0', '0123456789abcdefffffffffffffffd3']) {
          const req: Sm4Request = { mode: 'ctr', key: rand(16), iv: hex(iv), data: rand(16 * 300 + 5) };
          assert.deepEqual(nat.encrypt(req), tsSm4.encrypt(req), iv);
          assert.deepEqual(nat.encrypt(req), nodeSm4('ctr', req.key, req.iv!, req.data, false), `node:crypto ${iv}`);
        }
      });

      test('CBC-MAC agrees with the TypeScript backend for 1..300 blocks', () => {
        let n = 0;
        for (const blocks of [1, 2, 3, 15, 16, 17, 64, 300]) {
          const key = rand(16);
          const iv = rand(16);
          const data = rand(16 * blocks);
          assert.deepEqual(nat.cbcMac(key, iv, data), tsSm4.cbcMac(key, iv, data), `${blocks} blocks`);
          n++;
        }
        assert.equal(n, 8);
      });

      test('GCM seal and open agree with the TypeScript backend (nonces 1..40 bytes, tags 12..16, AAD, edge lengths)', () => {
        let n = 0;
        for (const len of [...EDGE, ...randomLengths()]) {
          const nonceLen = n % 3 === 0 ? 12 : randomInt(1, 41);
          const req: Sm4AeadRequest = { mode: 'gcm', key: rand(16), nonce: rand(nonceLen), data: rand(len), aad: rand(randomInt(0, 70)), tagLength: 12 + (n % 5) };
          const sealed = assertSame(() => nat.seal(req), () => tsSm4.seal(req), `seal len ${len} nonce ${nonceLen}`);
          assert.ok('bytes' in sealed);
          assert.deepEqual(nat.open({ ...req, data: sealed.bytes }), req.data);
          n++;
        }
        assert.equal(n, EDGE.length + 6);
      });

      test('CCM seal and open agree with the TypeScript backend (nonces 7..13 bytes, tags 4..16, AAD sizes across the 2-byte encoding)', () => {
        let n = 0;
        for (const len of [0, 1, 15, 16, 17, 4095, 4096, 65535, ...randomLengths()]) {
          const nonceLen = 7 + (n % 7);
          const aadLen = [0, 1, 14, 15, 16, 100, 0xfeff, 0xff00][n % 8]!;
          const req: Sm4AeadRequest = { mode: 'ccm', key: rand(16), nonce: rand(nonceLen), data: rand(len), aad: rand(aadLen), tagLength: 4 + 2 * (n % 7) };
          const sealed = assertSame(() => nat.seal(req), () => tsSm4.seal(req), `seal len ${len} nonce ${nonceLen}`);
          assert.ok('bytes' in sealed);
          assert.deepEqual(nat.open({ ...req, data: sealed.bytes }), req.data);
          n++;
        }
        assert.equal(n, 8 + 6);
      });

      test('GM/T 0002-2012 and draft-ribose examples: ECB, CBC, CTR, OFB, CFB, both directions (5 vectors)', () => {
        const cases = [
          ['sm4_example_1', 'ecb'],
          ['sm4_cbc_1', 'cbc'],
          ['sm4_ctr_1', 'ctr'],
          ['sm4_ofb_1', 'ofb'],
          ['sm4_cfb_1', 'cfb'],
        ] as const;
        for (const [id, mode] of cases) {
          const v = gmVector(id);
          const req: Sm4Request = { mode, key: hex(v['key'] as string), iv: v['iv'] === undefined ? undefined : hex(v['iv'] as string), data: hex(v['plaintext'] as string) };
          const ct = nat.encrypt(req);
          assert.equal(toHex(ct), v['ciphertext'], id);
          assert.equal(toHex(nat.decrypt({ ...req, data: ct })), v['plaintext'], id);
        }
        assert.equal(cases.length, gmVectorsByAlg('SM4-').filter((v) => !/GCM|CCM|iterated/.test(v.alg)).length);
      });

      test('GM/T 0002-2012 Annex A.2: 1,000,000 encryptions under one key give 595298c7..., and decrypt back', () => {
        const v = gmVector('sm4_example_2_1e6');
        const key = hex(v['key'] as string);
        let b = hex(v['plaintext'] as string);
        assert.equal(v['iterations'], 1_000_000);
        for (let i = 0; i < 1_000_000; i++) b = nat.encrypt({ mode: 'ecb', key, data: b });
        assert.equal(toHex(b), v['ciphertext']);
        for (let i = 0; i < 1_000_000; i++) b = nat.decrypt({ mode: 'ecb', key, data: b });
        assert.equal(toHex(b), v['plaintext']);
      });

      test('RFC 8998 A.1/A.2 and the GmSSL CCM boundary case seal and open (3 vectors)', () => {
        const cases = [
          ['sm4_gcm_rfc8998', 'gcm', 16],
          ['sm4_ccm_rfc8998', 'ccm', 16],
          ['sm4_ccm_aad14_tag12', 'ccm', 12],
        ] as const;
        for (const [id, mode, tagLength] of cases) {
          const v = gmVector(id);
          const req = { mode, key: hex(v['key'] as string), nonce: hex(v['iv'] as string), aad: hex(v['aad'] as string), tagLength };
          const sealed = nat.seal({ ...req, data: hex(v['plaintext'] as string) });
          assert.equal(toHex(sealed), (v['ciphertext'] as string) + (v['tag'] as string), id);
          assert.equal(toHex(nat.open({ ...req, data: sealed })), v['plaintext'], id);
        }
      });

      test('XTS vectors of OpenSSL and GmSSL, both standards (4 vectors: 3 GB, 1 IEEE)', () => {
        const file = readJson<{ vectors: { id: string; standard: 'GB' | 'IEEE'; key: string; tweak: string; plaintext: string; ciphertext: string }[] }>('sm4-xts', 'sm4-xts.json');
        const count = { GB: 0, IEEE: 0 };
        for (const v of file.vectors) {
          const req: Sm4Request = { mode: 'xts', key: hex(v.key), iv: hex(v.tweak), data: hex(v.plaintext), xtsStandard: v.standard };
          assert.equal(toHex(nat.encrypt(req)), v.ciphertext, v.id);
          assert.equal(toHex(nat.decrypt({ ...req, data: hex(v.ciphertext) })), v.plaintext, v.id);
          count[v.standard]++;
        }
        assert.deepEqual(count, { GB: 3, IEEE: 1 });
      });

      test('Wycheproof sm4_gcm_test.json: all 104 cases, 75 valid exact, 29 invalid rejected (incl. counter wrap)', () => {
        const file = wycheproof('sm4_gcm_test.json');
        let valid = 0;
        let invalid = 0;
        let wraps = 0;
        for (const g of file.testGroups) {
          for (const t of g.tests) {
            if (t.flags.includes('CounterWrap')) wraps++;
            const req = { mode: 'gcm' as const, key: hex(t.key), nonce: hex(t.iv!), aad: hex(t.aad ?? ''), tagLength: g.tagSize / 8 };
            const ctTag = hex(t.ct! + t.tag);
            if (t.result === 'valid') {
              assert.equal(toHex(nat.seal({ ...req, data: hex(t.msg) })), t.ct! + t.tag, `tc ${t.tcId}`);
              assert.equal(toHex(nat.open({ ...req, data: ctTag })), t.msg, `tc ${t.tcId}`);
              valid++;
            } else {
              assert.equal(t.result, 'invalid');
              assertSame(() => nat.open({ ...req, data: ctTag }), () => tsSm4.open({ ...req, data: ctTag }), `tc ${t.tcId}`);
              invalid++;
            }
          }
        }
        assert.deepEqual([valid, invalid, valid + invalid, wraps], [75, 29, file.numberOfTests, 12]);
      });

      test('Wycheproof sm4_ccm_test.json: all 184 cases, 135 valid exact, 49 invalid rejected', () => {
        const file = wycheproof('sm4_ccm_test.json');
        let valid = 0;
        let invalid = 0;
        for (const g of file.testGroups) {
          for (const t of g.tests) {
            const req = { mode: 'ccm' as const, key: hex(t.key), nonce: hex(t.iv!), aad: hex(t.aad ?? ''), tagLength: g.tagSize / 8 };
            const ctTag = hex(t.ct! + t.tag);
            if (t.result === 'valid') {
              assert.equal(toHex(nat.seal({ ...req, data: hex(t.msg) })), t.ct! + t.tag, `tc ${t.tcId}`);
              assert.equal(toHex(nat.open({ ...req, data: ctTag })), t.msg, `tc ${t.tcId}`);
              valid++;
            } else {
              assert.equal(t.result, 'invalid');
              assertSame(() => nat.open({ ...req, data: ctTag }), () => tsSm4.open({ ...req, data: ctTag }), `tc ${t.tcId}`);
              invalid++;
            }
          }
        }
        assert.deepEqual([valid, invalid, valid + invalid], [135, 49, file.numberOfTests]);
      });

      test('GCM inc32 wraps the low 32 counter bits without carry inside long messages, as the TypeScript module', () => {
        // A 16-byte nonce whose J0 = GHASH(nonce ‖ [0]_64 ‖ [128]_64) ends in a chosen word: the
        // nonce is solved for with H^-1, so the wrap falls inside a multi-block kernel step.
        let n = 0;
        for (const low of [0xfffffff0, 0xffffffff, 0xffffffc1]) {
          const key = rand(16);
          const j0 = rand(16);
          j0.set([low >>> 24, (low >>> 16) & 255, (low >>> 8) & 255, low & 255], 12);
          const nonce = nonceForJ0(nodeEcb(key, new Uint8Array(16)), j0);
          const req: Sm4AeadRequest = { mode: 'gcm', key, nonce, data: rand(16 * 100 + 7), aad: rand(5) };
          assert.deepEqual(nat.seal(req), tsSm4.seal(req), `J0 low word ${low.toString(16)}`);
          assert.deepEqual(nat.seal(req), refGcm(key, nonce, req.data, req.aad!), `reference, ${low.toString(16)}`);
          n++;
        }
        assert.equal(n, 3);
      });

      test('a changed tag, ciphertext, AAD or nonce is one opaque SDR_MACERR, as on the TypeScript backend', () => {
        let n = 0;
        for (const mode of ['gcm', 'ccm'] as const) {
          for (const len of [0, 1, 16, 100, 5000]) {
            const req: Sm4AeadRequest = { mode, key: rand(16), nonce: rand(12), data: rand(len), aad: rand(20) };
            const sealed = nat.seal(req);
            const flips: Sm4AeadRequest[] = [];
            for (const at of [0, Math.floor(sealed.length / 2), sealed.length - 1]) {
              const bad = sealed.slice();
              bad[at]! ^= 0x01;
              flips.push({ ...req, data: bad });
            }
            const aad = req.aad!.slice();
            aad[0]! ^= 0x80;
            flips.push({ ...req, data: sealed, aad });
            const nonce = req.nonce.slice();
            nonce[11]! ^= 0x01;
            flips.push({ ...req, data: sealed, nonce });
            for (const f of flips) {
              throwsCode(() => nat.open(f), 'SDR_MACERR');
              assertSame(() => nat.open(f), () => tsSm4.open(f), `${mode} ${len}`);
              n++;
            }
          }
        }
        assert.equal(n, 2 * 5 * 5);
      });

      test('bad PKCS#7 padding is SDR_SYMOPERR for ECB and CBC, with the TypeScript message', () => {
        let n = 0;
        for (const mode of ['ecb', 'cbc'] as const) {
          const key = rand(16);
          const iv = rand(16);
          for (const last of [0, 17, 255]) {
            // a ciphertext whose last plaintext block ends in an impossible padding byte
            const plain = rand(32);
            plain[31] = last;
            const ct = nat.encrypt({ mode, key, iv, data: plain, padding: 'none' });
            const req: Sm4Request = { mode, key, iv, data: ct, padding: 'pkcs7' };
            throwsCode(() => nat.decrypt(req), 'SDR_SYMOPERR');
            assertSame(() => nat.decrypt(req), () => tsSm4.decrypt(req), `${mode} last byte ${last}`);
            n++;
          }
        }
        assert.equal(n, 6);
      });

      test('batches equal single calls, in order, for every mode', () => {
        const reqs: Sm4Request[] = [];
        for (const mode of MODES) {
          for (const len of [16, 33, 4096]) {
            const req: Sm4Request = { mode, key: keyFor(mode), iv: rand(16), data: rand(len) };
            if (mode === 'ecb' || mode === 'cbc') req.padding = 'pkcs7';
            reqs.push(req);
          }
        }
        const cts = nat.encryptBatch(reqs);
        assert.deepEqual(cts, reqs.map((r) => tsSm4.encrypt(r)));
        const back = nat.decryptBatch(reqs.map((r, i) => ({ ...r, data: cts[i]! })));
        assert.deepEqual(back, reqs.map((r) => r.data));
        assert.equal(reqs.length, 18);
      });
    });
  }

  describe('misuse from JS', () => {
    const key = rand(16);
    const iv = rand(16);
    const bad: [string, Sm4Request][] = [
      ['key of 15 bytes', { mode: 'cbc', key: rand(15), iv, data: rand(16) }],
      ['key that is a string', { mode: 'ctr', key: 'k'.repeat(16) as unknown as Uint8Array, iv, data: rand(16) }],
      ['iv of 8 bytes', { mode: 'cfb', key, iv: rand(8), data: rand(16) }],
      ['missing iv', { mode: 'ofb', key, data: rand(16) }],
      ['data that is an array', { mode: 'ecb', key, data: [1, 2, 3] as unknown as Uint8Array }],
      ['partial block without padding', { mode: 'ecb', key, data: rand(17) }],
      ['unknown padding', { mode: 'cbc', key, iv, data: rand(16), padding: 'zero' as 'none' }],
      ['unknown mode', { mode: 'gcm' as Sm4Mode, key, iv, data: rand(16) }],
      ['XTS key of 16 bytes', { mode: 'xts', key, iv, data: rand(32) }],
      ['XTS with equal key halves', { mode: 'xts', key: new Uint8Array(32), iv, data: rand(32) }],
      ['XTS with 15 bytes', { mode: 'xts', key: rand(32), iv, data: rand(15) }],
      ['XTS with an unknown standard', { mode: 'xts', key: rand(32), iv, data: rand(32), xtsStandard: 'gb' as 'GB' }],
      ['Int8Array key', { mode: 'ecb', key: new Int8Array(16) as unknown as Uint8Array, data: rand(16) }],
    ];
    test(`bad requests raise the TypeScript backend's errors, encrypting and decrypting (${bad.length} cases)`, () => {
      for (const [label, req] of bad) {
        assertSame(() => nat.encrypt(req), () => tsSm4.encrypt(req), `encrypt: ${label}`);
        assertSame(() => nat.decrypt(req), () => tsSm4.decrypt(req), `decrypt: ${label}`);
      }
    });

    test('bad AEAD requests raise the TypeScript backend errors (tag sizes, nonce sizes, types, short input)', () => {
      const cases: Sm4AeadRequest[] = [
        { mode: 'gcm', key: rand(16), nonce: new Uint8Array(0), data: rand(5) },
        { mode: 'gcm', key: rand(16), nonce: rand(12), data: rand(5), tagLength: 8 },
        { mode: 'gcm', key: rand(16), nonce: rand(12), data: rand(5), tagLength: 12.5 },
        { mode: 'gcm', key: rand(24), nonce: rand(12), data: rand(5) },
        { mode: 'ccm', key: rand(16), nonce: rand(6), data: rand(5) },
        { mode: 'ccm', key: rand(16), nonce: rand(14), data: rand(5) },
        { mode: 'ccm', key: rand(16), nonce: rand(12), data: rand(5), tagLength: 5 },
        { mode: 'ccm', key: rand(16), nonce: rand(13), data: rand(65536) },
        { mode: 'ccm', key: rand(16), nonce: [1, 2, 3, 4, 5, 6, 7, 8] as unknown as Uint8Array, data: rand(5) },
        { mode: 'gcm', key: rand(16), nonce: rand(12), data: 'text' as unknown as Uint8Array },
        { mode: 'gcm', key: rand(16), nonce: rand(12), data: rand(5), aad: 'aad' as unknown as Uint8Array },
      ];
      for (const req of cases) {
        assertSame(() => nat.seal(req), () => tsSm4.seal(req), `seal ${JSON.stringify({ ...req, key: undefined, data: undefined })}`);
        assertSame(() => nat.open(req), () => tsSm4.open(req), `open ${JSON.stringify({ ...req, key: undefined, data: undefined })}`);
      }
      const cbc = [
        [rand(16), rand(16), rand(0)],
        [rand(16), rand(16), rand(20)],
        [rand(16), rand(15), rand(16)],
        [rand(17), rand(16), rand(16)],
      ] as const;
      for (const [k, v, d] of cbc) assertSame(() => nat.cbcMac(k, v, d), () => tsSm4.cbcMac(k, v, d), 'cbcMac');
    });

    test('detached buffers behave as empty ones, as on the TypeScript backend', () => {
      const detached = (n: number): Uint8Array => {
        const buf = new ArrayBuffer(n);
        const view = new Uint8Array(buf);
        structuredClone(buf, { transfer: [buf] });
        return view;
      };
      const reqs: Sm4Request[] = [
        { mode: 'ctr', key, iv, data: detached(64) },
        { mode: 'ecb', key: detached(16), data: rand(16) },
        { mode: 'cbc', key, iv: detached(16), data: rand(16) },
        { mode: 'xts', key: rand(32), iv, data: detached(64) },
      ];
      for (const req of reqs) assertSame(() => nat.encrypt(req), () => tsSm4.encrypt(req), req.mode);
      const aeadReq: Sm4AeadRequest = { mode: 'gcm', key, nonce: rand(12), data: detached(32) };
      assertSame(() => nat.seal(aeadReq), () => tsSm4.seal(aeadReq), 'gcm');
    });

    test('a batch stops at its first bad request with that request error, as the TypeScript backend', () => {
      const good: Sm4Request = { mode: 'cbc', key, iv, data: rand(32), padding: 'none' };
      const badKey: Sm4Request = { mode: 'cbc', key: rand(3), iv, data: rand(32) };
      const badPad: Sm4Request = { mode: 'ecb', key, data: rand(32), padding: 'pkcs7' };
      for (const reqs of [[good, badKey, good], [good, badPad, badKey], [badPad, good]]) {
        assertSame(() => nat.decryptBatch(reqs)[0]!, () => tsSm4.decryptBatch(reqs)[0]!, 'batch');
      }
      assert.deepEqual(nat.encryptBatch([]), []);
    });

    test('the glue refuses wrong types and lengths with TypeError/RangeError instead of touching memory', () => {
      const out = new Uint8Array(64);
      assert.throws(() => a.crypt(0, key, null, rand(16), new Uint8Array(8)), RangeError);
      assert.throws(() => a.crypt(4, key, null, rand(16), out), RangeError);
      assert.throws(() => a.crypt(64, key, null, rand(16), out), RangeError);
      assert.throws(() => a.crypt(1.5, key, iv, rand(16), out), RangeError);
      assert.throws(() => a.crypt(0, key as never as Uint8Array, null, 'x' as unknown as Uint8Array, out), TypeError);
      assert.throws(() => a.crypt(0, new Uint16Array(8) as unknown as Uint8Array, null, rand(16), out), TypeError);
      assert.throws(() => (a.crypt as (...x: unknown[]) => number)(0, key), TypeError);
      assert.throws(() => a.aead(0, key, new Uint8Array(0), rand(0), rand(16), out, 16), RangeError);
      assert.throws(() => a.aead(2, key, rand(12), rand(0), rand(8), out, 16), RangeError);
      assert.throws(() => a.aead(0, key, rand(12), rand(0), rand(64), new Uint8Array(10), 16), RangeError);
      assert.throws(() => a.cbcMac(key, iv, rand(15), out), RangeError);
      assert.throws(() => a.cryptBatch(new Int32Array(1), [key, iv], new Int32Array(1)), RangeError);
      assert.throws(() => a.cryptBatch(new Int32Array(1), [key, null, 'x' as unknown as Uint8Array, out], new Int32Array(1)), TypeError);
      assert.throws(() => a.testingForcePath('sse9'), RangeError);
      assert.equal(a.testingForcePath('auto'), a.path());
    });
  });
});
