/** `mima engine` (which backend, why, which CPU features) and `mima tour --dir DIR`. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, opensslUnavailable, scratch } from '../interop/openssl.js';
import { mima, ok, type MimaResult } from './mima.js';

describe('mima engine', () => {
  test('prints the backend with the reason it was chosen, its CPU features and the node:crypto backend', () => {
    const lines = ok(mima(['engine'])).out.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^backend: (ts|native) \(.+\)$/);
    assert.match(lines[1]!, /^cpu features: \S/);
    assert.equal(lines[2], `international algorithms: node (node:crypto, OpenSSL ${process.versions.openssl})`);
  });

  test('MIMA_ENGINE=ts forces the TypeScript backend and says so', () => {
    const r = ok(mima(['engine'], { env: { MIMA_ENGINE: 'ts' } }));
    assert.match(r.out, /^backend: ts \(MIMA_ENGINE=ts\)\ncpu features: none \(portable code\)\n/);
  });
});

describe('mima tour', () => {
  const dir = scratch();
  let r: MimaResult;
  let lines: string[];
  before(() => {
    // From the scratch directory, so the tour prints relative paths, as a user would see them.
    r = mima(['tour', '--dir', 'tour'], { cwd: dir.dir });
    lines = r.out.split('\n');
  });
  after(() => dir.cleanup());

  test('exits 0 with nothing on stderr', () => {
    ok(r, 'mima tour');
  });

  test('runs the five power-up self-tests first', () => {
    assert.equal(lines[0], 'Mima tour: power-up self-tests');
    assert.deepEqual(lines.slice(1, 6).map((l) => l.slice(0, 6)), Array(5).fill('  ok  '));
  });

  test('prints every step as a title and the command line it runs, for each command family', () => {
    const titles = lines.filter((l) => l.startsWith('# '));
    const commands = lines.filter((l) => l.startsWith('$ mima '));
    assert.equal(titles.length, commands.length);
    assert.ok(titles.length >= 12, `${titles.length} steps`);
    for (const family of ['engine', 'sm3', 'sm2 keygen', 'sm2 sign', 'sm2 verify', 'sm2 encrypt', 'sm2 decrypt', 'sm4 --encrypt', 'sm4 --decrypt', 'zuc eia3', 'rand', 'randtest']) {
      assert.ok(commands.some((c) => c.startsWith(`$ mima ${family} `) || c === `$ mima ${family}`), `a "${family}" step`);
    }
    // Each title is followed by its command line.
    for (const [i, l] of lines.entries()) if (l.startsWith('# ')) assert.match(lines[i + 1]!, /^\$ mima /, l);
  });

  test('shows the verification verdicts and the decrypted message; ends with "Done."', () => {
    assert.ok(lines.includes('OK'));
    assert.ok(lines.includes('FAIL'), 'the tampered message step');
    assert.equal(lines.filter((l) => l === 'Mima signs this message with SM2.').length, 2, 'SM2 and SM4-GCM decryptions');
    assert.ok(lines.some((l) => l.startsWith('Done. The files are in tour/')));
  });

  test('leaves its files in DIR, the private key with mode 0600', () => {
    assert.equal(statSync(join(dir.dir, 'tour', 'key.pem')).mode & 0o777, 0o600);
    for (const f of ['pub.pem', 'message.txt', 'message.sig', 'message.sm2', 'message.gcm', 'random.bin']) {
      assert.ok(statSync(join(dir.dir, 'tour', f)).size > 0, f);
    }
    assert.equal(statSync(join(dir.dir, 'tour', 'random.bin')).size, 125_000);
  });

  test('the OpenSSL command it suggests verifies the tour\'s signature', { skip: opensslUnavailable() }, () => {
    const line = lines.find((l) => l.trimStart().startsWith('openssl pkeyutl -verify'));
    assert.ok(line, 'an openssl command line');
    const args = line.trim().split(/\s+/).slice(1).map((a) => (a.startsWith('tour/') ? join(dir.dir, a) : a));
    const v = openssl(args);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout.toString(), /Signature Verified Successfully/);
  });
});
