/**
 * Interop with GmSSL 3.x (guanzhi/GmSSL, an independent C implementation) over random inputs:
 * scalar multiplication in G1 and G2, the pairing value byte for byte, user key extraction,
 * signatures both ways (GmSSL's DER through src/formats), key encapsulation both ways, the key
 * exchange with GmSSL on either side, and GmSSL's encryption — whose C3 is HMAC-SM3(K2, C2), not
 * the standard's SM3(C2 ‖ K2) — shown to differ from ours in exactly that. Skipped when GmSSL is
 * not built (see gmssl-peer.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm9 from '../../src/algorithms/sm9/index.js';
import { fq12ToBytes } from '../../src/algorithms/sm9/fq12.js';
import { G1, G2, P1, P2, encodeG1, encodeG2 } from '../../src/algorithms/sm9/groups.js';
import { pairing } from '../../src/algorithms/sm9/pairing.js';
import { sm9SignatureFromDer, sm9SignatureToDer } from '../../src/formats/index.js';
import { GmsslPeer, gmsslUnavailable } from './gmssl-peer.js';
import { b32, scalarFrom, stream, throwsCode } from './helpers.js';

const skip = gmsslUnavailable() ?? false;
const rnd = stream('sm9-gmssl');
const hex = (b: Uint8Array): string => (b.length === 0 ? '-' : toHex(b));
const idHex = (id: string): string => toHex(utf8(id));

describe('SM9 interop with GmSSL', { skip }, () => {
  let peer: GmsslPeer;
  before(() => {
    peer = GmsslPeer.start();
  });
  after(() => peer?.close());

  test('[k]P1 and [k]P2 agree for 5 random k', async () => {
    for (let i = 0; i < 5; i++) {
      const k = scalarFrom(rnd);
      const [g1] = await peer.call('mul1', toHex(b32(k)));
      const [g2] = await peer.call('mul2', toHex(b32(k)));
      assert.equal(g1, toHex(encodeG1(G1.mul(P1, k))));
      assert.equal(g2, toHex(encodeG2(G2.mul(P2, k))));
    }
  });

  test('e(P, Q) agrees byte for byte (GT encoding) for e(P1, P2) and 6 random pairs', async () => {
    const pairs: [bigint, bigint][] = [[1n, 1n]];
    for (let i = 0; i < 6; i++) pairs.push([scalarFrom(rnd), scalarFrom(rnd)]);
    for (const [a, b] of pairs) {
      const P = G1.mul(P1, a), Q = G2.mul(P2, b);
      const [theirs] = await peer.call('pair', toHex(encodeG1(P)), toHex(encodeG2(Q)));
      assert.equal(theirs, toHex(fq12ToBytes(pairing(P, Q))), `a=${a} b=${b}`);
    }
  });

  test('user keys agree: signing (hid 01), encryption (03) and exchange (02), 3 master keys × 2 IDs', async () => {
    for (let i = 0; i < 3; i++) {
      const k = b32(scalarFrom(rnd));
      for (const id of ['Alice', `user-${i}@example.com`]) {
        const [ppubs, ds] = await peer.call('extract-sign', toHex(k), idHex(id));
        assert.equal(ppubs, toHex(sm9.getSignMasterPublicKey(k)));
        assert.equal(ds, toHex(sm9.extractSignUserKey(k, id)));
        const [ppube, de] = await peer.call('extract-enc', toHex(k), idHex(id));
        assert.equal(ppube, toHex(sm9.getEncryptMasterPublicKey(k)));
        assert.equal(de, toHex(sm9.extractEncryptUserKey(k, id)));
        const [, dx] = await peer.call('extract-exch', toHex(k), idHex(id));
        assert.equal(dx, toHex(sm9.extractExchangeUserKey(k, id)));
      }
    }
  });

  test('GmSSL signatures (DER) verify here; ours verify in GmSSL; tampered ones fail in both', async () => {
    const ks = b32(scalarFrom(rnd));
    const mpk = sm9.getSignMasterPublicKey(ks);
    const id = 'signer@example.com';
    const ds = sm9.extractSignUserKey(ks, id);
    let n = 0;
    for (const msg of [new Uint8Array(0), utf8('abc'), rnd(200)]) {
      const [der] = await peer.call('sign', toHex(ks), idHex(id), hex(msg));
      const raw = sm9SignatureFromDer(fromHex(der!));
      assert.equal(sm9.verify(mpk, id, msg, raw), true);
      assert.equal(sm9.verify(mpk, id, utf8('other'), raw), false);
      const ours = sm9SignatureToDer(sm9.sign(mpk, ds, msg));
      assert.deepEqual(await peer.call('verify', toHex(mpk), idHex(id), hex(msg), toHex(ours)), ['1']);
      const bad = ours.slice();
      bad[20] ^= 1; // inside h
      assert.deepEqual(await peer.call('verify', toHex(mpk), idHex(id), hex(msg), toHex(bad)), ['0']);
      n++;
    }
    assert.equal(n, 3);
  });

  test('key encapsulation both ways: GmSSL C decapsulates here to its K, and ours in GmSSL', async () => {
    const ke = b32(scalarFrom(rnd));
    const mpk = sm9.getEncryptMasterPublicKey(ke);
    const id = 'Bob';
    const de = sm9.extractEncryptUserKey(ke, id);
    for (const klen of [16, 32, 100]) {
      const [K, C] = await peer.call('kem-enc', toHex(mpk), idHex(id), String(klen));
      assert.equal(toHex(sm9.decapsulate(de, id, fromHex(C!), klen)), K);
      const ours = sm9.encapsulate(mpk, id, klen);
      const [K2] = await peer.call('kem-dec', toHex(ke), idHex(id), toHex(ours.encapsulation), String(klen));
      assert.equal(K2, toHex(ours.key));
    }
  });

  test('GmSSL encryption differs from the standard only in C3 = HMAC-SM3(K2, C2): we refuse it, and K1‖K2 explain it', async () => {
    const ke = b32(scalarFrom(rnd));
    const mpk = sm9.getEncryptMasterPublicKey(ke);
    const id = 'Bob';
    const de = sm9.extractEncryptUserKey(ke, id);
    const m = utf8('Chinese IBE standard');
    const [c1, c3, c2] = await peer.call('enc', toHex(mpk), idHex(id), toHex(m));
    const raw = fromHex(c1!.slice(2) + c3 + c2); // C1 as bare x‖y, then C3, C2
    throwsCode(() => sm9.decrypt(de, id, raw), 'SDR_ENCDATAERR');
    const k = sm9.decapsulate(de, id, fromHex(c1!), m.length + 32);
    assert.equal(c2, toHex(m.map((b, i) => b ^ k[i]!)));
    assert.equal(c3, createHmac('sm3', k.subarray(m.length)).update(fromHex(c2!)).digest('hex'));
  });

  test('key exchange with GmSSL as initiator and as responder: same SK, confirmations accepted', async () => {
    const ke = b32(scalarFrom(rnd));
    const mpk = sm9.getEncryptMasterPublicKey(ke);
    const [idA, idB] = ['Alice', 'Bob'];
    for (const gmsslRole of ['initiator', 'responder'] as const) {
      const ourRole = gmsslRole === 'initiator' ? 'responder' : 'initiator';
      const [ourId, theirId] = ourRole === 'initiator' ? [idA, idB] : [idB, idA];
      const ours = sm9.createKeyExchange({ role: ourRole, masterPublicKey: mpk, userKey: sm9.extractExchangeUserKey(ke, ourId), id: ourId, peerId: theirId, klen: 16 });
      const [r, R] = await peer.call('exch-start', toHex(ke), idHex(ourId));
      const [sk, conf] = await peer.call('exch-finish', gmsslRole === 'initiator' ? '1' : '0', toHex(ke), idHex(theirId), idHex(ourId), r!, R!, toHex(ours.ephemeralPublicKey), '16');
      if (ourRole === 'initiator') {
        // GmSSL (responder) sent R_B and S_B; we check S_B, GmSSL would check our S_A.
        const res = ours.computeKey(fromHex(R!), fromHex(conf!));
        assert.equal(toHex(res.key), sk);
      } else {
        const res = ours.computeKey(fromHex(R!));
        assert.equal(toHex(res.key), sk);
        ours.confirm(fromHex(conf!)); // S_A from GmSSL
      }
    }
  });
});
