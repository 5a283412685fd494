/**
 * Every SM9 vector of test/vectors/gmt/test-vectors.json (GM/T 0044.5-2016 Annexes A–D), replayed
 * exactly through the public API, with each intermediate value the vector records: master public
 * keys, user keys, the signature's w (GT encoding), h and S, the encapsulation's C and K, the
 * encryption's C1, K1‖K2, C3 and C2, and the key exchange's R_A, R_B, SK, S_B and S_A. The fixed
 * r / r_A / r_B go in through an injected random source.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm9 from '../../src/algorithms/sm9/index.js';
import { fq12ToBytes } from '../../src/algorithms/sm9/fq12.js';
import { P1, P2, decodeG1, decodeG2, encodeG1, encodeG2 } from '../../src/algorithms/sm9/groups.js';
import { userEncPoint } from '../../src/algorithms/sm9/keys.js';
import { N, Q, T } from '../../src/algorithms/sm9/params.js';
import { gtPow, pairing } from '../../src/algorithms/sm9/pairing.js';
import { gmConstants, gmVector, gmVectorsByAlg, type GmVector } from '../helpers/vectors.js';
import { replay } from './helpers.js';

const ran = new Set<string>();
const s = (v: GmVector, k: string): string => String(v[k]);

describe('GM/T 0044 SM9 known-answer vectors', () => {
  test('the curve constants block matches the module parameters (P1, P2 encodings)', () => {
    const c = gmConstants('sm9') as Record<string, string>;
    assert.equal(toHex(encodeG1(P1)), c['P1']);
    assert.equal(toHex(encodeG2(P2)), c['P2']);
    assert.equal(Q.toString(16), c['q']);
    assert.equal(N.toString(16), c['N']);
    assert.equal(T.toString(16), c['t']);
  });

  test('sm9_sign: Ppub-s, dsA, w = g^r, h and S exactly (Annex A); the signature verifies', () => {
    const v = gmVector('sm9_sign');
    const ks = fromHex(s(v, 'master_private_ks'));
    const mpk = sm9.getSignMasterPublicKey(ks);
    assert.equal(toHex(mpk), s(v, 'master_public_Ppubs_g2'));
    const ds = sm9.extractSignUserKey(ks, s(v, 'id_ascii'), { hid: Number(v['hid']) });
    assert.equal(toHex(ds), s(v, 'user_sign_key_dsA'));
    // Intermediate w = e(P1, Ppub-s)^r in the GM/T 0044.1 GT byte order.
    const g = pairing(P1, decodeG2(mpk)!);
    assert.equal(toHex(fq12ToBytes(gtPow(g, BigInt('0x' + s(v, 'r'))))), s(v, 'w_gt'));
    const msg = utf8(s(v, 'message_ascii'));
    const sig = sm9.sign(mpk, ds, msg, { rand: replay(s(v, 'r')) });
    assert.equal(toHex(sig.subarray(0, 32)), s(v, 'h'));
    assert.equal(toHex(sig.subarray(32)), s(v, 'S'));
    assert.equal(sm9.verify(mpk, s(v, 'id_ascii'), msg, sig), true);
    ran.add(v.id);
  });

  test('sm9_key_encapsulation: Ppub-e, deB, C and K exactly (Annex C); decapsulation gives K', () => {
    const v = gmVector('sm9_key_encapsulation');
    const ke = fromHex(s(v, 'master_private_ke'));
    const mpk = sm9.getEncryptMasterPublicKey(ke);
    assert.equal(toHex(mpk), s(v, 'master_public_Ppube_g1'));
    const de = sm9.extractEncryptUserKey(ke, s(v, 'id_ascii'), { hid: Number(v['hid']) });
    assert.equal(toHex(de), s(v, 'user_enc_key_deB'));
    const klen = s(v, 'K').length / 2;
    const { key, encapsulation } = sm9.encapsulate(mpk, s(v, 'id_ascii'), klen, { rand: replay(s(v, 'r')) });
    assert.equal(toHex(encapsulation), s(v, 'C'));
    assert.equal(toHex(key), s(v, 'K'));
    assert.equal(toHex(sm9.decapsulate(de, s(v, 'id_ascii'), fromHex(s(v, 'C')), klen)), s(v, 'K'));
    ran.add(v.id);
  });

  test('sm9_key_encapsulation: Q_B = [H1(ID_B||hid)]P1 + Ppub-e equals the vector', () => {
    const v = gmVector('sm9_key_encapsulation');
    const QB = userEncPoint(decodeG1(fromHex(s(v, 'master_public_Ppube_g1')))!, utf8(s(v, 'id_ascii')), Number(v['hid']), 'test');
    assert.equal(toHex(encodeG1(QB)), s(v, 'QB'));
  });

  test('sm9_encrypt: C1, K1||K2, C3 = SM3(C2||K2), C2 and C1||C3||C2 exactly (Annex D); decrypts', () => {
    const v = gmVector('sm9_encrypt');
    const ke = fromHex(s(v, 'master_private_ke'));
    const mpk = sm9.getEncryptMasterPublicKey(ke);
    const id = s(v, 'id_ascii');
    const msg = utf8(s(v, 'message_ascii'));
    const ct = sm9.encrypt(mpk, id, msg, { rand: replay(s(v, 'r')) });
    assert.equal(toHex(ct), s(v, 'ciphertext_c1c3c2'));
    assert.equal('04' + toHex(ct.subarray(0, 64)), s(v, 'C1'));
    assert.equal(toHex(ct.subarray(64, 96)), s(v, 'C3'));
    assert.equal(toHex(ct.subarray(96)), s(v, 'C2'));
    const de = sm9.extractEncryptUserKey(ke, id);
    // K1 ‖ K2 = KDF(C1 ‖ w ‖ ID_B, mlen + 32): the same derivation as decapsulation of C1.
    const k1k2 = sm9.decapsulate(de, id, fromHex(s(v, 'C1')), msg.length + 32);
    assert.equal(toHex(k1k2), s(v, 'K1_K2'));
    assert.deepEqual(sm9.decrypt(de, id, ct), msg);
    ran.add(v.id);
  });

  test('sm9_key_exchange: deA, deB, R_A, R_B, SK, S_B and S_A exactly (Annex B), both roles', () => {
    const v = gmVector('sm9_key_exchange');
    const ke = fromHex(s(v, 'master_private_ke'));
    const mpk = sm9.getEncryptMasterPublicKey(ke);
    assert.equal(toHex(mpk), s(v, 'master_public_Ppube_g1'));
    const idA = s(v, 'id_A_ascii'), idB = s(v, 'id_B_ascii');
    const deA = sm9.extractExchangeUserKey(ke, idA, { hid: Number(v['hid']) });
    const deB = sm9.extractExchangeUserKey(ke, idB, { hid: Number(v['hid']) });
    assert.equal(toHex(deA), s(v, 'deA'));
    assert.equal(toHex(deB), s(v, 'deB'));
    const klen = s(v, 'SK').length / 2;
    const A = sm9.createKeyExchange({ role: 'initiator', masterPublicKey: mpk, userKey: deA, id: idA, peerId: idB, klen, rand: replay(s(v, 'rA')) });
    const B = sm9.createKeyExchange({ role: 'responder', masterPublicKey: mpk, userKey: deB, id: idB, peerId: idA, klen, rand: replay(s(v, 'rB')) });
    assert.equal(toHex(A.ephemeralPublicKey), s(v, 'RA'));
    assert.equal(toHex(B.ephemeralPublicKey), s(v, 'RB'));
    const rb = B.computeKey(A.ephemeralPublicKey);
    assert.equal(toHex(rb.key), s(v, 'SK'));
    assert.equal(toHex(rb.confirmation), s(v, 'SB'));
    assert.equal(toHex(rb.expectedConfirmation), s(v, 'SA'));
    const ra = A.computeKey(B.ephemeralPublicKey, rb.confirmation);
    assert.equal(toHex(ra.key), s(v, 'SK'));
    assert.equal(toHex(ra.confirmation), s(v, 'SA'));
    assert.equal(toHex(ra.expectedConfirmation), s(v, 'SB'));
    B.confirm(ra.confirmation);
    ran.add(v.id);
  });

  test('selfTest passes (Annex A signature and Annex C decapsulation known answers)', () => {
    sm9.selfTest();
  });

  test('every SM9 vector in test-vectors.json ran', () => {
    const all = gmVectorsByAlg('SM9').map((v) => v.id).sort();
    assert.equal(all.length, 4);
    assert.deepEqual([...ran].sort(), all);
  });
});
