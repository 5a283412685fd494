/**
 * A machine killed with SIGKILL while it generates keys, then restarted on the same data
 * directory and port: every key it had reported as created (201) is there and signs, and a
 * client that was connected before carries on with new sessions (the SDK reconnects).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { connectRemote, readSdfConf } from '../../src/client/index.js';
import { BIN } from '../cli/mima.js';

const dir = mkdtempSync(join(tmpdir(), 'mima-restart-'));
const data = join(dir, 'data');
const ENV = { ...process.env, MIMA_SO_PASSWORD: 'so-password-1', MIMA_OPERATOR_PASSWORD: 'op-password-1', MIMA_AUDITOR_PASSWORD: 'au-password-1' };
const SO = { authorization: `Basic ${Buffer.from('so:so-password-1').toString('base64')}`, 'content-type': 'application/json' };
let child: ChildProcess | undefined;
let exited: Promise<unknown> = Promise.resolve();

after(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `mima serve` and resolves with its ports once the banner names them. */
function serve(port: number, adminPort: number): Promise<{ port: number; adminPort: number }> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--host', '127.0.0.1', '--port', String(port), '--admin-port', String(adminPort), '--workers', '2'],
      { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const me = child;
    exited = new Promise((r) => me.once('exit', r));
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const p = /listening on port (\d+)/.exec(out);
      const a = /management API on port (\d+)/.exec(out);
      if (p && a) resolve({ port: Number(p[1]), adminPort: Number(a[1]) });
    });
    child.once('exit', (code) => reject(new Error(`mima serve exited (${code}): ${out}`)));
  });
}

test('SIGKILL during key generation: every key reported created survives the restart, and clients carry on', { timeout: 120_000 }, async () => {
  const first = await serve(0, 0);
  const conf = join(data, 'clients', 'demo', 'sdf.conf');
  const sdf = await connectRemote({ ...readSdfConf(conf), connectAttempts: 8 });
  const h0 = await sdf.SDF_OpenSession();
  assert.equal(((await sdf.SDF_GenerateRandom(h0, 8)) as Uint8Array).length, 8);

  const created: number[] = [];
  let stop = false;
  const generating = (async () => {
    for (let index = 2; !stop; index++) {
      const r = await fetch(`http://127.0.0.1:${first.adminPort}/v1/keys/${index}`, { method: 'POST', headers: SO, body: JSON.stringify({ type: 'sm2', accessPassword: 'pw' }) })
        .catch(() => undefined);
      if (r?.status === 201) created.push(index);
      else break;
    }
  })();
  await new Promise((r) => setTimeout(r, 1500));
  child!.kill('SIGKILL');
  stop = true;
  await generating;
  await exited;
  assert.ok(created.length > 3, `only ${created.length} keys were created before the kill`);

  await serve(first.port, first.adminPort);
  const listed = (await (await fetch(`http://127.0.0.1:${first.adminPort}/v1/keys`, { headers: SO })).json()) as { keyPairs: { index: number; usage: string }[] };
  for (const index of created) {
    assert.ok(listed.keyPairs.some((k) => k.index === index && k.usage === 'sign'), `index ${index} (sign) survived`);
    assert.ok(listed.keyPairs.some((k) => k.index === index && k.usage === 'enc'), `index ${index} (enc) survived`);
  }
  // Grant them to the demo application and sign with each through the client connected before the kill.
  const grant = await fetch(`http://127.0.0.1:${first.adminPort}/v1/applications`, { method: 'POST', headers: SO, body: JSON.stringify({ name: 'demo', allowedIndexes: [1, ...created] }) });
  assert.equal(grant.status, 200);
  const h = await sdf.SDF_OpenSession(); // the old connection died with the server: the pool reconnects
  for (const index of created) {
    await sdf.SDF_GetPrivateKeyAccessRight(h, index, utf8('pw'));
    await sdf.SDF_InternalSign_ECC(h, index, new Uint8Array(32).fill(index));
  }
  sdf.close();
});
