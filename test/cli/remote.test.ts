/**
 * `mima remote` against a machine: export a public key, sign a file over the network, and check
 * the signature with `mima sm2 verify` and the OpenSSL CLI; bad configuration is one line, exit 2.
 * (The CLI runs as a child process; the machine runs in this process, so the child is awaited
 * asynchronously.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN } from './mima.js';
import { startTestMachine, type TestMachine } from '../helpers/machine.js';

let tm: TestMachine;
let conf: string;
before(async () => {
  tm = await startTestMachine();
  conf = join(tm.machine.demoClientDir, 'sdf.conf');
});
after(() => tm.close());

async function mima(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
    .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }))
    .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
}

test('a message signed over the network verifies with mima sm2 verify and with OpenSSL', async () => {
  const msg = join(tm.dir, 'hello.txt');
  const pub = join(tm.dir, 'pub.pem');
  const sig = join(tm.dir, 'hello.sig');
  writeFileSync(msg, 'hello over the network\n');
  assert.equal((await mima(['remote', 'export-pub', '--index', '1', '--out', pub, '--config', conf])).code, 0);
  const signed = await mima(['remote', 'sign', '--index', '1', '--in', msg, '--out', sig, '--config', conf]);
  assert.equal(signed.code, 0, signed.stderr);
  const verify = await mima(['sm2', 'verify', '--pub', pub, '--sig', sig, '--in', msg]);
  assert.equal(verify.stdout.trim(), 'OK');
  const openssl = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-sigfile', sig, '-in', msg], { encoding: 'utf8' });
  if (openssl.error) return; // no OpenSSL CLI here: mima's own verification above stands
  assert.match(openssl.stdout, /Signature Verified Successfully/);
});

test('a wrong access password is one line naming SDR_PRKRERR, exit 2', async () => {
  const r = await mima(['remote', 'sign', '--index', '1', '--in', conf, '--config', conf, '--access-password-env', 'MIMA_TEST_WRONG_PW'], { MIMA_TEST_WRONG_PW: 'not-demo' });
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /SDR_PRKRERR/);
});

test('a missing sdf.conf is one line and exit 2, never a stack trace', async () => {
  const r = await mima(['remote', 'random', '--bytes', '8', '--config', join(tm.dir, 'nope.conf')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^mima: remote: cannot read .*nope\.conf/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
