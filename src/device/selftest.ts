/**
 * Power-up self-tests (GM/T 0028 §7.10), run before the device serves anything; any failure puts
 * the device into the error state (device.ts), visible in `status` with the failing test.
 *
 * 1. Module known-answer tests: each algorithm module's own KAT (pure TypeScript).
 * 2. Engine known-answer tests on EVERY available backend (ts and, when built, native): SM3,
 *    SM4-ECB and SM4-GCM (RFC 8998), SM2 verification of the GM/T 0003.5 Annex A signature,
 *    decryption of the Annex C ciphertext and a sign/verify round trip through the backend's own
 *    key objects, ZUC 128-EEA3 and 128-EIA3 (GM/T 0001.2/.3 test sets); the legacy
 *    RSA/AES/SHA-2 KAT through node:crypto.
 * 3. DRBG health (GM/T 0105): the SM3 Hash_DRBG and SM4 CTR_DRBG known answers, then a fresh
 *    instance's instantiate/generate/reseed with a continuous check (no two consecutive outputs
 *    equal).
 * 4. Randomness (GM/T 0005-2021 on fresh output of the device's own generator): the GM/T 0062
 *    periodic setting — 20 samples of 2×10^4 bits, 12 tests, decided by the GM/T 0005 §6 pass
 *    rate and Q-value uniformity — with an item-level re-test policy (below).
 *
 * Why a re-test policy: the §6 pass-rate rule fails a single item of a perfect generator with
 * probability ≈ 0.017 at 20 samples (it needs 19 of 20 samples to pass at α = 0.01), and the
 * check has ~35 items, so one run fails a good generator about a third of the time (measured:
 * 19 of 60 runs on node's CSPRNG). An item that fails is therefore re-run on fresh samples, up
 * to three more times, and the check fails only if some item failed in every attempt: ≈ 0.017^4
 * ≈ 8×10^-8 per item, about 3×10^-6 per power-up. A broken source (stuck, biased or repeating
 * output) fails the same items every time and is caught (test/device/selftest.test.ts runs both
 * directions). The full GM/T 0062 power-on check (20 × 10^6 bits, all 15 tests, seconds of
 * work) is `mima device selftest --full`.
 *
 * @module
 */
import { ctEqual, fromHex, toHex, utf8 } from '../algorithms/internal/bytes.js';
import type { RandomSource } from '../algorithms/internal/random.js';
import { selfTest as sm2SelfTest } from '../algorithms/sm2/index.js';
import { selfTest as sm3SelfTest } from '../algorithms/sm3/index.js';
import { selfTest as sm4SelfTest } from '../algorithms/sm4/index.js';
import { selfTest as zucSelfTest } from '../algorithms/zuc/index.js';
import { createHashDrbg, powerUpRandomnessCheck, selfTest as drbgSelfTest, type Gmt0062Phase } from '../algorithms/random/index.js';
import { selfTest as legacySelfTest } from '../algorithms/legacy/index.js';
import { availableBackends, type SmBackend } from '../engine/index.js';
import type { Device } from './device.js';
import type { SelfTestResult } from './types.js';

/** A self-test suite: runs every test, reports each (never throws for a failed test). */
export type SelfTestSuite = (device: Device) => Promise<SelfTestResult[]>;

function kat(name: string, fn: () => boolean | void): SelfTestResult {
  const t = performance.now();
  try {
    const ok = fn();
    return { name, passed: ok !== false, ...(ok === false ? { detail: 'wrong answer' } : {}), ms: round(performance.now() - t) };
  } catch (e) {
    return { name, passed: false, detail: e instanceof Error ? e.message : String(e), ms: round(performance.now() - t) };
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** The algorithm modules' own known-answer tests. */
export function algorithmKats(): SelfTestResult[] {
  return [
    kat('SM3 KAT (GM/T 0004 A.1)', sm3SelfTest),
    kat('SM4 KAT (GM/T 0002 A.1)', sm4SelfTest),
    kat('SM2 KAT (GM/T 0003.5)', sm2SelfTest),
    kat('ZUC KAT (GM/T 0001)', zucSelfTest),
    kat('DRBG KAT (GM/T 0105)', drbgSelfTest),
    kat('RSA/AES/SHA-2 KAT', legacySelfTest),
  ];
}

// Known answers (sources cited per constant).
const SM3_ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'; // GM/T 0004 A.1
const SM4_KEY = '0123456789abcdeffedcba9876543210'; // GM/T 0002 A.1 (key = plaintext)
const SM4_ECB = '681edf34d206965e86b3e94f536e4246';
const GCM = { // RFC 8998 A.1
  iv: '00001234567800000000abcd',
  aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
  pt: 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccddddddddddddddddeeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa',
  ct: '17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d',
  tag: '83de3541e4c2b58177e065a9bf7b62ec',
};
const SM2 = { // GM/T 0003.5 Annex A (signature, default ID) and Annex C (encryption)
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  pub: '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  sig: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
  ct: '0404ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0' +
    '59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd876621886ca989ca9c7d58087307ca93092d651efa',
};
const EEA3 = { key: '173d14ba5003731d7a60049470f00a29', count: 0x66035492, bearer: 15, dir: 0 as const, bits: 193, // GM/T 0001.2 set 1
  pt: '6cf65340735552ab0c9752fa6f9025fe0bd675d9005875b200', ct: 'a6c85fc66afb8533aafc2518dfe784940ee1e4b030238cc800' };
const EIA3 = { key: 'c9e6cec4607c72db000aefa88385ab0a', count: 0xa94059da, bearer: 10, dir: 1 as const, bits: 577, mac: 'fae8ff0b', // GM/T 0001.3 set 2
  msg: '983b41d47d780c9e1ad11d7eb70391b1de0b35da2dc62f83e7b78d6306ca0ea07e941b7be91348f9fcb170e2217fecd97f9f68adb16e5d7d21e569d280ed775cebde3f4093c5388100' };

/** Known-answer tests of one engine backend, through the interface the device uses. */
export function backendKats(be: SmBackend): SelfTestResult[] {
  const n = (what: string): string => `${what} [${be.name} engine]`;
  return [
    kat(n('SM3 KAT'), () => toHex(be.sm3.digest(utf8('abc'))) === SM3_ABC),
    kat(n('SM4-ECB KAT'), () => toHex(be.sm4.encrypt({ mode: 'ecb', key: fromHex(SM4_KEY), data: fromHex(SM4_KEY), padding: 'none' })) === SM4_ECB),
    kat(n('SM4-GCM KAT (RFC 8998)'), () => {
      const req = { mode: 'gcm' as const, key: fromHex(SM4_KEY), nonce: fromHex(GCM.iv), aad: fromHex(GCM.aad), data: fromHex(GCM.pt), tagLength: 16 };
      const sealed = be.sm4.seal(req);
      return toHex(sealed) === GCM.ct + GCM.tag && ctEqual(be.sm4.open({ ...req, data: sealed }), fromHex(GCM.pt));
    }),
    kat(n('SM2 verify KAT (GM/T 0003.5 A)'), () => {
      const key = be.sm2.verifyingKey(fromHex(SM2.pub));
      try {
        const msg = utf8('message digest');
        const good = fromHex(SM2.sig);
        const bad = good.slice();
        bad[63]! ^= 1;
        return key.verify(msg, good) && !key.verify(msg, bad);
      } finally {
        key.release();
      }
    }),
    kat(n('SM2 decrypt KAT (GM/T 0003.5 C)'), () => ctEqual(be.sm2.decrypt(fromHex(SM2.d), fromHex(SM2.ct)), utf8('encryption standard'))),
    kat(n('SM2 sign/verify'), () => {
      const signer = be.sm2.signingKey(fromHex(SM2.d), { publicKey: fromHex(SM2.pub) });
      const verifier = be.sm2.verifyingKey(fromHex(SM2.pub));
      try {
        return verifier.verify(utf8('self-test'), signer.sign(utf8('self-test')));
      } finally {
        signer.release();
        verifier.release();
      }
    }),
    kat(n('ZUC 128-EEA3 KAT'), () => toHex(be.zuc.eea3(fromHex(EEA3.key), EEA3.count, EEA3.bearer, EEA3.dir, fromHex(EEA3.pt), EEA3.bits)) === EEA3.ct),
    kat(n('ZUC 128-EIA3 KAT'), () => toHex(be.zuc.eia3(fromHex(EIA3.key), EIA3.count, EIA3.bearer, EIA3.dir, fromHex(EIA3.msg), EIA3.bits)) === EIA3.mac),
  ];
}

/** DRBG health: a fresh SM3 Hash_DRBG instantiates, generates, reseeds; consecutive outputs differ. */
export function drbgHealth(): SelfTestResult {
  return kat('DRBG health (instantiate, generate, reseed, continuous test)', () => {
    const drbg = createHashDrbg();
    try {
      const a = drbg.generate(32);
      const b = drbg.generate(32);
      drbg.reseed();
      const c = drbg.generate(32);
      return !ctEqual(a, b) && !ctEqual(b, c) && !ctEqual(a, c);
    } finally {
      drbg.destroy();
    }
  });
}

/** How many times an item may be tried in all (the first run and three re-tests). */
export const RANDOMNESS_ATTEMPTS = 4;

/**
 * GM/T 0005 randomness of `source` with the item-level re-test policy (module doc): fails only
 * when some item failed in every one of `attempts` runs on fresh samples.
 */
export function randomnessSelfTest(source: RandomSource, opts: { attempts?: number; phase?: Gmt0062Phase } = {}): SelfTestResult {
  const phase = opts.phase ?? 'periodic';
  const attempts = opts.attempts ?? RANDOMNESS_ATTEMPTS;
  const t = performance.now();
  const name = `GM/T 0005 randomness of the device generator (GM/T 0062 ${phase}, item re-test x${attempts - 1})`;
  try {
    let failing: Set<string> | undefined;
    let runs = 0;
    for (; runs < attempts && (failing === undefined || failing.size > 0); runs++) {
      const r = powerUpRandomnessCheck(source, { phase });
      const now = new Set(r.assessment.items.filter((x) => !x.passed).map((x) => x.label));
      failing = failing === undefined ? now : new Set([...failing].filter((label) => now.has(label)));
    }
    const passed = failing!.size === 0;
    return { name, passed, detail: passed ? `${runs} run(s)` : `failed in all ${runs} runs: ${[...failing!].join(', ')}`, ms: round(performance.now() - t) };
  } catch (e) {
    return { name, passed: false, detail: e instanceof Error ? e.message : String(e), ms: round(performance.now() - t) };
  }
}

/** The full power-up suite (module doc). */
export const runPowerUpSelfTests: SelfTestSuite = async (device) => [
  ...algorithmKats(),
  ...availableBackends().flatMap(backendKats),
  drbgHealth(),
  randomnessSelfTest(device.random),
];

/** Known answers only (no randomness battery): for tests that open many devices. */
export const runKnownAnswerSelfTests: SelfTestSuite = async () => [...algorithmKats(), ...availableBackends().flatMap(backendKats), drbgHealth()];
