/**
 * SM2 key agreement through GM/T 0018 (SDF_GenerateAgreementDataWithECC, SDF_GenerateKeyWithECC,
 * SDF_GenerateAgreementDataAndKeyWithECC): two device sessions agree on equal keys; the device
 * agrees with the algorithm-level GB/T 32918.3 exchange (src/algorithms/sm2) and with an
 * independent implementation (sm-crypto-v2 calculateSharedKey) in either role; and the
 * documented error codes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sm2 as v2 } from 'sm-crypto-v2';
import { fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { agreementCount } from '../../src/device/ops/key-agreement.js';
import { SDF_CloseSession, SDF_GetPrivateKeyAccessRight, SDF_ReleasePrivateKeyAccessRight } from '../../src/sdf/device-management.js';
import { sessionOf } from '../../src/sdf/handles.js';
import { SDF_Encrypt } from '../../src/sdf/sym.js';
import { SGD_SM4_CBC } from '../../src/sdf/sgd.js';
import {
  SDF_GenerateAgreementDataAndKeyWithECC, SDF_GenerateAgreementDataWithECC, SDF_GenerateKeyWithECC,
} from '../../src/sdf/keys.js';
import { eccPublicKeyFromPoint, eccPublicKeyToPoint } from '../../src/sdf/structs.js';
import { assertSdr, auditTrail, keyBytes, openKeysFixture, PW1, PW2, type KeysFixture } from './keys-setup.js';

const ALICE = utf8('alice@mima.example');
const BOB = utf8('bob@mima.example');

let f: KeysFixture;
before(async () => {
  f = await openKeysFixture();
});
after(async () => {
  await f.close();
});

async function sessionWithRight(index: 1 | 2): Promise<number> {
  const h = f.session();
  await SDF_GetPrivateKeyAccessRight(h, index, index === 1 ? PW1 : PW2);
  return h;
}

describe('SM2 key agreement between two device sessions', () => {
  test('sponsor (index 1) and responder (index 2) derive the same 128-bit key', async () => {
    const hA = await sessionWithRight(1), hB = await sessionWithRight(2);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const b = await SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, BOB, ALICE, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey);
    const hKeyA = await SDF_GenerateKeyWithECC(hA, BOB, b.pucResponsePublicKey, b.pucResponseTmpPublicKey, a.phAgreementHandle);
    assert.deepEqual(keyBytes(hA, hKeyA), keyBytes(hB, b.phKeyHandle));
    assert.equal(agreementCount(sessionOf(hA)), 0, 'the agreement handle is consumed');
    // Black box: both handles encrypt alike (SDF_Encrypt, SM4-CBC).
    const iv = new Uint8Array(16), data = new Uint8Array(32).fill(0x5a);
    assert.deepEqual(SDF_Encrypt(hA, hKeyA, SGD_SM4_CBC, iv, data).pucEncData, SDF_Encrypt(hB, b.phKeyHandle, SGD_SM4_CBC, iv, data).pucEncData);
  });

  test('published static keys are the indexes\' encryption public keys; ephemeral keys differ per agreement', async () => {
    const hA = await sessionWithRight(1);
    const a1 = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const a2 = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const enc1 = (await f.device.keys.keyPair(1, 'enc')).publicKey;
    assert.deepEqual(eccPublicKeyToPoint(a1.pucSponsorPublicKey), enc1);
    assert.notDeepEqual(eccPublicKeyToPoint(a1.pucSponsorTmpPublicKey), eccPublicKeyToPoint(a2.pucSponsorTmpPublicKey));
    assert.notEqual(a1.phAgreementHandle, a2.phAgreementHandle);
  });

  test('agreement is audited as a private-key use', async () => {
    const hA = await sessionWithRight(1);
    await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    assert.ok((await auditTrail(f)).includes('key.use.agree index 1'));
  });
});

describe('agreement with the algorithm-level exchange (GB/T 32918.3, src/algorithms/sm2)', () => {
  test('device as sponsor, algorithm as responder: equal keys', async () => {
    const bob = sm2.generateKeyPair();
    const hA = await sessionWithRight(1);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const kx = sm2.createKeyExchange({
      role: 'responder', privateKey: bob.privateKey, id: BOB, peerPublicKey: eccPublicKeyToPoint(a.pucSponsorPublicKey), peerId: ALICE, klen: 16,
    });
    const { key } = kx.computeKey(eccPublicKeyToPoint(a.pucSponsorTmpPublicKey));
    const hKey = await SDF_GenerateKeyWithECC(hA, BOB, eccPublicKeyFromPoint(bob.publicKey), eccPublicKeyFromPoint(kx.ephemeralPublicKey), a.phAgreementHandle);
    assert.deepEqual(keyBytes(hA, hKey), key);
  });

  test('algorithm as sponsor, device as responder: equal keys', async () => {
    const alice = sm2.generateKeyPair();
    const enc2 = (await f.device.keys.keyPair(2, 'enc')).publicKey;
    const kx = sm2.createKeyExchange({ role: 'initiator', privateKey: alice.privateKey, id: ALICE, peerPublicKey: enc2, peerId: BOB, klen: 16 });
    const hB = await sessionWithRight(2);
    const b = await SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, BOB, ALICE, eccPublicKeyFromPoint(alice.publicKey), eccPublicKeyFromPoint(kx.ephemeralPublicKey));
    assert.deepEqual(eccPublicKeyToPoint(b.pucResponsePublicKey), enc2);
    const { key } = kx.computeKey(eccPublicKeyToPoint(b.pucResponseTmpPublicKey));
    assert.deepEqual(keyBytes(hB, b.phKeyHandle), key);
  });
});

describe('agreement with sm-crypto-v2 calculateSharedKey (independent implementation)', () => {
  const ids = { alice: 'alice@mima.example', bob: 'bob@mima.example' };

  test('device as sponsor, sm-crypto-v2 as responder', async () => {
    const bob = v2.generateKeyPairHex(), bobEph = v2.generateKeyPairHex();
    const hA = await sessionWithRight(1);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, utf8(ids.alice));
    const theirs = v2.calculateSharedKey(bob, bobEph, toHex(eccPublicKeyToPoint(a.pucSponsorPublicKey)),
      toHex(eccPublicKeyToPoint(a.pucSponsorTmpPublicKey)), 16, true, ids.bob, ids.alice);
    const hKey = await SDF_GenerateKeyWithECC(hA, utf8(ids.bob), eccPublicKeyFromPoint(fromHex(bob.publicKey)),
      eccPublicKeyFromPoint(fromHex(bobEph.publicKey)), a.phAgreementHandle);
    assert.equal(toHex(keyBytes(hA, hKey)), toHex(theirs));
  });

  test('sm-crypto-v2 as sponsor, device as responder', async () => {
    const alice = v2.generateKeyPairHex(), aliceEph = v2.generateKeyPairHex();
    const hB = await sessionWithRight(2);
    const b = await SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, utf8(ids.bob), utf8(ids.alice),
      eccPublicKeyFromPoint(fromHex(alice.publicKey)), eccPublicKeyFromPoint(fromHex(aliceEph.publicKey)));
    const theirs = v2.calculateSharedKey(alice, aliceEph, toHex(eccPublicKeyToPoint(b.pucResponsePublicKey)),
      toHex(eccPublicKeyToPoint(b.pucResponseTmpPublicKey)), 16, false, ids.alice, ids.bob);
    assert.equal(toHex(keyBytes(hB, b.phKeyHandle)), toHex(theirs));
  });
});

describe('agreement handles and error codes', () => {
  test('SDR_KEYNOTEXIST for a used agreement handle', async () => {
    const hA = await sessionWithRight(1), hB = await sessionWithRight(2);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const b = await SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, BOB, ALICE, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey);
    await SDF_GenerateKeyWithECC(hA, BOB, b.pucResponsePublicKey, b.pucResponseTmpPublicKey, a.phAgreementHandle);
    await assertSdr(() => SDF_GenerateKeyWithECC(hA, BOB, b.pucResponsePublicKey, b.pucResponseTmpPublicKey, a.phAgreementHandle), 'SDR_KEYNOTEXIST');
  });

  test('SDR_KEYNOTEXIST for an agreement handle of another session, which keeps its agreement', async () => {
    const hA = await sessionWithRight(1), hOther = await sessionWithRight(1);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    await assertSdr(() => SDF_GenerateKeyWithECC(hOther, BOB, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey, a.phAgreementHandle), 'SDR_KEYNOTEXIST');
    assert.equal(agreementCount(sessionOf(hA)), 1);
  });

  test('SDR_KEYNOTEXIST for a key handle passed as an agreement handle', async () => {
    const hA = await sessionWithRight(1), hB = await sessionWithRight(2);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const b = await SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, BOB, ALICE, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey);
    await assertSdr(() => SDF_GenerateKeyWithECC(hB, ALICE, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey, b.phKeyHandle), 'SDR_KEYNOTEXIST');
  });

  test('closing the session destroys its agreement state', async () => {
    const hA = await sessionWithRight(1);
    await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const s = sessionOf(hA);
    assert.equal(agreementCount(s), 1);
    SDF_CloseSession(hA);
    assert.equal(agreementCount(s), 0);
  });

  test('SDR_PARDENY without the access right (step 1, responder, and after release before step 2)', async () => {
    const hNo = f.session();
    await assertSdr(() => SDF_GenerateAgreementDataWithECC(hNo, 1, 128, ALICE), 'SDR_PARDENY');
    const hA = await sessionWithRight(1);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    await assertSdr(() => SDF_GenerateAgreementDataAndKeyWithECC(hNo, 2, 128, BOB, ALICE, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey), 'SDR_PARDENY');
    const hB = await sessionWithRight(2);
    const b = await SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, BOB, ALICE, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey);
    SDF_ReleasePrivateKeyAccessRight(hA, 1);
    await assertSdr(() => SDF_GenerateKeyWithECC(hA, BOB, b.pucResponsePublicKey, b.pucResponseTmpPublicKey, a.phAgreementHandle), 'SDR_PARDENY');
  });

  test('SDR_USERIDERR for an ID of 8192 bytes or more (ENTL is 16 bits)', async () => {
    const hA = await sessionWithRight(1);
    await assertSdr(() => SDF_GenerateAgreementDataWithECC(hA, 1, 128, new Uint8Array(8192)), 'SDR_USERIDERR');
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const hB = await sessionWithRight(2);
    await assertSdr(() => SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, new Uint8Array(8192), ALICE, a.pucSponsorPublicKey, a.pucSponsorTmpPublicKey), 'SDR_USERIDERR');
  });

  test('SDR_KEYERR for a peer ephemeral key off the curve', async () => {
    const hA = await sessionWithRight(1), hB = await sessionWithRight(2);
    const a = await SDF_GenerateAgreementDataWithECC(hA, 1, 128, ALICE);
    const bad = eccPublicKeyToPoint(a.pucSponsorTmpPublicKey).slice();
    bad[64]! ^= 1;
    await assertSdr(() => SDF_GenerateAgreementDataAndKeyWithECC(hB, 2, 128, BOB, ALICE, a.pucSponsorPublicKey, eccPublicKeyFromPoint(bad)), 'SDR_KEYERR');
    assert.equal(sessionOf(hB).keyCount, 0);
  });

  test('SDR_INARGERR for uiKeyBits other than 128 (session keys are SM4)', async () => {
    await assertSdr(async () => SDF_GenerateAgreementDataWithECC(await sessionWithRight(1), 1, 256, ALICE), 'SDR_INARGERR');
  });
});
