/**
 * `mima backup create|restore` end to end on a data directory: back up, zeroize, initialise
 * again, restore with two of three backup shares; the restored key signs what the OLD public key
 * verifies. Bad input is one line and exit 2.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeDevice, okWarned, type DeviceFixture } from './device-fixture.js';

let dev: DeviceFixture;
before(() => {
  dev = makeDevice('dev');
});
after(() => dev.cleanup());

test('backup → zeroize → init → restore brings back the keys; the old public key verifies a new signature', () => {
  const { data } = dev;
  okWarned(dev.run(['key', 'gen', '--data', data, '--index', '1', '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD']));
  okWarned(dev.run(['key', 'gen', '--data', data, '--index', '2', '--type', 'kek']));
  const oldPub = dev.dir.file('old-pub.pem');
  okWarned(dev.run(['key', 'export-pub', '--data', data, '--index', '1', '--usage', 'sign', '--out', oldPub]));
  const file = dev.dir.file('keys.backup');
  const created = okWarned(dev.run(['backup', 'create', '--data', data, '--out', file, '--shares', '3', '--threshold', '2', '--out-shares', dev.dir.file('bshares')]));
  assert.match(created.out, /2 key pairs, 1 KEKs, 1 access passwords, 0 named keys written/);
  okWarned(dev.run(['device', 'zeroize', '--data', data, '--yes']));
  okWarned(dev.run(['device', 'init', '--data', data, '--dev-seal']));
  const restored = okWarned(dev.run(['backup', 'restore', '--data', data, '--in', file,
    '--backup-share', dev.dir.file('bshares/share-1'), '--backup-share', dev.dir.file('bshares/share-3')]));
  assert.match(restored.out, /restored backup \w+ of device \w+: 2 key pairs, 1 KEKs, 1 access passwords/);
  const msg = dev.dir.file('msg.txt');
  writeFileSync(msg, 'signed after the restore');
  const sig = dev.dir.file('msg.sig');
  okWarned(dev.run(['device', 'sign', '--data', data, '--index', '1', '--in', msg, '--out', sig]));
  const v = dev.run(['sm2', 'verify', '--pub', oldPub, '--sig', sig, '--in', msg]);
  assert.equal(v.out.trim(), 'OK');
});

test('a tampered backup file: one line, exit 2, nothing restored', () => {
  const file = dev.dir.file('keys.backup');
  const b = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  b[b.length - 5]! ^= 1;
  const bad = dev.dir.file('bad.backup');
  writeFileSync(bad, b.toString('base64'));
  const r = dev.run(['backup', 'restore', '--data', dev.data, '--in', bad, '--force',
    '--backup-share', dev.dir.file('bshares/share-1'), '--backup-share', dev.dir.file('bshares/share-2')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /backup: the file was altered, or the shares are not this backup's/);
});

test('a master-key share is not a backup share', () => {
  const other = makeDevice({ shares: 2, threshold: 2 });
  try {
    const r = dev.run(['backup', 'restore', '--data', dev.data, '--in', dev.dir.file('keys.backup'), '--backup-share', other.shares[0]!, '--backup-share', other.shares[1]!]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /a master-key share, not a backup-key share/);
  } finally {
    other.cleanup();
  }
});
