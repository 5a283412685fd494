/**
 * One server crypto machine around one crypto device: `mima serve` and `npm start`.
 *
 * On an empty data directory (the embedded default) it initialises everything a newcomer needs
 * to sign over the network within a minute, and says loudly that it is for development:
 * - the device with a DEV SEAL (the master key sealed by a passphrase in the data directory),
 *   role accounts `so`, `operator`, `auditor` (passwords from MIMA_*_PASSWORD, or generated and
 *   written once to <data>/credentials.txt, mode 0600);
 * - a demo SM2 pair (signing and encryption) at index 1 with access password `demo`;
 * - the machine's transport CA (ECDSA P-256) and the server's TLS certificate, their private
 *   keys kept in the device as named keys (wrapped by the master key);
 * - the application `demo` (granted index 1), its client certificate and key, the CA, and an
 *   `sdf.conf` for the C library in <data>/clients/demo/.
 * Later starts reuse all of it. A shares-sealed device (mima device init --shares) is unlocked
 * with the shares given in the options; it gets the CA and server certificate on its first
 * serve but no demo application or key (register applications through the management API).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { utf8, wipe } from '../algorithms/internal/bytes.js';
import { DEFAULT_DEV_SEAL_PASSPHRASE, DEV_SEAL_WARNING, Device, type Principal } from '../device/index.js';
import { openSqliteStore } from '../store/index.js';
import { createCrl, createTransportCa, issueCertificate, privateKeyPem, toPem, x509, type CaMaterial } from './pki/transport-ca.js';
import { startCryptoServer, type CryptoServer, type ServerHooks } from './server.js';
import type { ServerLimits } from './limits.js';
import { startAdminServer } from './admin/index.js';
import { AggregatorRegistry } from 'prom-client';
import { startWorkers } from './workers.js';
import { svsFromStore, SVS_PRINCIPAL, type SignatureVerificationServer } from '../svs/index.js';
import { recordBatch, recordCall } from './metrics.js';

export const DEMO_APP = 'demo';
export const DEMO_INDEX = 1;
export const DEMO_ACCESS_PASSWORD = 'demo';
const CA_KEY_ID = 'mima.transport-ca';
const SERVER_KEY_ID = 'mima.server-tls';

export interface MachineOptions {
  dataDir: string;
  host?: string;
  /** 0: an ephemeral port. Default 8018. */
  port?: number;
  /** Management API port (0: ephemeral; default 8019; null: none). */
  adminPort?: number | null;
  /** Host name (or IP) clients use; goes into the server certificate and sdf.conf. */
  publicHost?: string;
  /** Shares for a shares-sealed device (raw, as `mima device unlock` reads them). */
  shares?: readonly Uint8Array[];
  limits?: Partial<ServerLimits>;
  /** Protocol worker processes (one per core for the full rate); 1: the protocol runs in this process. */
  workers?: number;
  /** No banner on stdout. */
  quiet?: boolean;
  /** Where the banner and warnings go (default: stdout / stderr). */
  log?: (line: string) => void;
  hooks?: ServerHooks;
}

export interface RunningMachine {
  port: number;
  adminPort: number;
  dataDir: string;
  /** <data>/clients/demo (files client.pem, client.key, ca.pem, sdf.conf), when the demo exists. */
  demoClientDir: string;
  device: Device;
  server: CryptoServer;
  close(): Promise<void>;
}

interface Credentials {
  so: string;
  operator: string;
  auditor: string;
  generated: boolean;
}

function credentialsFromEnv(): Credentials {
  const pick = (env: string): string | undefined => process.env[env] || undefined;
  const so = pick('MIMA_SO_PASSWORD');
  const operator = pick('MIMA_OPERATOR_PASSWORD');
  const auditor = pick('MIMA_AUDITOR_PASSWORD');
  const gen = (): string => randomBytes(12).toString('base64url');
  return { so: so ?? gen(), operator: operator ?? gen(), auditor: auditor ?? gen(), generated: !so || !operator || !auditor };
}

function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

async function loadCa(device: Device): Promise<CaMaterial | undefined> {
  try {
    const { record, secret } = await device.keys.namedKeySecret(CA_KEY_ID);
    return { privateKeyPkcs8: secret, certificate: new x509.X509Certificate(record.attributes.certificate!) };
  } catch {
    return undefined;
  }
}

export async function startMachine(opts: MachineOptions): Promise<RunningMachine> {
  const dataDir = resolve(opts.dataDir);
  const say = opts.log ?? ((line: string) => (opts.quiet ? undefined : console.log(line)));
  const warn = opts.log ?? ((line: string) => console.error(line));
  mkdirSync(dataDir, { recursive: true });
  const store = await openSqliteStore(dataDir);
  const passphrase = utf8(process.env.MIMA_DEV_SEAL_PASSPHRASE || DEFAULT_DEV_SEAL_PASSPHRASE);
  const device = await Device.open(store, { devSealPassphrase: passphrase });
  wipe(passphrase);
  try {
    let so: Principal | undefined;
    let creds: Credentials | undefined;
    if (!device.record) {
      creds = credentialsFromEnv();
      await device.init({
        seal: { kind: 'dev', passphrase: utf8(process.env.MIMA_DEV_SEAL_PASSPHRASE || DEFAULT_DEV_SEAL_PASSPHRASE) },
        accounts: [
          { name: 'so', role: 'security-officer', password: utf8(creds.so) },
          { name: 'operator', role: 'operator', password: utf8(creds.operator) },
          { name: 'auditor', role: 'auditor', password: utf8(creds.auditor) },
        ],
      });
      so = await device.login('so', utf8(creds.so));
      await device.keys.generateKeyPair(so, DEMO_INDEX, 'sm2', { accessPassword: utf8(DEMO_ACCESS_PASSWORD) });
      if (creds.generated) {
        writePrivate(join(dataDir, 'credentials.txt'),
          `# Role passwords of this DEV-SEALED device (generated at first start; set MIMA_*_PASSWORD to choose them).\n` +
          `MIMA_SO_PASSWORD=${creds.so}\nMIMA_OPERATOR_PASSWORD=${creds.operator}\nMIMA_AUDITOR_PASSWORD=${creds.auditor}\n`);
      }
    } else if (device.record.sealKind === 'shares' && opts.shares) {
      await device.unlock(opts.shares);
    }
    device.requireOperational();
    const devSealed = device.record!.sealKind === 'dev';
    if (devSealed) warn(`mima: ${DEV_SEAL_WARNING}`);

    // Transport CA and server certificate, kept in the device.
    const publicHost = opts.publicHost ?? (opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1');
    let ca = await loadCa(device);
    if (!ca) {
      so ??= await soForSetup(device);
      ca = await createTransportCa(`Mima machine CA ${device.record!.serial}`);
      await device.keys.putNamedKey(so, { id: CA_KEY_ID, version: 1, algorithm: 'ecdsa-p256', publicKey: null, attributes: { certificate: ca.certificate.toString('pem') } }, ca.privateKeyPkcs8);
    }
    let serverCert: { key: string; cert: string };
    try {
      const { record, secret } = await device.keys.namedKeySecret(SERVER_KEY_ID);
      serverCert = { key: privateKeyPem(secret), cert: record.attributes.certificate! };
      wipe(secret);
    } catch {
      so ??= await soForSetup(device);
      const issued = await issueCertificate(ca, { commonName: `mima server ${device.record!.serial}`, purpose: 'server', hostNames: unique(['localhost', '127.0.0.1', '::1', publicHost]) });
      await device.keys.putNamedKey(so, { id: SERVER_KEY_ID, version: 1, algorithm: 'ecdsa-p256', publicKey: null, attributes: { certificate: issued.certificate.toString('pem') } }, issued.privateKeyPkcs8!);
      serverCert = { key: privateKeyPem(issued.privateKeyPkcs8!), cert: issued.certificate.toString('pem') };
    }
    const caPem = ca.certificate.toString('pem');
    mkdirSync(join(dataDir, 'server'), { recursive: true });
    writeFileSync(join(dataDir, 'server', 'ca.pem'), caPem);

    const demoClientDir = join(dataDir, 'clients', DEMO_APP);
    if (devSealed && !(await device.store.getApplication(DEMO_APP))) {
      so ??= await soForSetup(device);
      await registerDemo(device, ca, demoClientDir, caPem);
    }
    const crl = await currentCrl(device, ca);

    const tlsMaterial = { key: serverCert.key, cert: serverCert.cert, ca: caPem, crl };
    const name = `mima ${device.record!.serial}`;
    const workers = opts.workers ?? 1;
    const pool = workers > 1
      ? await startWorkers(workers, { dataDir, host: opts.host, port: opts.port ?? 8018, limits: opts.limits, name }, tlsMaterial, opts.shares)
      : undefined;
    // The machine's signature-verification server (GM/T 0029, protocol 0x09xx), from the trust store.
    let svs: Promise<SignatureVerificationServer> | undefined;
    const svsProvider = (): Promise<SignatureVerificationServer> => (svs ??= svsFromStore(device, SVS_PRINCIPAL));
    const server: CryptoServer = pool ?? await startCryptoServer({
      device, host: opts.host, port: opts.port ?? 8018, tls: tlsMaterial,
      limits: opts.limits, hooks: opts.hooks ?? { recordCall, recordBatch }, name, svs: svsProvider,
    });
    const reloadSvs = (): void => {
      const old = svs;
      svs = undefined;
      void old?.then((s) => s.close()).catch(() => {});
      pool?.reloadSvs();
    };
    const aggregator = pool ? new AggregatorRegistry() : undefined;
    if (existsSync(demoClientDir)) writeSdfConf(demoClientDir, publicHost, server.port);

    let admin: { port: number; close(): Promise<void> } | undefined;
    if (opts.adminPort !== null) {
      const machineCa = ca;
      admin = await startAdminServer(device, {
        host: opts.host, port: opts.adminPort ?? 8019, ca: machineCa,
        crl: () => currentCrl(device, machineCa),
        onRevoke: async () => server.updateCrl(await currentCrl(device, machineCa)),
        onLock: pool ? () => pool.lock() : undefined,
        onUnlock: pool ? (shares) => pool.unlock(shares) : undefined,
        metrics: aggregator ? () => aggregator.clusterMetrics() : undefined,
        onTrustChange: reloadSvs,
      });
    }
    if (pool) say(`mima serve: ${workers} protocol worker processes share port ${server.port}`);
    say(banner({ port: server.port, adminPort: admin?.port, dataDir, demoClientDir, devSealed, creds, hasDemo: existsSync(demoClientDir) }));
    return {
      port: server.port,
      adminPort: admin?.port ?? 0,
      dataDir,
      demoClientDir,
      device,
      server,
      async close() {
        await admin?.close();
        void svs?.then((s) => s.close()).catch(() => {});
        await server.close();
        await device.close();
      },
    };
  } catch (e) {
    await device.close().catch(() => {});
    throw e;
  }
}

/** Setup steps after the first start need the security officer: credentials from the environment. */
async function soForSetup(device: Device): Promise<Principal> {
  const password = process.env.MIMA_SO_PASSWORD;
  if (!password) throw new Error('mima serve: first serve of this device needs the security officer (set MIMA_SO_USER and MIMA_SO_PASSWORD)');
  return device.login(process.env.MIMA_SO_USER || 'so', utf8(password));
}

async function registerDemo(device: Device, ca: CaMaterial, dir: string, caPem: string): Promise<void> {
  const issued = await issueCertificate(ca, { commonName: DEMO_APP, purpose: 'client' });
  const now = new Date().toISOString();
  await device.store.putApplication({ name: DEMO_APP, allowedIndexes: [DEMO_INDEX], certSerial: issued.serial, certFingerprint: issued.fingerprint, revoked: false, createdAt: now, rateLimit: 0 });
  await device.store.insertClientCert({ serial: issued.serial, application: DEMO_APP, fingerprint: issued.fingerprint, issuedAt: now, revokedAt: null });
  await device.audit({ actor: 'mima serve', role: 'security-officer', action: 'application.register', target: DEMO_APP, outcome: 'ok', detail: { indexes: String(DEMO_INDEX) } });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'client.pem'), issued.certificate.toString('pem'));
  writePrivate(join(dir, 'client.key'), privateKeyPem(issued.privateKeyPkcs8!));
  writeFileSync(join(dir, 'ca.pem'), caPem);
}

function writeSdfConf(dir: string, host: string, port: number): void {
  writeFileSync(join(dir, 'sdf.conf'),
    `# libmimasdf configuration of application ${DEMO_APP} (MIMA_SDF_CONFIG=<this file>)\n` +
    `host = ${host}\nport = ${port}\ncert = ${join(dir, 'client.pem')}\nkey = ${join(dir, 'client.key')}\nca = ${join(dir, 'ca.pem')}\n`);
}

/** The CA's CRL of every revoked client certificate. */
export async function currentCrl(device: Device, ca: CaMaterial): Promise<string> {
  const revoked = (await device.store.listClientCerts()).filter((c) => c.revokedAt).map((c) => ({ serial: c.serial, at: new Date(c.revokedAt!) }));
  return toPem(await createCrl(ca, revoked));
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function banner(b: { port: number; adminPort: number | undefined; dataDir: string; demoClientDir: string; devSealed: boolean; creds?: Credentials; hasDemo: boolean }): string {
  const lines = [
    '',
    `mima serve: the crypto machine is listening on port ${b.port} (SDF over TLS, mutual authentication)`,
    b.adminPort ? `mima serve: management API on port ${b.adminPort} (OpenAPI at http://127.0.0.1:${b.adminPort}/docs)` : 'mima serve: management API not started',
    `mima serve: data directory ${b.dataDir}`,
  ];
  if (b.hasDemo) {
    lines.push(
      `mima serve: demo application "${DEMO_APP}": certificate, key, CA and sdf.conf in ${b.demoClientDir}`,
      `mima serve: demo SM2 key pair at index ${DEMO_INDEX}, access password "${DEMO_ACCESS_PASSWORD}"`,
    );
  }
  if (b.devSealed) {
    lines.push('', '!!! DEV SEAL: development only. The master key is sealed by a passphrase in the data directory;');
    lines.push('!!! the demo key\'s access password is "demo" and the demo client key sits in the data directory.');
    if (b.creds?.generated) lines.push(`!!! Role passwords were generated and written to ${join(b.dataDir, 'credentials.txt')}.`);
  }
  return lines.join('\n');
}
