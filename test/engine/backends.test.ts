/**
 * Every SM backend of the engine on the same known answers and the same properties: backends
 * must agree bit for bit (deterministic operations) and accept each other's randomized outputs
 * (SM2 signatures and ciphertexts, checked against the TypeScript reference algorithms).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { availableBackends } from '../../src/engine/index.js';
import { fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { gmVector, gmVectorsByAlg } from '../helpers/vectors.js';

const backends = availableBackends();
const randomBytes = (n: number): Uint8Array => new Uint8Array(nodeRandomBytes(n));

test('the TypeScript backend is always available', () => {
  assert.ok(backends.some((b) => b.name === 'ts'));
});

for (const be of backends) {
  describe(`engine backend "${be.name}"`, () => {
    test('SM3 digests the GM/T 0004 Annex A examples', () => {
      const vs = gmVectorsByAlg('SM3');
      assert.equal(vs.length, 2);
      for (const v of vs) assert.equal(toHex(be.sm3.digest(fromHex(v.msg_hex as string))), v.digest);
    });

    test('SM3 digestBatch equals one digest per message, in order', () => {
      const msgs = [0, 1, 55, 56, 64, 1000].map((n) => randomBytes(n));
      assert.deepEqual(be.sm3.digestBatch(msgs), msgs.map((m) => be.sm3.digest(m)));
    });

    test('HMAC-SM3 matches the Wycheproof examples in test-vectors.json', () => {
      const vs = gmVectorsByAlg('HMAC-SM3');
      assert.equal(vs.length, 3);
      for (const v of vs) assert.equal(toHex(be.sm3.hmac(fromHex(v.key as string), fromHex(v.msg as string))), v.tag);
    });

    test('SM4 ECB/CBC/CTR/OFB/CFB reproduce the GM/T and draft-ribose examples', () => {
      const cases = [
        ['sm4_example_1', 'ecb'],
        ['sm4_cbc_1', 'cbc'],
        ['sm4_ctr_1', 'ctr'],
        ['sm4_ofb_1', 'ofb'],
        ['sm4_cfb_1', 'cfb'],
      ] as const;
      for (const [id, mode] of cases) {
        const v = gmVector(id);
        const req = {
          mode,
          key: fromHex(v.key as string),
          iv: v.iv === undefined ? undefined : fromHex(v.iv as string),
          data: fromHex(v.plaintext as string),
        };
        const ct = be.sm4.encrypt(req);
        assert.equal(toHex(ct), v.ciphertext, id);
        assert.equal(toHex(be.sm4.decrypt({ ...req, data: ct })), v.plaintext, id);
      }
    });

    test('SM4-GCM and SM4-CCM reproduce the RFC 8998 examples and reject a changed tag', () => {
      for (const [id, mode] of [['sm4_gcm_rfc8998', 'gcm'], ['sm4_ccm_rfc8998', 'ccm']] as const) {
        const v = gmVector(id);
        const req = { mode, key: fromHex(v.key as string), nonce: fromHex(v.iv as string), aad: fromHex(v.aad as string) };
        const sealed = be.sm4.seal({ ...req, data: fromHex(v.plaintext as string) });
        assert.equal(toHex(sealed), (v.ciphertext as string) + (v.tag as string), id);
        assert.equal(toHex(be.sm4.open({ ...req, data: sealed })), v.plaintext, id);
        sealed[sealed.length - 1]! ^= 1;
        assert.throws(() => be.sm4.open({ ...req, data: sealed }), { code: 'SDR_MACERR' });
      }
    });

    test('SM4 batches equal single calls, in order', () => {
      const reqs = [16, 32, 4096].map((n) => ({ mode: 'cbc' as const, key: randomBytes(16), iv: randomBytes(16), data: randomBytes(n) }));
      const cts = be.sm4.encryptBatch(reqs);
      assert.deepEqual(cts, reqs.map((r) => be.sm4.encrypt(r)));
      assert.deepEqual(be.sm4.decryptBatch(reqs.map((r, i) => ({ ...r, data: cts[i]! }))), reqs.map((r) => r.data));
    });

    test('ZUC 128-EEA3 and 128-EIA3 reproduce GM/T 0001 test sets', () => {
      const e = gmVector('zuc_eea3_1');
      const ct = be.zuc.eea3(fromHex(e.key as string), Number(e.count), e.bearer as number, e.direction as 0 | 1,
        fromHex(e.plaintext as string), e.length_bits as number);
      assert.equal(toHex(ct), e.ciphertext);
      const m = gmVector('zuc_eia3_2');
      const mac = be.zuc.eia3(fromHex(m.key as string), Number(m.count), m.bearer as number, m.direction as 0 | 1,
        fromHex(m.message as string), m.length_bits as number);
      assert.equal(toHex(mac), m.mac);
    });

    test('SM2 verifies the GM/T 0003.5 signature example and computes its Z', () => {
      const v = gmVector('sm2_sign_recommended_curve');
      const pub = fromHex(v.public_key as string);
      assert.equal(toHex(be.sm2.computeZ(pub)), v.Z);
      const key = be.sm2.verifyingKey(pub);
      const sig = fromHex((v.r as string) + (v.s as string));
      assert.equal(key.verify(utf8(v.message_ascii as string), sig), true);
      assert.equal(key.verify(utf8('message digesT'), sig), false);
      assert.deepEqual(key.verifyDigests([{ digest: fromHex(v.e as string), signature: sig }]), [true]);
    });

    test('SM2 decrypts the GM/T 0003.5 encryption example in both layouts', () => {
      const v = gmVector('sm2_encrypt_recommended_curve');
      const d = fromHex(v.private_key as string);
      const want = toHex(utf8(v.message_ascii as string));
      assert.equal(toHex(be.sm2.decrypt(d, fromHex(v.c1c3c2 as string))), want);
      assert.equal(toHex(be.sm2.decrypt(d, fromHex(v.c1c2c3 as string), 'c1c2c3')), want);
    });

    test('SM2 key pairs, signatures and ciphertexts are accepted by the reference algorithms', () => {
      const pairs = be.sm2.generateKeyPairs(3);
      assert.equal(pairs.length, 3);
      for (const { privateKey, publicKey } of pairs) {
        assert.deepEqual(be.sm2.publicKeyOf(privateKey), publicKey);
        const msg = randomBytes(33);
        const key = be.sm2.signingKey(privateKey, { id: utf8('alice@example.com') });
        assert.equal(sm2.verify(publicKey, msg, key.sign(msg), { id: 'alice@example.com' }), true);
        const digests = [randomBytes(32), randomBytes(32)];
        const sigs = key.signDigests(digests);
        digests.forEach((e, i) => assert.equal(sm2.verifyDigest(publicKey, e, sigs[i]!), true));
        key.release();
        const ct = be.sm2.encrypt(publicKey, msg);
        assert.deepEqual(sm2.decrypt(privateKey, ct), msg);
      }
    });

    test('SM2 encrypting keys, with and without a table, make ciphertexts the reference decrypts', () => {
      const [pair] = be.sm2.generateKeyPairs(1);
      for (const precompute of [false, true]) {
        const key = be.sm2.encryptingKey(pair!.publicKey, { precompute });
        const msg = randomBytes(40);
        assert.deepEqual(sm2.decrypt(pair!.privateKey, key.encrypt(msg)), msg);
        assert.deepEqual(sm2.decrypt(pair!.privateKey, key.encrypt(msg, 'c1c2c3'), { format: 'c1c2c3' }), msg);
        key.release();
      }
    });

    test('SM2 verifyDigestBatch gives one verdict per item under different keys', () => {
      const pairs = be.sm2.generateKeyPairs(2);
      const e = randomBytes(32);
      const items = pairs.map((p) => ({ publicKey: p.publicKey, digest: e, signature: sm2.signDigest(p.privateKey, e) }));
      items.push({ ...items[0]!, publicKey: pairs[1]!.publicKey });
      assert.deepEqual(be.sm2.verifyDigestBatch(items), [true, true, false]);
    });
  });
}
