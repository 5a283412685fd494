/**
 * A multi-core machine (`mima serve --workers N`): worker processes share the port, every
 * worker serves the applications, the audit chain stays one chain, /metrics aggregates the
 * workers, and locking through the management API reaches them all.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { connectRemote, Connection } from '../../src/client/index.js';
import { eccPublicKeyToPoint, eccSignatureToRaw, type ECCrefPublicKey, type ECCSignature } from '../../src/sdf/index.js';
import { SO_PASSWORD, startTestMachine, type TestMachine } from '../helpers/machine.js';

let tm: TestMachine;
before(async () => {
  tm = await startTestMachine({ workers: 2, adminPort: 0 });
});
after(() => tm.close());

const admin = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${tm.machine.adminPort}${path}`, init);

test('sessions on many connections (spread over the workers) sign with the demo key', async () => {
  const sdf = await connectRemote({ ...tm.demo, poolSize: 8 });
  const results = await Promise.all(Array.from({ length: 16 }, async (_, i) => {
    const h = await sdf.SDF_OpenSession();
    await sdf.SDF_GetPrivateKeyAccessRight(h, 1, utf8('demo'));
    const pub = eccPublicKeyToPoint((await sdf.SDF_ExportSignPublicKey_ECC(h, 1)) as ECCrefPublicKey);
    const e = new Uint8Array(32).fill(i);
    const sig = (await sdf.SDF_InternalSign_ECC(h, 1, e)) as ECCSignature;
    return sm2.verifyDigest(pub, e, eccSignatureToRaw(sig));
  }));
  assert.deepEqual(results, Array(16).fill(true));
  sdf.close();
});

test('/metrics aggregates the calls the workers answered', async () => {
  const text = await (await admin('/metrics')).text();
  const m = /mima_sdf_calls_total\{function="SDF_InternalSign_ECC",application="demo",result="ok"\} (\d+)/.exec(text);
  assert.ok(m, text.slice(0, 500));
  assert.equal(Number(m[1]), 16);
});

test('the audit chain written by the workers and the primary verifies as one chain', async () => {
  const res = await admin('/v1/audit?limit=10000', { headers: { authorization: `Basic ${Buffer.from('auditor:au-pass').toString('base64')}` } });
  const body = (await res.json()) as { verify: { ok: boolean; records: number } };
  assert.equal(body.verify.ok, true);
  assert.ok(body.verify.records > 5);
});

test('locking through the management API locks every worker', async () => {
  const r = await admin('/v1/lock', { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`so:${SO_PASSWORD}`).toString('base64')}` } });
  assert.equal(r.status, 204);
  await new Promise((res) => setTimeout(res, 200));
  for (let i = 0; i < 4; i++) {
    const c = await Connection.open(tm.demo).catch((e: CryptoError) => e);
    if (c instanceof Connection) {
      await assert.rejects(c.request(0x0101, []), (e: CryptoError) => e.code === 'SDR_MIMA_LOCKED');
      c.close();
    } else {
      assert.equal(c.code, 'SDR_OPENDEVICE'); // refused at admission: device locked
    }
  }
});
