/**
 * Backup and restore (src/device/backup.ts): backup → zeroize → initialise again → restore gives
 * back byte-identical keys at the same indexes — signatures of the restored keys verify under the
 * OLD public keys, ciphertexts made before decrypt — and the file resists tampering, too few or
 * foreign shares, and the wrong role.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { createBackup, Device, restoreBackup, runKnownAnswerSelfTests, type Principal } from '../../src/device/index.js';
import { openMemoryStore } from '../../src/store/index.js';

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;
const ACCOUNTS = [
  { name: 'so', role: 'security-officer' as const, password: utf8('so-password') },
  { name: 'op', role: 'operator' as const, password: utf8('op-password') },
  { name: 'au', role: 'auditor' as const, password: utf8('au-password') },
];

async function fresh(device?: Device): Promise<{ device: Device; so: Principal; op: Principal }> {
  const d = device ?? (await Device.open(await openMemoryStore(), { selfTests: runKnownAnswerSelfTests }));
  await d.init({ seal: { kind: 'dev', passphrase: utf8('dev') }, accounts: ACCOUNTS, config: { passwordIterations: 1000 } });
  return { device: d, so: await d.login('so', utf8('so-password')), op: await d.login('op', utf8('op-password')) };
}

async function populated() {
  const f = await fresh();
  await f.device.keys.generateKeyPair(f.so, 1, 'sm2', { accessPassword: utf8('pw-one') });
  await f.device.keys.generateKeyPair(f.so, 2, 'rsa2048');
  await f.device.keys.generateKek(f.so, 1);
  await f.device.keys.putNamedKey(f.so, { id: 'kms/alpha', version: 1, algorithm: 'sm4', publicKey: null, attributes: { owner: 'app' } }, new Uint8Array(16).fill(9));
  return f;
}

describe('backup and restore', () => {
  test('backup → zeroize → init → restore: same keys at the same indexes (old public keys verify, old ciphertexts decrypt)', async () => {
    const { device, so, op } = await populated();
    const signPub = (await device.keys.keyPair(1, 'sign')).publicKey;
    const encPub = (await device.keys.keyPair(1, 'enc')).publicKey;
    const rsaPub = (await device.keys.keyPair(2, 'sign')).publicKey;
    const kek = await device.keys.kek(1);
    const oldCiphertext = sm2.encrypt(encPub, utf8('made before the backup'));
    const { file, shares } = await createBackup(device, so, { threshold: 2, count: 3 });
    await device.zeroize(so);
    const again = await fresh(device);
    const counts = await restoreBackup(again.device, again.so, file, [shares[2]!, shares[0]!]);
    assert.deepEqual(counts, { keyPairs: 4, keks: 1, accessPasswords: 1, namedKeys: 1 });
    assert.deepEqual((await again.device.keys.keyPair(1, 'sign')).publicKey, signPub);
    assert.deepEqual((await again.device.keys.keyPair(2, 'sign')).publicKey, rsaPub);
    assert.deepEqual(await again.device.keys.kek(1), kek);
    const s = again.device.openSession(again.op);
    await s.getPrivateKeyAccessRight(1, utf8('pw-one')); // the access password came back too
    const digest = sm2.computeE(signPub, utf8('after restore'));
    const [sig] = await s.internalSignDigests(1, [digest]);
    assert.ok(sm2.verify(signPub, utf8('after restore'), sig!), 'signature of the restored key verifies with the OLD public key');
    assert.deepEqual(await s.internalDecryptEcc(1, oldCiphertext), utf8('made before the backup'));
    assert.deepEqual((await again.device.keys.namedKeySecret('kms/alpha')).secret, new Uint8Array(16).fill(9));
    void op;
    await again.device.close();
  });

  test('a tampered backup file is refused as a whole (SDR_MACERR)', async () => {
    const { device, so } = await populated();
    const { file, shares } = await createBackup(device, so, { threshold: 2, count: 2 });
    const bad = file.slice();
    bad[bad.length - 40]! ^= 1;
    const target = await fresh();
    await assert.rejects(restoreBackup(target.device, target.so, bad, shares), code('SDR_MACERR'));
    const badHeader = file.slice();
    badHeader[20]! ^= 1; // inside the JSON header: either unreadable or failing the tag
    await assert.rejects(restoreBackup(target.device, target.so, badHeader, shares), (e: unknown) => e instanceof CryptoError);
  });

  test('too few shares are refused; another backup\'s shares fail the tag', async () => {
    const { device, so } = await populated();
    const a = await createBackup(device, so, { threshold: 2, count: 3 });
    const b = await createBackup(device, so, { threshold: 2, count: 3 });
    const target = await fresh();
    await assert.rejects(restoreBackup(target.device, target.so, a.file, [a.shares[0]!]), code('SDR_INARGERR'));
    await assert.rejects(restoreBackup(target.device, target.so, a.file, b.shares.slice(0, 2)), code('SDR_MACERR'));
  });

  test('an occupied index is refused before anything changes, unless forced', async () => {
    const { device, so } = await populated();
    const { file, shares } = await createBackup(device, so, { threshold: 1, count: 1 });
    await assert.rejects(restoreBackup(device, so, file, shares), code('SDR_INARGERR'));
    const counts = await restoreBackup(device, so, file, shares, { force: true });
    assert.equal(counts.keyPairs, 4);
  });

  test('only the security officer backs up and restores', async () => {
    const { device, so, op } = await populated();
    await assert.rejects(createBackup(device, op, { threshold: 1, count: 1 }), code('SDR_MIMA_ROLE'));
    const { file, shares } = await createBackup(device, so, { threshold: 1, count: 1 });
    await assert.rejects(restoreBackup(device, op, file, shares), code('SDR_MIMA_ROLE'));
  });
});
