/**
 * The network side of `mima serve` (docs/protocol.md): who may connect, what an application may
 * touch, the limits, and that malformed traffic never hurts the machine or other connections.
 * Real mutual TLS against certificates from the machine CA, ephemeral ports.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { connectRemote, Connection } from '../../src/client/index.js';
import { encodeFrame, FrameDecoder, FrameKind } from '../../src/protocol/frame.js';
import { encodeValues } from '../../src/protocol/values.js';
import { createTransportCa, issueCertificate, privateKeyPem } from '../../src/server/pki/transport-ca.js';
import { currentCrl } from '../../src/server/machine.js';
import { x509 } from '../../src/server/pki/transport-ca.js';
import { startTestMachine, type TestMachine } from '../helpers/machine.js';

let tm: TestMachine;
before(async () => {
  tm = await startTestMachine({ limits: { idleTimeoutMs: 600, maxConnectionsPerAddress: 40, maxSessionsPerApp: 3 } });
});
after(() => tm.close());

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;

/** Raw TLS socket with the demo credentials; collects frames. */
function rawSocket(cfg = tm.demo): Promise<{ socket: tls.TLSSocket; frames: () => ReturnType<FrameDecoder['push']>; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: cfg.host, port: cfg.port, cert: cfg.cert, key: cfg.key, ca: cfg.ca });
    const dec = new FrameDecoder(1 << 26);
    const got: ReturnType<FrameDecoder['push']> = [];
    socket.on('data', (c: Buffer) => got.push(...dec.push(c)));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => {});
    socket.once('secureConnect', () => resolve({ socket, frames: () => got, closed }));
    socket.once('error', reject);
  });
}

const hello = (): Uint8Array => encodeFrame(FrameKind.HELLO, 0, 0, new Uint8Array([1, 1, 4, ...utf8('test')]));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('who may connect', () => {
  test('the demo application completes the handshake and is told the limits', async () => {
    const c = await Connection.open(tm.demo);
    c.close();
  });

  test('a client certificate from another CA fails the TLS handshake', async () => {
    const other = await createTransportCa('not the machine');
    const issued = await issueCertificate(other, { commonName: 'intruder', purpose: 'client' });
    await assert.rejects(Connection.open({ ...tm.demo, cert: issued.certificate.toString('pem'), key: privateKeyPem(issued.privateKeyPkcs8!), connectAttempts: 1 }), code('SDR_OPENDEVICE'));
  });

  test('a certificate of the machine CA that no application owns is refused with GOAWAY', async () => {
    const app = await tm.addApp('ghost', [1]);
    await tm.machine.device.store.revokeClientCert(app.serial, new Date().toISOString());
    // Not yet in the TLS CRL: the application check refuses it.
    await assert.rejects(Connection.open({ ...app, connectAttempts: 1 }), code('SDR_OPENDEVICE'));
  });

  test('a revoked certificate fails at the handshake once the CRL is updated, and its open connections end', async () => {
    const app = await tm.addApp('soon-revoked', [1]);
    const live = await Connection.open(app);
    await tm.machine.device.store.revokeClientCert(app.serial, new Date().toISOString());
    const { secret, record } = await tm.machine.device.keys.namedKeySecret('mima.transport-ca');
    tm.machine.server.updateCrl(await currentCrl(tm.machine.device, { privateKeyPkcs8: secret, certificate: new x509.X509Certificate(record.attributes.certificate!) }));
    await assert.rejects(Connection.open({ ...app, connectAttempts: 1 }), code('SDR_OPENDEVICE'));
    await wait(100);
    assert.equal(live.closed, true);
  });

  test('REQUEST before HELLO ends the connection with GOAWAY', async () => {
    const s = await rawSocket();
    s.socket.write(encodeFrame(FrameKind.REQUEST, 1, 0x0101, encodeValues([])));
    await s.closed;
    assert.equal(s.frames()[0]?.kind, FrameKind.GOAWAY);
  });

  test('a HELLO without a common version gets GOAWAY "no common protocol version"', async () => {
    const s = await rawSocket();
    s.socket.write(encodeFrame(FrameKind.HELLO, 0, 0, new Uint8Array([1, 9, 0])));
    await s.closed;
    assert.equal(new TextDecoder().decode(s.frames()[0]!.payload), 'no common protocol version');
  });
});

describe('what an application may touch', () => {
  test('a key index not granted to the application is SDR_PARDENY', async () => {
    const app = await tm.addApp('index-two-only', [2]);
    const r = await connectRemote(app);
    const h = await r.SDF_OpenSession();
    await assert.rejects(r.SDF_GetPrivateKeyAccessRight(h, 1, utf8('demo')), code('SDR_PARDENY'));
    await assert.rejects(r.SDF_ExportSignPublicKey_ECC(h, 1), code('SDR_PARDENY'));
    r.close();
  });

  test('another connection\'s session handle is SDR_INARGERR; its key handles are SDR_KEYNOTEXIST', async () => {
    const a = await Connection.open(tm.demo);
    const b = await Connection.open(tm.demo);
    const [ha] = await a.request(0x0101, []);
    const [hk] = await a.request(0x0214, [ha as number, new Uint8Array(16)]);
    await assert.rejects(b.request(0x0104, [ha as number, 8]), code('SDR_INARGERR'));
    const [hb] = await b.request(0x0101, []);
    await assert.rejects(b.request(0x0401, [hb as number, hk as number, 0x401, null, new Uint8Array(16)]), code('SDR_KEYNOTEXIST'));
    a.close();
    b.close();
  });

  test('sessions per application are limited (SDR_OPENSESSION)', async () => {
    const app = await tm.addApp('few-sessions', [1]);
    const c = await Connection.open(app);
    for (let i = 0; i < 3; i++) await c.request(0x0101, []);
    await assert.rejects(c.request(0x0101, []), code('SDR_OPENSESSION'));
    c.close();
  });

  test('the per-application rate limit answers SDR_MIMA_RATELIMIT', async () => {
    const app = await tm.addApp('slow', [1], 5);
    const c = await Connection.open(app);
    const [h] = await c.request(0x0101, []);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => c.request(0x0104, [h as number, 4])));
    assert.ok(results.some((r) => r.status === 'rejected' && (r.reason as CryptoError).code === 'SDR_MIMA_RATELIMIT'));
    c.close();
  });
});

describe('limits and robustness', () => {
  test('an idle connection is closed after the idle timeout with GOAWAY "idle"', async () => {
    const s = await rawSocket();
    s.socket.write(hello());
    await s.closed;
    const last = s.frames().at(-1)!;
    assert.equal(last.kind, FrameKind.GOAWAY);
    assert.equal(new TextDecoder().decode(last.payload), 'idle');
  });

  test('a frame over the size limit ends the connection', async () => {
    const s = await rawSocket();
    s.socket.write(hello());
    const header = encodeFrame(FrameKind.REQUEST, 1, 0x0104, new Uint8Array(0));
    new DataView(header.buffer).setUint32(12, 64 * 1024 * 1024);
    s.socket.write(header);
    await s.closed;
    assert.ok(s.frames().some((f) => f.kind === FrameKind.GOAWAY));
  });

  test('too many connections from one address are refused with GOAWAY', async () => {
    const conns = await Promise.allSettled(Array.from({ length: 45 }, () => Connection.open({ ...tm.demo, connectAttempts: 1 })));
    assert.ok(conns.some((c) => c.status === 'rejected'));
    for (const c of conns) if (c.status === 'fulfilled') c.value.close();
    await wait(100);
  });

  test('random and mutated frames never crash the machine; other connections keep working', async () => {
    const good = await connectRemote(tm.demo);
    const h = await good.SDF_OpenSession();
    const valid = encodeFrame(FrameKind.REQUEST, 7, 0x0104, encodeValues([1, 16]));
    for (let i = 0; i < 60; i++) {
      const s = await rawSocket();
      s.socket.write(hello());
      const junk = i % 2 === 0 ? randomBytes(1 + (i * 37) % 300) : Uint8Array.from(valid, (b, j) => (j === 16 + (i % (valid.length - 16)) ? b ^ (1 + i) : b));
      s.socket.write(junk);
      setTimeout(() => s.socket.destroy(), 30);
      await s.closed;
      if (i % 10 === 0) assert.equal(((await good.SDF_GenerateRandom(h, 8)) as Uint8Array).length, 8, 'the other connection still works');
    }
    assert.equal(((await good.SDF_GenerateRandom(h, 32)) as Uint8Array).length, 32);
    good.close();
  });

  test('unknown function codes are answered SDR_NOTSUPPORT without closing', async () => {
    const c = await Connection.open(tm.demo);
    await assert.rejects(c.request(0x7777, []), code('SDR_NOTSUPPORT'));
    const [h] = await c.request(0x0101, []);
    assert.equal(typeof h, 'number');
    c.close();
  });
});
