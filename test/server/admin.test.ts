/**
 * The management API (REST on its own port): credentials by role, problem JSON, application
 * registration and client certificates that work (and stop working when revoked) on the SDF
 * port, key listing without private parts, audit export, /healthz, /metrics and the OpenAPI
 * document.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { connectRemote, Connection } from '../../src/client/index.js';
import { startTestMachine, SO_PASSWORD, type TestMachine } from '../helpers/machine.js';

let tm: TestMachine;
let base: string;
before(async () => {
  tm = await startTestMachine({ adminPort: 0 });
  base = `http://127.0.0.1:${tm.machine.adminPort}`;
});
after(() => tm.close());

const auth = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const SO = auth('so', SO_PASSWORD);
const OP = auth('operator', 'op-pass');
const AU = auth('auditor', 'au-pass');

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(base + path, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', json, text, headers: res.headers };
}

describe('no credentials needed', () => {
  test('/healthz reports the device operational', async () => {
    const r = await call('GET', '/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok', state: 'operational' });
  });

  test('/metrics exposes SDF calls by function and application after traffic', async () => {
    const sdf = await connectRemote(tm.demo);
    const h = await sdf.SDF_OpenSession();
    await sdf.SDF_GenerateRandom(h, 16);
    sdf.close();
    const r = await call('GET', '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.text, /mima_sdf_calls_total\{function="SDF_GenerateRandom",application="demo",result="ok"\} \d+/);
    assert.match(r.text, /mima_sdf_call_seconds_bucket/);
  });

  test('/docs serves the OpenAPI document listing the routes', async () => {
    const r = await call('GET', '/docs');
    assert.equal(r.json.openapi.startsWith('3'), true);
    for (const path of ['/v1/status', '/v1/applications', '/v1/applications/{name}/certificates', '/v1/audit', '/v1/keys', '/v1/unlock']) assert.ok(r.json.paths[path], path);
  });
});

describe('credentials and problem JSON', () => {
  test('without credentials: 401 problem JSON with WWW-Authenticate', async () => {
    const r = await call('GET', '/v1/status');
    assert.equal(r.status, 401);
    assert.match(r.type, /application\/problem\+json/);
    assert.equal(r.json.status, 401);
    assert.match(r.headers.get('www-authenticate') ?? '', /Basic/);
  });

  test('a wrong password: 401 with the device\'s SDR code', async () => {
    const r = await call('GET', '/v1/status', auth('so', 'wrong-password'));
    assert.equal(r.status, 401);
    assert.equal(r.json.sdr, 'SDR_MIMA_AUTH');
  });

  test('the wrong role: 403 (the operator cannot register applications)', async () => {
    const r = await call('POST', '/v1/applications', OP, { name: 'x', allowedIndexes: [1] });
    assert.equal(r.status, 403);
    assert.match(r.type, /problem\+json/);
  });

  test('an invalid body: 400 problem JSON', async () => {
    const r = await call('POST', '/v1/applications', SO, { name: 'Bad Name!', allowedIndexes: [1] });
    assert.equal(r.status, 400);
    assert.equal(r.json.title, 'invalid request');
  });

  test('an unknown path: 404 problem JSON', async () => {
    const r = await call('GET', '/v1/nothing-here', SO);
    assert.equal(r.status, 404);
    assert.match(r.type, /problem\+json/);
  });

  test('any role reads the status with the self-test results', async () => {
    const r = await call('GET', '/v1/status', AU);
    assert.equal(r.status, 200);
    assert.equal(r.json.state, 'operational');
    assert.equal(r.json.selfTest.passed, true);
  });
});

describe('applications, certificates and keys', () => {
  test('register an application, issue it a certificate, and it signs with its granted index over the SDF port', async () => {
    assert.equal((await call('POST', '/v1/applications', SO, { name: 'payments', allowedIndexes: [1] })).status, 201);
    const cert = await call('POST', '/v1/applications/payments/certificates', SO, {});
    assert.equal(cert.status, 201);
    assert.match(cert.json.privateKey, /BEGIN PRIVATE KEY/);
    const sdf = await connectRemote({ ...tm.demo, cert: cert.json.certificate, key: cert.json.privateKey });
    const h = await sdf.SDF_OpenSession();
    await sdf.SDF_GetPrivateKeyAccessRight(h, 1, utf8('demo'));
    await sdf.SDF_InternalSign_ECC(h, 1, new Uint8Array(32));
    sdf.close();
    // Revoked: refused at the next handshake.
    assert.equal((await call('POST', `/v1/certificates/${cert.json.serial}/revoke`, SO)).status, 204);
    await assert.rejects(Connection.open({ ...tm.demo, cert: cert.json.certificate, key: cert.json.privateKey, connectAttempts: 1 }), (e: CryptoError) => e.code === 'SDR_OPENDEVICE');
    const crl = await call('GET', '/v1/crl');
    assert.match(crl.text, /BEGIN X509 CRL/);
  });

  test('key listing shows public keys and no private material', async () => {
    const r = await call('GET', '/v1/keys', SO);
    assert.equal(r.status, 200);
    const one = r.json.keyPairs.find((k: { index: number; usage: string }) => k.index === 1 && k.usage === 'sign');
    assert.match(one.publicKey, /^04[0-9a-f]{128}$/);
    assert.ok(!/wrapped|private/i.test(r.text));
  });

  test('the auditor exports the audit log with a verified chain; the security officer may not', async () => {
    const r = await call('GET', '/v1/audit?limit=500', AU);
    assert.equal(r.status, 200);
    assert.equal(r.json.verify.ok, true);
    assert.ok(r.json.records.some((x: { action: string }) => x.action === 'application.register'));
    assert.equal((await call('GET', '/v1/audit', SO)).status, 403);
  });

  test('lock: the SDF port refuses key use (SDR_MIMA_LOCKED), /healthz reports it', async () => {
    const before = await connectRemote(tm.demo);
    assert.equal((await call('POST', '/v1/lock', SO)).status, 204);
    await assert.rejects(before.SDF_OpenSession(), (e: CryptoError) => e.code === 'SDR_MIMA_LOCKED' || e.code === 'SDR_OPENDEVICE' || e.code === 'SDR_COMMFAIL');
    before.close();
    assert.equal((await call('GET', '/healthz')).status, 503);
  });
});
