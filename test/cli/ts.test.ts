/**
 * `mima ts serve|query|verify` end to end: a TSA whose key is at a device index answers over
 * HTTP; the response verifies for the file and fails for another; serial numbers continue
 * across a restart of the service (durable counter).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { makeDevice, ENV, okWarned, type DeviceFixture } from './device-fixture.js';
import { BIN } from './mima.js';

let dev: DeviceFixture;
let child: ChildProcess | undefined;
before(() => {
  dev = makeDevice('dev');
  okWarned(dev.run(['key', 'gen', '--data', dev.data, '--index', '1-2', '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD']));
  const ca = dev.dir.file('ca.pem');
  okWarned(dev.run(['ca', 'init', '--data', dev.data, '--index', '1', '--subject', 'CN=TSA Root', '--days', '30', '--out', ca]));
  okWarned(dev.run(['cert', 'csr', '--data', dev.data, '--index', '2', '--subject', 'CN=Mima TSA', '--out', dev.dir.file('tsa.csr')]));
  okWarned(dev.run(['ca', 'issue', '--data', dev.data, '--index', '1', '--ca', ca, '--csr', dev.dir.file('tsa.csr'), '--usage', 'tsa', '--days', '30', '--out', dev.dir.file('tsa.pem')]));
});
after(() => {
  child?.kill();
  dev.cleanup();
});

function serve(): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [BIN, 'ts', 'serve', '--data', dev.data, '--index', '2', '--cert', dev.dir.file('tsa.pem'), '--port', '0', '--host', '127.0.0.1'],
      { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /on port (\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}/`);
    });
    child.once('exit', (c) => reject(new Error(`ts serve exited ${c}: ${out}`)));
  });
}

const mima = (args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...ENV } })
  .then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: e.stdout ?? '', err: e.stderr ?? '' }));

test('query and verify a timestamp; another file fails; serials continue after a restart', { timeout: 60_000 }, async () => {
  const url = await serve();
  const doc = dev.dir.file('doc.txt');
  writeFileSync(doc, 'a document');
  const r1 = await mima(['ts', 'query', '--url', url, '--in', doc, '--out', dev.dir.file('1.tsr')]);
  assert.equal(r1.code, 0, r1.err);
  const v1 = await mima(['ts', 'verify', '--trust', dev.dir.file('ca.pem'), '--in', dev.dir.file('1.tsr'), '--content', doc]);
  assert.equal(v1.code, 0, v1.err);
  const serial1 = Number(/serial (\d+)/.exec(v1.out)![1]);
  writeFileSync(dev.dir.file('other.txt'), 'another document');
  const bad = await mima(['ts', 'verify', '--trust', dev.dir.file('ca.pem'), '--in', dev.dir.file('1.tsr'), '--content', dev.dir.file('other.txt')]);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /^FAIL: tsa: the token is for other data/m);
  child!.kill();
  await new Promise((r) => child!.once('exit', r));
  const url2 = await serve();
  await mima(['ts', 'query', '--url', url2, '--in', doc, '--out', dev.dir.file('2.tsr')]);
  const v2 = await mima(['ts', 'verify', '--trust', dev.dir.file('ca.pem'), '--in', dev.dir.file('2.tsr'), '--content', doc]);
  assert.ok(Number(/serial (\d+)/.exec(v2.out)![1]) > serial1, v2.out);
});
