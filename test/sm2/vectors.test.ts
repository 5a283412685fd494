/**
 * Every SM2 vector of test/vectors/gmt/test-vectors.json, replayed exactly: fixed k and r_A/r_B
 * go in through an injected random source. Recommended-curve vectors run on the public API and
 * on the generic BigInt backend; the two test-curve vectors (GM/T 0003 Parts 2 and 4 Annex A)
 * run through the same scheme code on the generic backend.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { genericBackend } from '../../src/algorithms/sm2/generic-backend.js';
import { decryptWith, encryptWith } from '../../src/algorithms/sm2/encrypt.js';
import { createKeyExchangeWith } from '../../src/algorithms/sm2/exchange.js';
import { pointAdd, pointMul } from '../../src/algorithms/sm2/generic.js';
import { dInverseWith, signDigestWith, verifyDigestWith } from '../../src/algorithms/sm2/sign.js';
import { sm2p256v1Backend } from '../../src/algorithms/sm2/sm2p256v1.js';
import { eWith, zWith } from '../../src/algorithms/sm2/z.js';
import type { CurveBackend } from '../../src/algorithms/sm2/backend.js';
import { gmVector, gmVectorsByAlg, type GmVector } from '../helpers/vectors.js';
import { b32, C, num, replay, sm3ref, testCurve } from './helpers.js';

const ran = new Set<string>();
const s = (v: GmVector, k: string): string => String(v[k]);

/** Sign and encrypt vectors through the scheme code on a given backend. */
function signOn(curve: CurveBackend, v: GmVector): void {
  const d = fromHex(s(v, 'private_key'));
  const P = curve.decodePoint(fromHex(s(v, 'public_key')));
  assert.ok(P, 'public key decodes');
  const z = zWith(curve, P, utf8(s(v, 'user_id_ascii')));
  assert.equal(toHex(z), s(v, 'Z'));
  const e = eWith(z, utf8(s(v, 'message_ascii')));
  assert.equal(toHex(e), s(v, 'e'));
  const sig = signDigestWith(curve, d, dInverseWith(curve, d), e, replay(s(v, 'k')), 'test');
  assert.equal(toHex(sig), s(v, 'r') + s(v, 's'));
  assert.equal(verifyDigestWith(curve, P, e, sig), true);
}

function encryptOn(curve: CurveBackend, v: GmVector): void {
  const P = curve.decodePoint(fromHex(s(v, 'public_key')));
  assert.ok(P);
  const m = utf8(s(v, 'message_ascii'));
  const ct = encryptWith(curve, P, m, 'c1c3c2', replay(s(v, 'k')), 'test');
  assert.equal(toHex(ct), s(v, 'C1') + s(v, 'C3') + s(v, 'C2'));
  const d = fromHex(s(v, 'private_key'));
  assert.deepEqual(decryptWith(curve, d, ct, 'c1c3c2', 'test'), m);
}

describe('GM/T 0003 SM2 known-answer vectors', () => {
  test('sm2_z_default_id: Z of the GM/T 0003.5 key with the default ID "1234567812345678"', () => {
    const v = gmVector('sm2_z_default_id');
    assert.equal(s(v, 'user_id_ascii'), sm2.SM2_DEFAULT_ID);
    assert.equal(toHex(sm2.computeZ(fromHex(s(v, 'public_key')))), s(v, 'Z'));
    assert.equal(toHex(sm2.computeZ(fromHex(s(v, 'public_key')), utf8(s(v, 'user_id_ascii')))), s(v, 'Z'));
    ran.add(v.id);
  });

  test('sm2_sign_recommended_curve: the fixed k gives exactly the published r and s (public API)', () => {
    const v = gmVector('sm2_sign_recommended_curve');
    const d = fromHex(s(v, 'private_key')), pub = fromHex(s(v, 'public_key'));
    const msg = utf8(s(v, 'message_ascii'));
    assert.deepEqual(sm2.getPublicKey(d), pub);
    assert.equal(toHex(sm2.computeE(pub, msg)), s(v, 'e'));
    const sig = sm2.sign(d, msg, { rand: replay(s(v, 'k')) });
    assert.equal(toHex(sig), s(v, 'r') + s(v, 's'));
    assert.equal(toHex(sm2.signDigest(d, fromHex(s(v, 'e')), { rand: replay(s(v, 'k')) })), s(v, 'r') + s(v, 's'));
    const signer = sm2.prepareSigner(d);
    assert.equal(toHex(signer.sign(msg, { rand: replay(s(v, 'k')) })), s(v, 'r') + s(v, 's'));
    assert.equal(sm2.verify(pub, msg, sig), true);
    assert.equal(sm2.verifyDigest(pub, fromHex(s(v, 'e')), sig), true);
    assert.equal(sm2.prepareVerifier(pub, { precompute: true }).verify(msg, sig), true);
    ran.add(v.id);
  });

  test('sm2_sign_recommended_curve: same r and s from the generic BigInt backend', () => {
    signOn(genericBackend(C), gmVector('sm2_sign_recommended_curve'));
    signOn(sm2p256v1Backend, gmVector('sm2_sign_recommended_curve'));
  });

  test('sm2_encrypt_recommended_curve: the fixed k gives exactly C1, C3, C2 in both layouts', () => {
    const v = gmVector('sm2_encrypt_recommended_curve');
    const pub = fromHex(s(v, 'public_key')), d = fromHex(s(v, 'private_key'));
    const m = utf8(s(v, 'message_ascii'));
    const ct = sm2.encrypt(pub, m, { rand: replay(s(v, 'k')) });
    assert.equal(toHex(ct), s(v, 'c1c3c2'));
    const ct2 = sm2.encrypt(pub, m, { format: 'c1c2c3', rand: replay(s(v, 'k')) });
    assert.equal(toHex(ct2), s(v, 'c1c2c3'));
    const parts = sm2.splitCiphertext(ct);
    assert.deepEqual([toHex(parts.c1), toHex(parts.c3), toHex(parts.c2)], [s(v, 'C1'), s(v, 'C3'), s(v, 'C2')]);
    assert.deepEqual(sm2.decrypt(d, ct), m);
    assert.deepEqual(sm2.decrypt(d, ct2, { format: 'c1c2c3' }), m);
    for (const precompute of [false, true]) {
      const enc = sm2.prepareEncryptor(pub, { precompute });
      assert.equal(toHex(enc.encrypt(m, { rand: replay(s(v, 'k')) })), s(v, 'c1c3c2'), `prepared, precompute=${precompute}`);
    }
    ran.add(v.id);
  });

  test('sm2_encrypt_recommended_curve: same ciphertext from the generic BigInt backend', () => {
    encryptOn(genericBackend(C), gmVector('sm2_encrypt_recommended_curve'));
  });

  test('sm2_sign_test_curve: GM/T 0003.2 Annex A on the test curve gives exactly Z, e, r, s', () => {
    const v = gmVector('sm2_sign_test_curve');
    signOn(genericBackend(testCurve()), v);
    ran.add(v.id);
  });

  test('sm2_encrypt_test_curve: GM/T 0003.4 Annex A on the test curve gives exactly C1, C3, C2', () => {
    const v = gmVector('sm2_encrypt_test_curve');
    encryptOn(genericBackend(testCurve()), v);
    ran.add(v.id);
  });

  for (const [name, curve] of [['public API', undefined], ['generic backend', genericBackend(C)]] as const) {
    test(`sm2_key_exchange (${name}): both roles reproduce R_A, R_B, K, S_B = S_1 and S_A = S_2`, () => {
      const v = gmVector('sm2_key_exchange');
      const klen = s(v, 'K').length / 2;
      const make = curve === undefined ? sm2.createKeyExchange : (o: sm2.KeyExchangeOptions) => createKeyExchangeWith(curve, o);
      const a = make({
        role: 'initiator', privateKey: fromHex(s(v, 'dA')), publicKey: fromHex(s(v, 'PA')), id: s(v, 'id_A_ascii'),
        peerPublicKey: fromHex(s(v, 'PB')), peerId: s(v, 'id_B_ascii'), klen, rand: replay(s(v, 'rA')),
      });
      const b = make({
        role: 'responder', privateKey: fromHex(s(v, 'dB')), id: s(v, 'id_B_ascii'),
        peerPublicKey: fromHex(s(v, 'PA')), peerId: s(v, 'id_A_ascii'), klen, rand: replay(s(v, 'rB')),
      });
      assert.equal(toHex(a.ephemeralPublicKey), s(v, 'RA'));
      assert.equal(toHex(b.ephemeralPublicKey), s(v, 'RB'));
      const kb = b.computeKey(a.ephemeralPublicKey);
      assert.equal(toHex(kb.key), s(v, 'K'));
      assert.equal(toHex(kb.confirmation), s(v, 'SB_equals_S1'));
      assert.equal(toHex(kb.expectedConfirmation), s(v, 'SA_equals_S2'));
      const ka = a.computeKey(b.ephemeralPublicKey, kb.confirmation);
      assert.equal(toHex(ka.key), s(v, 'K'));
      assert.equal(toHex(ka.confirmation), s(v, 'SA_equals_S2'));
      assert.equal(toHex(ka.expectedConfirmation), s(v, 'SB_equals_S1'));
      b.confirm(ka.confirmation);
      ran.add(v.id);
    });
  }

  test('sm2_key_exchange: Z_A, Z_B, U = V and the inner hash follow from the formulas (BigInt reference)', () => {
    const v = gmVector('sm2_key_exchange');
    assert.equal(toHex(sm2.computeZ(fromHex(s(v, 'PA')), s(v, 'id_A_ascii'))), s(v, 'ZA'));
    assert.equal(toHex(sm2.computeZ(fromHex(s(v, 'PB')), s(v, 'id_B_ascii'))), s(v, 'ZB'));
    const pt = (h: string) => ({ x: num(fromHex(h).subarray(1, 33)), y: num(fromHex(h).subarray(33)) });
    const w = (1n << 127n);
    const xbar = (x: bigint) => w + (x & (w - 1n));
    const RA = pt(s(v, 'RA')), RB = pt(s(v, 'RB'));
    const tA = (num(fromHex(s(v, 'dA'))) + xbar(RA.x) * num(fromHex(s(v, 'rA')))) % C.n;
    const U = pointMul(C, tA, pointAdd(C, pt(s(v, 'PB')), pointMul(C, xbar(RB.x), RB)));
    assert.ok(U);
    assert.equal('04' + toHex(b32(U.x)) + toHex(b32(U.y)), s(v, 'U_equals_V'));
    const inner = sm3ref(b32(U.x), fromHex(s(v, 'ZA')), fromHex(s(v, 'ZB')), fromHex(s(v, 'RA')).subarray(1), fromHex(s(v, 'RB')).subarray(1));
    assert.equal(toHex(inner), s(v, 'inner_hash'));
  });

  test('every SM2 vector in test-vectors.json ran', () => {
    const all = gmVectorsByAlg('SM2').map((v) => v.id).sort();
    assert.equal(all.length, 6);
    assert.deepEqual([...ran].sort(), all);
  });
});
