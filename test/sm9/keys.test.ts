/**
 * SM9 master and user keys (GM/T 0044.2/.3/.4 key generation): generation replays
 * the random source, extracted keys satisfy the pairing relation that defines them, the default
 * hids, and the refusals (range, lengths, t1 = 0, empty identities).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm9 from '../../src/algorithms/sm9/index.js';
import { fq12Eq } from '../../src/algorithms/sm9/fq12.js';
import { G1, G2, P1, P2, decodeG1, decodeG2 } from '../../src/algorithms/sm9/groups.js';
import { h1 } from '../../src/algorithms/sm9/hash.js';
import { pairing } from '../../src/algorithms/sm9/pairing.js';
import { N } from '../../src/algorithms/sm9/params.js';
import { b32, replay, stream, throwsCode } from './helpers.js';

const e12 = pairing(P1, P2);

describe('SM9 master keys', () => {
  test('generated pairs: private key is the random draw, public key is [k]P2 (sign) / [k]P1 (encrypt)', () => {
    const k = '0130e78459d78545cb54c587e02cf480ce0b66340f319f348a1d5b1f2dc5f400';
    const s = sm9.generateSignMasterKey({ rand: replay(k) });
    assert.equal(toHex(s.privateKey), k);
    assert.equal(s.publicKey.length, 129);
    assert.deepEqual(s.publicKey, sm9.getSignMasterPublicKey(s.privateKey));
    assert.ok(G2.equals(decodeG2(s.publicKey)!, G2.mulVartime(P2, BigInt('0x' + k))));
    const e = sm9.generateEncryptMasterKey({ rand: replay(k) });
    assert.equal(e.publicKey.length, 65);
    assert.ok(G1.equals(decodeG1(e.publicKey)!, G1.mulVartime(P1, BigInt('0x' + k))));
  });

  test('out-of-range draws (0, N, 2^256 − 1) are rejected and the next draw is used', () => {
    const good = b32(12345n);
    const s = sm9.generateEncryptMasterKey({ rand: replay(toHex(b32(0n)), toHex(b32(N)), 'ff'.repeat(32), toHex(good)) });
    assert.deepEqual(s.privateKey, good);
  });

  test('a random source that returns the wrong length is SDR_RANDERR', () => {
    throwsCode(() => sm9.generateSignMasterKey({ rand: () => new Uint8Array(31) }), 'SDR_RANDERR');
  });

  test('master private keys must be 32 bytes in [1, N − 1]: SDR_KEYERR otherwise', () => {
    for (const bad of [b32(0n), b32(N), b32(N + 1n), new Uint8Array(31), new Uint8Array(33).fill(1)]) {
      throwsCode(() => sm9.getSignMasterPublicKey(bad), 'SDR_KEYERR');
      throwsCode(() => sm9.extractEncryptUserKey(bad, 'Bob'), 'SDR_KEYERR');
    }
    assert.throws(() => sm9.getEncryptMasterPublicKey('00' as unknown as Uint8Array), TypeError);
    assert.equal(sm9.getSignMasterPublicKey(b32(N - 1n)).length, 129);
  });
});

describe('SM9 user keys', () => {
  const ks = sm9.generateSignMasterKey({ rand: stream('keys-ks') });
  const ke = sm9.generateEncryptMasterKey({ rand: stream('keys-ke') });

  test('ds satisfies e(ds, [H1(ID‖01)]P2 + Ppub-s) = e(P1, Ppub-s) (ds = [ks/(H1 + ks)]P1)', () => {
    const g = pairing(P1, decodeG2(ks.publicKey)!);
    for (const id of ['Alice', 'bob@example.com', '身份']) {
      const ds = decodeG1(sm9.extractSignUserKey(ks.privateKey, id))!;
      const P = G2.add(G2.mulVartime(P2, h1(utf8(id), 1)), decodeG2(ks.publicKey)!);
      assert.ok(fq12Eq(pairing(ds, P), g), id);
    }
  });

  test('de satisfies e([H1(ID‖hid)]P1 + Ppub-e, de) = e(Ppub-e, P2) for hid 03 (encrypt) and 02 (exchange)', () => {
    const g = pairing(decodeG1(ke.publicKey)!, P2);
    const id = 'Bob';
    for (const [hid, de] of [[3, sm9.extractEncryptUserKey(ke.privateKey, id)], [2, sm9.extractExchangeUserKey(ke.privateKey, id)]] as const) {
      const Qb = G1.add(G1.mulVartime(P1, h1(utf8(id), hid)), decodeG1(ke.publicKey)!);
      assert.ok(fq12Eq(pairing(Qb, decodeG2(de)!), g), `hid ${hid}`);
      assert.ok(!fq12Eq(g, e12));
    }
  });

  test('default hids are 01 (sign), 03 (encrypt), 02 (exchange); another hid gives another key', () => {
    assert.deepEqual(sm9.extractSignUserKey(ks.privateKey, 'A'), sm9.extractSignUserKey(ks.privateKey, 'A', { hid: 1 }));
    assert.deepEqual(sm9.extractEncryptUserKey(ke.privateKey, 'A'), sm9.extractEncryptUserKey(ke.privateKey, 'A', { hid: 3 }));
    assert.deepEqual(sm9.extractExchangeUserKey(ke.privateKey, 'A'), sm9.extractEncryptUserKey(ke.privateKey, 'A', { hid: 2 }));
    assert.notDeepEqual(sm9.extractSignUserKey(ks.privateKey, 'A'), sm9.extractSignUserKey(ks.privateKey, 'A', { hid: 4 }));
    assert.deepEqual(sm9.SM9_HID, { SIGN: 1, EXCHANGE: 2, ENCRYPT: 3 });
  });

  test('a string ID is its UTF-8 bytes', () => {
    assert.deepEqual(sm9.extractSignUserKey(ks.privateKey, '身份'), sm9.extractSignUserKey(ks.privateKey, utf8('身份')));
  });

  test('t1 = H1(ID‖hid) + ks ≡ 0 mod N: extraction refuses (the master key must be regenerated)', () => {
    const id = utf8('Alice');
    const badKs = b32(N - h1(id, 1));
    throwsCode(() => sm9.extractSignUserKey(badKs, id), 'SDR_KEYERR', /t1 = 0.*regenerated/);
    // The same master key still serves other identities and hids.
    assert.equal(sm9.extractSignUserKey(badKs, 'Bob').length, 65);
    assert.equal(sm9.extractSignUserKey(badKs, id, { hid: 2 }).length, 65);
    const badKe = b32(N - h1(id, 3));
    throwsCode(() => sm9.extractEncryptUserKey(badKe, id), 'SDR_KEYERR', /t1 = 0/);
  });

  test('t1 = 0 seen by a sender: Q = [H1]P1 + Ppub-e is infinity, so encryption and exchange to that ID are SDR_KEYERR', () => {
    const id = utf8('Alice');
    const mpk = sm9.getEncryptMasterPublicKey(b32(N - h1(id, 3)));
    throwsCode(() => sm9.encapsulate(mpk, id, 16), 'SDR_KEYERR', /t1 = 0/);
    throwsCode(() => sm9.encrypt(mpk, id, utf8('m')), 'SDR_KEYERR', /t1 = 0/);
    const xke = b32(N - h1(id, 2));
    const xmpk = sm9.getEncryptMasterPublicKey(xke);
    const deBob = sm9.extractExchangeUserKey(xke, 'Bob');
    throwsCode(() => sm9.createKeyExchange({ role: 'responder', masterPublicKey: xmpk, userKey: deBob, id: 'Bob', peerId: id, klen: 16 }), 'SDR_KEYERR', /t1 = 0/);
  });

  test('an empty identity is SDR_USERIDERR; a hid outside [0, 255] is RangeError', () => {
    throwsCode(() => sm9.extractSignUserKey(ks.privateKey, ''), 'SDR_USERIDERR');
    throwsCode(() => sm9.extractEncryptUserKey(ke.privateKey, new Uint8Array(0)), 'SDR_USERIDERR');
    assert.throws(() => sm9.extractSignUserKey(ks.privateKey, 'A', { hid: 256 }), RangeError);
    assert.throws(() => sm9.extractSignUserKey(ks.privateKey, 'A', { hid: 1.5 }), RangeError);
    assert.throws(() => sm9.extractSignUserKey(ks.privateKey, 42 as unknown as string), TypeError);
  });
});
