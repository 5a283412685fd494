/**
 * The management API of the machine (REST, fastify, OpenAPI at /docs): status and self-tests,
 * lock and unlock with shares, key listing (public parts only), application registration and
 * client certificates (issue, revoke, CRL), audit export, /healthz and /metrics.
 *
 * Authentication: HTTP Basic with the crypto card's role accounts (Device.login, with its
 * lockout and audit); each route names the roles it accepts — the security officer manages,
 * the auditor reads the audit log, any role reads the status. /healthz, /metrics, /docs and
 * /v1/crl need no credentials. Errors are RFC 9457 problem JSON.
 *
 * @module
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import { toHex, utf8, wipe } from '../../algorithms/internal/bytes.js';
import type { Device, Principal, Role } from '../../device/index.js';
import { decodeShareFile, isShareFile, shareFromWords } from '../../device/index.js';
import { issueCertificate, privateKeyPem, x509, type CaMaterial } from '../pki/transport-ca.js';
import { parseCertificate } from '../../pki/certificate.js';
import { parseCrl } from '../../pki/crl.js';
import { registry } from '../metrics.js';
import { HttpProblem, problemFor } from './problem.js';

export interface AdminOptions {
  host?: string;
  port: number;
  /** The machine CA (issuing client certificates); without it the certificate routes answer 503. */
  ca?: CaMaterial;
  /** Called after a revocation (the TLS server reloads its CRL). */
  onRevoke?: () => Promise<void>;
  /** Current CRL PEM. */
  crl?: () => Promise<string>;
  /** After the device locked / unlocked here (a multi-process machine relays it to its workers). */
  onLock?: () => void;
  onUnlock?: (shares: readonly Uint8Array[]) => void;
  /** The metrics exposition (default: this process's registry; a multi-process machine aggregates). */
  metrics?: () => Promise<string>;
  /** After the SVS trust store changed (the machine reloads its signature-verification server). */
  onTrustChange?: () => void;
}

const APP_NAME = '^[a-z0-9][a-z0-9._-]{0,62}$';

/** Success codes beside the documented error responses (the route schemas list only errors). */
function setStatus(reply: unknown, code: number): void {
  void (reply as FastifyReply).code(code);
}

async function principal(device: Device, req: FastifyRequest, roles: readonly Role[]): Promise<Principal> {
  const h = req.headers.authorization;
  const m = h ? /^Basic ([A-Za-z0-9+/=]+)$/.exec(h) : null;
  if (!m) throw new HttpProblem(401, 'authentication required', 'HTTP Basic credentials of a device account are needed');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new HttpProblem(401, 'authentication required', 'malformed Basic credentials');
  const password = utf8(decoded.slice(colon + 1));
  try {
    const p = await device.login(decoded.slice(0, colon), password);
    if (!roles.includes(p.role)) throw new HttpProblem(403, 'forbidden', `this needs the ${roles.join(' or ')} role, not ${p.role}`);
    return p;
  } finally {
    wipe(password);
  }
}

const problemSchema = { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, sdr: { type: 'string' } } };
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const basic = [{ basicAuth: [] as string[] }];

export async function buildAdminApp(device: Device, opts: AdminOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Mima management API', version: '1' },
      components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } } },
    },
  });
  app.setErrorHandler((e, _req, reply) => {
    const p = problemFor(e);
    if (p.status === 401) reply.header('www-authenticate', 'Basic realm="mima"');
    void reply.code(p.status).type('application/problem+json').send(JSON.stringify(p));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'not found', status: 404, detail: `${req.method} ${req.url}` }));
  });
  const as = (roles: readonly Role[]) => (req: FastifyRequest) => principal(device, req, roles);

  app.get('/healthz', { schema: { summary: 'Liveness and device state (no credentials)', response: { 200: { type: 'object', properties: { status: { type: 'string' }, state: { type: 'string' } } } } } },
    async (_req, reply: FastifyReply) => {
      const st = await device.status();
      const healthy = st.state === 'operational';
      void reply.code(healthy ? 200 : 503);
      return { status: healthy ? 'ok' : 'unavailable', state: st.state };
    });

  app.get('/metrics', { schema: { summary: 'Prometheus metrics (no credentials)' } }, async (_req, reply) => {
    void reply.type(registry.contentType);
    return opts.metrics ? opts.metrics() : registry.metrics();
  });

  app.get('/v1/status', { schema: { summary: 'Device status and the last self-test results', security: basic, response: errors } }, async (req) => {
    await as(['security-officer', 'operator', 'auditor'])(req);
    return device.status();
  });

  app.post('/v1/selftest', { schema: { summary: 'Run the power-up self-tests now (security officer)', security: basic, response: errors } }, async (req) => {
    await as(['security-officer'])(req);
    return device.runSelfTests();
  });

  app.post('/v1/lock', { schema: { summary: 'Lock the device: keys leave memory (security officer)', security: basic, response: errors } }, async (req, reply) => {
    const p = await as(['security-officer'])(req);
    await device.audit({ actor: p.name, role: p.role, action: 'device.lock', outcome: 'ok' });
    await device.lock();
    opts.onLock?.();
    setStatus(reply, 204);
  });

  app.post('/v1/unlock', {
    schema: {
      summary: 'Unlock a shares-sealed device with M administrator shares (share files with passphrases, or words)',
      body: { type: 'object', required: ['shares'], properties: { shares: { type: 'array', minItems: 1, items: { type: 'object', properties: { file: { type: 'string' }, passphrase: { type: 'string' }, words: { type: 'string' } } } } } },
      response: errors,
    },
  }, async (req, reply) => {
    const body = req.body as { shares: { file?: string; passphrase?: string; words?: string }[] };
    const shares: Uint8Array[] = [];
    try {
      for (const s of body.shares) {
        if (s.file && isShareFile(s.file)) shares.push(decodeShareFile(s.file, utf8(s.passphrase ?? '')).share);
        else if (s.words) shares.push(shareFromWords(s.words));
        else throw new HttpProblem(400, 'invalid request', 'each share needs a share file with its passphrase, or words');
      }
      await device.unlock(shares);
      opts.onUnlock?.(shares);
    } finally {
      wipe(...shares);
    }
    setStatus(reply, 204);
  });

  app.get('/v1/keys', { schema: { summary: 'Internal key pairs (public parts) and KEK indexes', security: basic, response: errors } }, async (req) => {
    await as(['security-officer', 'operator'])(req);
    const pairs = await device.keys.listKeyPairs();
    return {
      keyPairs: pairs.map((k) => ({ index: k.index, usage: k.usage, algorithm: k.algorithm, publicKey: toHex(k.publicKey), createdAt: k.createdAt, hasAccessPassword: k.hasAccessPassword })),
      keks: await device.keys.listKeks(),
    };
  });

  app.post('/v1/keys/:index', {
    schema: {
      summary: 'Generate the signing and encryption key pairs at an index (security officer); 201 once they are stored durably',
      security: basic,
      params: { type: 'object', properties: { index: { type: 'integer', minimum: 1 } } },
      body: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['sm2', 'rsa2048', 'rsa3072', 'rsa4096'] }, accessPassword: { type: 'string', minLength: 1 } } },
      response: errors,
    },
  }, async (req, reply) => {
    const p = await as(['security-officer'])(req);
    const { index } = req.params as { index: number };
    const body = req.body as { type: 'sm2' | 'rsa2048' | 'rsa3072' | 'rsa4096'; accessPassword?: string };
    const password = body.accessPassword === undefined ? undefined : utf8(body.accessPassword);
    try {
      const pairs = await device.keys.generateKeyPair(p, index, body.type, { accessPassword: password });
      setStatus(reply, 201);
      return pairs.map((k) => ({ index: k.index, usage: k.usage, algorithm: k.algorithm, publicKey: toHex(k.publicKey) }));
    } finally {
      if (password) wipe(password);
    }
  });

  app.get('/v1/applications', { schema: { summary: 'Registered applications', security: basic, response: errors } }, async (req) => {
    await as(['security-officer'])(req);
    return device.store.listApplications();
  });

  app.post('/v1/applications', {
    schema: {
      summary: 'Register (or update) an application: its key indexes and rate limit', security: basic,
      body: { type: 'object', required: ['name', 'allowedIndexes'], properties: { name: { type: 'string', pattern: APP_NAME }, allowedIndexes: { type: 'array', items: { type: 'integer', minimum: 1 } }, rateLimit: { type: 'integer', minimum: 0 } } },
      response: errors,
    },
  }, async (req, reply) => {
    const p = await as(['security-officer'])(req);
    const body = req.body as { name: string; allowedIndexes: number[]; rateLimit?: number };
    const existing = await device.store.getApplication(body.name);
    const rec = { name: body.name, allowedIndexes: body.allowedIndexes, rateLimit: body.rateLimit ?? existing?.rateLimit ?? 0, certSerial: existing?.certSerial ?? null, certFingerprint: existing?.certFingerprint ?? null, revoked: false, createdAt: existing?.createdAt ?? new Date().toISOString() };
    await device.store.putApplication(rec);
    await device.audit({ actor: p.name, role: p.role, action: 'application.register', target: body.name, outcome: 'ok', detail: { indexes: body.allowedIndexes.join(','), rateLimit: rec.rateLimit } });
    setStatus(reply, existing ? 200 : 201);
    return rec;
  });

  app.post('/v1/applications/:name/certificates', {
    schema: {
      summary: 'Issue a client certificate: from a PKCS#10 CSR (csr, PEM), or with a generated key returned once', security: basic,
      params: { type: 'object', properties: { name: { type: 'string', pattern: APP_NAME } } },
      body: { type: 'object', properties: { csr: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 3650 } } },
      response: errors,
    },
  }, async (req, reply) => {
    const p = await as(['security-officer'])(req);
    if (!opts.ca) throw new HttpProblem(503, 'no CA', 'this machine has no transport CA loaded');
    const { name } = req.params as { name: string };
    const body = (req.body ?? {}) as { csr?: string; days?: number };
    const appRec = await device.store.getApplication(name);
    if (!appRec) throw new HttpProblem(404, 'not found', `no application ${name}`);
    let spki: Uint8Array | undefined;
    if (body.csr) {
      try {
        const csr = new x509.Pkcs10CertificateRequest(body.csr);
        if (!(await csr.verify())) throw new Error('signature');
        spki = new Uint8Array(csr.publicKey.rawData);
      } catch {
        throw new HttpProblem(400, 'invalid request', 'csr is not a valid PKCS#10 request with a P-256 key');
      }
    }
    const issued = await issueCertificate(opts.ca, { commonName: name, purpose: 'client', publicKeySpki: spki, days: body.days });
    const now = new Date().toISOString();
    await device.store.insertClientCert({ serial: issued.serial, application: name, fingerprint: issued.fingerprint, issuedAt: now, revokedAt: null });
    await device.store.putApplication({ ...appRec, certSerial: issued.serial, certFingerprint: issued.fingerprint });
    await device.audit({ actor: p.name, role: p.role, action: 'certificate.issue', target: name, outcome: 'ok', detail: { serial: issued.serial, fromCsr: Boolean(spki) } });
    setStatus(reply, 201);
    return {
      serial: issued.serial, fingerprint: issued.fingerprint, certificate: issued.certificate.toString('pem'), ca: opts.ca.certificate.toString('pem'),
      ...(issued.privateKeyPkcs8 ? { privateKey: privateKeyPem(issued.privateKeyPkcs8) } : {}),
    };
  });

  app.post('/v1/certificates/:serial/revoke', { schema: { summary: 'Revoke a client certificate (refused at the next handshake; open connections end)', security: basic, response: errors } },
    async (req, reply) => {
      const p = await as(['security-officer'])(req);
      const { serial } = req.params as { serial: string };
      if ((await device.store.revokeClientCert(serial.toLowerCase(), new Date().toISOString())) === 0) throw new HttpProblem(404, 'not found', `no certificate ${serial}`);
      await device.audit({ actor: p.name, role: p.role, action: 'certificate.revoke', target: serial, outcome: 'ok' });
      await opts.onRevoke?.();
      setStatus(reply, 204);
    });

  app.get('/v1/crl', { schema: { summary: 'The machine CA\'s current CRL (PEM, no credentials)' } }, async (_req, reply) => {
    if (!opts.crl) throw new HttpProblem(503, 'no CA', 'this machine has no transport CA loaded');
    void reply.type('application/pkix-crl');
    return opts.crl();
  });

  app.get('/v1/audit', {
    schema: {
      summary: 'Audit export (auditor): records after `since`, and the chain verification', security: basic,
      querystring: { type: 'object', properties: { since: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: 10000 } } },
      response: errors,
    },
  }, async (req) => {
    const p = await as(['auditor'])(req);
    const q = req.query as { since?: number; limit?: number };
    const log = device.auditLog(p);
    await log.flush();
    const records = await device.store.listAudit(q.since ?? 0, q.limit ?? 1000);
    return {
      verify: await log.verify(),
      records: records.map((r) => ({ ...r, prevHash: toHex(r.prevHash), mac: toHex(r.mac) })),
    };
  });

  const TRUST_KINDS = ['anchor', 'intermediate', 'crl', 'key-cert'];
  app.get('/v1/svs/trust', { schema: { summary: 'The signature-verification server\'s trust store: anchors, intermediates, CRLs, key certificates', security: basic, response: errors } }, async (req) => {
    await as(['security-officer', 'auditor'])(req);
    return (await device.store.listTrustItems()).map((i) => {
      const what = i.kind === 'crl' ? `CRL of ${parseCrl(i.pem).issuer}` : parseCertificate(i.pem).subject;
      return { kind: i.kind, id: i.id, what };
    });
  });
  app.put('/v1/svs/trust/:kind/:id', {
    schema: {
      summary: 'Add or replace a trust item (security officer): kind anchor|intermediate|crl|key-cert (id = key index for key-cert)', security: basic,
      params: { type: 'object', properties: { kind: { type: 'string', enum: TRUST_KINDS }, id: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' } } },
      body: { type: 'object', required: ['pem'], properties: { pem: { type: 'string' } } },
      response: errors,
    },
  }, async (req, reply) => {
    const p = await as(['security-officer'])(req);
    const { kind, id } = req.params as { kind: string; id: string };
    const { pem } = req.body as { pem: string };
    const what = kind === 'crl' ? `CRL of ${parseCrl(pem).issuer}` : parseCertificate(pem).subject; // refuses what does not parse
    if (kind === 'key-cert' && !/^\d+$/.test(id)) throw new HttpProblem(400, 'invalid request', 'a key-cert id is the key index');
    await device.store.putTrustItem(kind, id, pem);
    await device.audit({ actor: p.name, role: p.role, action: 'svs.trust.put', target: `${kind}/${id}`, outcome: 'ok', detail: { what } });
    opts.onTrustChange?.();
    setStatus(reply, 204);
  });
  app.delete('/v1/svs/trust/:kind/:id', { schema: { summary: 'Remove a trust item (security officer)', security: basic, response: errors } }, async (req, reply) => {
    const p = await as(['security-officer'])(req);
    const { kind, id } = req.params as { kind: string; id: string };
    if ((await device.store.deleteTrustItem(kind, id)) === 0) throw new HttpProblem(404, 'not found', `no trust item ${kind}/${id}`);
    await device.audit({ actor: p.name, role: p.role, action: 'svs.trust.delete', target: `${kind}/${id}`, outcome: 'ok' });
    opts.onTrustChange?.();
    setStatus(reply, 204);
  });

  app.get('/docs', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}

export async function startAdminServer(device: Device, opts: AdminOptions): Promise<{ port: number; close(): Promise<void> }> {
  const app = await buildAdminApp(device, opts);
  await app.listen({ host: opts.host ?? '0.0.0.0', port: opts.port });
  const addr = app.server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : opts.port, close: () => app.close() };
}
