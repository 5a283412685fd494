/**
 * SM2 against Bouncy Castle 1.72 (SM2Signer, SM2Engine, SM2KeyExchange), both directions, on
 * random keys, messages and user IDs: signatures with the default and custom IDs, encryption in
 * C1C3C2, C1C2C3 and GM/T 0009 ASN.1, and the key exchange with confirmation in both roles — the
 * only check of our key exchange besides the GM/T 0003.5 example.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../../src/engine/index.js';
import { createKeyExchange } from '../../src/algorithms/sm2/index.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import { ciphertextFromAsn1, ciphertextToAsn1, signatureFromDer, signatureToDer } from '../../src/formats/index.js';
import { BcPeer, bcUnavailable, h, unh } from './bc-peer.js';
import { bytes, hex, lengths, sameBytes } from './cases.js';

const skip = bcUnavailable();
const DEFAULT_ID = new TextEncoder().encode('1234567812345678');

/** The default ID, then random binary IDs of 1 to 64 bytes, the last of 300 bytes. */
function customIds(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => bytes(i === n - 1 ? 300 : 1 + Math.floor(Math.random() * 64)));
}

async function bcKeyPair(bc: BcPeer): Promise<{ privateKey: Uint8Array; publicKey: Uint8Array }> {
  const [d, p] = (await bc.call('sm2-keygen')).split(' ');
  return { privateKey: unh(d!), publicKey: unh(p!) };
}

const flip = (b: Uint8Array, at: number): Uint8Array => {
  const c = b.slice();
  c[at]! ^= 1;
  return c;
};

describe('SM2 with Bouncy Castle', { skip }, () => {
  let bc: BcPeer;
  before(() => {
    bc = BcPeer.start();
  });
  after(() => bc.stop());

  for (const backend of availableBackends()) {
    const sm2 = backend.sm2;

    describe(`signatures (${backend.name} backend)`, () => {
      test("ours verify in BC: default ID (BC's SM2Signer default) and 3 custom IDs, 10 messages each; tampering is caught", async () => {
        const cases: { ok: Promise<string>; bad: Promise<string>; what: string }[] = [];
        for (const id of [undefined, ...customIds(3)]) {
          const [pair] = sm2.generateKeyPairs(1);
          const signer = sm2.signingKey(pair!.privateKey, { id });
          const bcId = id === undefined ? 'default' : h(id);
          for (const len of lengths(4)) {
            const m = bytes(len);
            const sig = signatureToDer(signer.sign(m));
            const what = `ID ${id ? hex(id) : 'default'} key ${hex(pair!.privateKey)} message ${hex(m)} signature ${hex(sig)}`;
            cases.push({
              ok: bc.call('sm2-verify', h(pair!.publicKey), bcId, h(m), h(sig)),
              bad: bc.call('sm2-verify', h(pair!.publicKey), bcId, h(m.length ? flip(m, 0) : Uint8Array.of(0)), h(sig)),
              what,
            });
          }
          signer.release();
        }
        for (const c of cases) {
          assert.equal(await c.ok, 'OK', `BC refused ${c.what}`);
          assert.equal(await c.bad, 'FAIL', `BC accepted a changed message, ${c.what}`);
        }
        assert.equal(cases.length, 40);
      });

      test('batch paths: signDigests (one shared inversion) verify in BC; verifyDigestBatch accepts BC signatures under 8 keys and refuses the one tampered', async () => {
        const [pair] = sm2.generateKeyPairs(1);
        const signer = sm2.signingKey(pair!.privateKey);
        const z = sm2.computeZ(pair!.publicKey);
        const msgs = lengths(10).map(bytes);
        const sigs = signer.signDigests(msgs.map((m) => backend.sm3.digest(Uint8Array.from([...z, ...m]))));
        signer.release();
        const verdicts = await Promise.all(msgs.map((m, i) => bc.call('sm2-verify', h(pair!.publicKey), 'default', h(m), h(signatureToDer(sigs[i]!)))));
        assert.deepEqual(verdicts, msgs.map(() => 'OK'));

        const items = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
          const key = await bcKeyPair(bc), m = bytes(i * 50);
          const sig = signatureFromDer(unh(await bc.call('sm2-sign', h(key.privateKey), 'default', h(m))));
          const digest = backend.sm3.digest(Uint8Array.from([...sm2.computeZ(key.publicKey), ...m]));
          return { publicKey: key.publicKey, digest, signature: i === 5 ? flip(sig, 0) : sig };
        }));
        assert.deepEqual(sm2.verifyDigestBatch(items), items.map((_, i) => i !== 5));
      });

      test("BC's verify under its default ID: the ID is 1234567812345678 and a custom-ID signature fails there", async () => {
        const [pair] = sm2.generateKeyPairs(1);
        const m = bytes(50);
        const sign = (id: Uint8Array): Uint8Array => {
          const signer = sm2.signingKey(pair!.privateKey, { id });
          const sig = signatureToDer(signer.sign(m));
          signer.release();
          return sig;
        };
        const explicit = sign(DEFAULT_ID);
        const other = sign(new TextEncoder().encode('alice@example.com'));
        assert.equal(await bc.call('sm2-verify', h(pair!.publicKey), 'default', h(m), h(explicit)), 'OK');
        assert.equal(await bc.call('sm2-verify', h(pair!.publicKey), 'default', h(m), h(other)), 'FAIL');
      });

      test("BC's signatures verify with ours (with and without a precomputed key table): default and 3 custom IDs, 10 messages each; tampering is caught", async () => {
        let n = 0;
        for (const [k, id] of [undefined, ...customIds(3)].entries()) {
          const pair = await bcKeyPair(bc);
          const verifier = sm2.verifyingKey(pair.publicKey, { id, precompute: k % 2 === 1 });
          const msgs = lengths(4).map(bytes);
          const sigs = await Promise.all(msgs.map((m) => bc.call('sm2-sign', h(pair.privateKey), id === undefined ? 'default' : h(id), h(m))));
          for (const [i, m] of msgs.entries()) {
            const sig = signatureFromDer(unh(sigs[i]!));
            const what = `ID ${id ? hex(id) : 'default'} key ${hex(pair.privateKey)} message ${hex(m)} signature ${hex(sig)}`;
            assert.equal(verifier.verify(m, sig), true, `we refused ${what}`);
            assert.equal(verifier.verify(m, flip(sig, 63)), false, `we accepted a changed signature, ${what}`);
            n++;
          }
        }
        assert.equal(n, 40);
      });
    });

    describe(`encryption (${backend.name} backend)`, () => {
      const FORMATS = ['c1c3c2', 'c1c2c3', 'asn1'] as const;

      test('ours decrypt in BC, in C1C3C2, C1C2C3 and ASN.1, one-shot and with a precomputed key table: edge lengths and 4 random lengths', async () => {
        const [pair] = sm2.generateKeyPairs(1);
        const prepared = sm2.encryptingKey(pair!.publicKey, { precompute: true });
        const cases: { out: Promise<string>; m: Uint8Array; what: string }[] = [];
        for (const format of FORMATS) {
          for (const [k, len] of lengths(4, 300, 1).entries()) {
            const m = bytes(len);
            const order = format === 'c1c2c3' ? 'c1c2c3' : 'c1c3c2';
            const raw = k % 2 === 0 ? sm2.encrypt(pair!.publicKey, m, order) : prepared.encrypt(m, order);
            const ct = format === 'asn1' ? ciphertextToAsn1(raw, 'c1c3c2') : raw;
            cases.push({ out: bc.call('sm2-decrypt', h(pair!.privateKey), h(ct), format), m, what: `${format} ${hex(ct)} key ${hex(pair!.privateKey)}` });
          }
        }
        for (const c of cases) sameBytes(unh(await c.out), c.m, `BC decrypting our ${c.what}`);
        assert.equal(cases.length, 3 * 9);
        prepared.release();
      });

      test("BC's decrypt with ours, in C1C3C2, C1C2C3 and ASN.1; a flipped bit in C3 or C2 is SDR_ENCDATAERR", async () => {
        const pair = await bcKeyPair(bc);
        let n = 0;
        for (const format of FORMATS) {
          const msgs = lengths(4, 300, 1).map(bytes);
          const cts = await Promise.all(msgs.map((m) => bc.call('sm2-encrypt', h(pair.publicKey), h(m), format)));
          for (const [i, m] of msgs.entries()) {
            const ct = unh(cts[i]!);
            const raw = format === 'asn1' ? ciphertextFromAsn1(ct) : ct;
            const order = format === 'c1c2c3' ? 'c1c2c3' : 'c1c3c2';
            const what = `BC ${format} ${hex(ct)} key ${hex(pair.privateKey)}`;
            sameBytes(sm2.decrypt(pair.privateKey, raw, order), m, what);
            // C3 is bytes 65..96 in C1C3C2 and the last 32 in C1C2C3; C2 is the rest after C1.
            const c3At = order === 'c1c3c2' ? 65 : raw.length - 32;
            const c2At = order === 'c1c3c2' ? 97 : 65;
            for (const at of [c3At + Math.floor(Math.random() * 32), c2At + Math.floor(Math.random() * m.length)]) {
              assert.throws(() => sm2.decrypt(pair.privateKey, flip(raw, at), order), (e) => isCryptoError(e, 'SDR_ENCDATAERR'), `byte ${at} of ${what}`);
            }
            n++;
          }
        }
        assert.equal(n, 3 * 9);
      });
    });
  }

  describe('key exchange with confirmation (SM2KeyExchange)', () => {
    const KLENS = [1, 16, 32, 33, 100];

    /** ID pairs: both default (ours given none, BC given the default bytes), then random ones. */
    const idPairs = (): { idA?: Uint8Array; idB?: Uint8Array }[] => [{}, ...Array.from({ length: 4 }, () => ({ idA: customIds(1)[0], idB: customIds(1)[0] }))];
    const bcId = (id: Uint8Array | undefined): string => h(id ?? DEFAULT_ID);

    test('we initiate, BC responds: same key for klen 1 to 100 bytes and default or custom IDs; S_B checks out, S_A is what BC expects', async () => {
      let n = 0;
      for (const [i, { idA, idB }] of idPairs().entries()) {
        const klen = KLENS[i % KLENS.length]!;
        const [a] = availableBackends()[0]!.sm2.generateKeyPairs(1);
        const b = await bcKeyPair(bc), rB = await bcKeyPair(bc);
        const kxA = createKeyExchange({ role: 'initiator', privateKey: a!.privateKey, id: idA, peerPublicKey: b.publicKey, peerId: idB, klen });
        const [kB, sB, sAExpected] = (await bc.call('sm2-kx', 'responder', h(b.privateKey), h(rB.privateKey), bcId(idB),
          h(a!.publicKey), h(kxA.ephemeralPublicKey), bcId(idA), String(klen))).split(' ');
        const what = `klen ${klen}, A ${hex(a!.privateKey)} id ${bcId(idA)}, B ${hex(b.privateKey)} id ${bcId(idB)}, r_B ${hex(rB.privateKey)}`;
        const res = kxA.computeKey(rB.publicKey, unh(sB!));
        sameBytes(res.key, unh(kB!), `K_A = K_B, ${what}`);
        sameBytes(res.confirmation, unh(sAExpected!), `S_A, ${what}`);
        sameBytes(res.expectedConfirmation, unh(sB!), `S_1 = S_B, ${what}`);
        kxA.destroy();
        n++;
      }
      assert.equal(n, 5);
    });

    test("BC initiates, we respond: same key; BC accepts our S_B and we accept BC's S_A", async () => {
      let n = 0;
      for (const [i, { idA, idB }] of idPairs().entries()) {
        const klen = KLENS[(i + 2) % KLENS.length]!;
        const [b] = availableBackends()[0]!.sm2.generateKeyPairs(1);
        const a = await bcKeyPair(bc), rA = await bcKeyPair(bc);
        const kxB = createKeyExchange({ role: 'responder', privateKey: b!.privateKey, id: idB, peerPublicKey: a.publicKey, peerId: idA, klen });
        const res = kxB.computeKey(rA.publicKey);
        const [kA, sA] = (await bc.call('sm2-kx', 'initiator', h(a.privateKey), h(rA.privateKey), bcId(idA),
          h(b!.publicKey), h(kxB.ephemeralPublicKey), bcId(idB), String(klen), h(res.confirmation))).split(' ');
        const what = `klen ${klen}, A ${hex(a.privateKey)} id ${bcId(idA)}, r_A ${hex(rA.privateKey)}, B ${hex(b!.privateKey)} id ${bcId(idB)}`;
        sameBytes(res.key, unh(kA!), `K_B = K_A, ${what}`);
        kxB.confirm(unh(sA!));
        sameBytes(res.expectedConfirmation, unh(sA!), `S_2 = S_A, ${what}`);
        kxB.destroy();
        n++;
      }
      assert.equal(n, 5);
    });

    test('a flipped bit in a confirmation hash is refused on both sides (BC initiator, our initiator, our responder)', async () => {
      const sm2 = availableBackends()[0]!.sm2;
      const [ours] = sm2.generateKeyPairs(1);
      const peer = await bcKeyPair(bc), eph = await bcKeyPair(bc);

      // We respond, BC initiates and is handed a corrupted S_B.
      const kxB = createKeyExchange({ role: 'responder', privateKey: ours!.privateKey, peerPublicKey: peer.publicKey, klen: 16 });
      const resB = kxB.computeKey(eph.publicKey);
      await assert.rejects(bc.call('sm2-kx', 'initiator', h(peer.privateKey), h(eph.privateKey), h(DEFAULT_ID),
        h(ours!.publicKey), h(kxB.ephemeralPublicKey), h(DEFAULT_ID), '16', h(flip(resB.confirmation, 31))), /confirmation tag mismatch/);

      // We initiate; BC's S_B corrupted on the way, then (another run) our responder gets a corrupted S_A.
      const kxA = createKeyExchange({ role: 'initiator', privateKey: ours!.privateKey, peerPublicKey: peer.publicKey, klen: 16 });
      const [, sB] = (await bc.call('sm2-kx', 'responder', h(peer.privateKey), h(eph.privateKey), h(DEFAULT_ID),
        h(ours!.publicKey), h(kxA.ephemeralPublicKey), h(DEFAULT_ID), '16')).split(' ');
      assert.throws(() => kxA.computeKey(eph.publicKey, flip(unh(sB!), 0)), (e) => isCryptoError(e, 'SDR_VERIFYERR'));

      const kxB2 = createKeyExchange({ role: 'responder', privateKey: ours!.privateKey, peerPublicKey: peer.publicKey, klen: 16 });
      const resB2 = kxB2.computeKey(eph.publicKey);
      const [, sA] = (await bc.call('sm2-kx', 'initiator', h(peer.privateKey), h(eph.privateKey), h(DEFAULT_ID),
        h(ours!.publicKey), h(kxB2.ephemeralPublicKey), h(DEFAULT_ID), '16', h(resB2.confirmation))).split(' ');
      kxB2.confirm(unh(sA!));
      assert.throws(() => kxB2.confirm(flip(unh(sA!), 5)), (e) => isCryptoError(e, 'SDR_VERIFYERR'));
    });
  });
});
