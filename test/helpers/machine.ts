/**
 * A machine for the server and client tests: `startMachine` on a temporary data directory
 * (dev seal, demo application and key at index 1, access password "demo"), ephemeral port, no
 * management API, quiet; plus the demo client's configuration and a second application.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { readSdfConf, type RemoteConfig } from '../../src/client/index.js';
import { issueCertificate, privateKeyPem, x509, type CaMaterial } from '../../src/server/pki/transport-ca.js';
import { startMachine, type MachineOptions, type RunningMachine } from '../../src/server/machine.js';

export const SO_PASSWORD = 'so-pass';

export interface TestMachine {
  machine: RunningMachine;
  demo: RemoteConfig;
  dir: string;
  /** Registers an application with a fresh client certificate; its config. */
  addApp(name: string, indexes: number[], rateLimit?: number): Promise<RemoteConfig & { serial: string }>;
  close(): Promise<void>;
}

export async function startTestMachine(opts: Partial<MachineOptions> = {}): Promise<TestMachine> {
  const dir = mkdtempSync(join(tmpdir(), 'mima-machine-'));
  process.env.MIMA_SO_PASSWORD = SO_PASSWORD;
  process.env.MIMA_OPERATOR_PASSWORD = 'op-pass';
  process.env.MIMA_AUDITOR_PASSWORD = 'au-pass';
  const machine = await startMachine({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, adminPort: null, quiet: true, log: () => {}, ...opts });
  const demo = readSdfConf(join(machine.demoClientDir, 'sdf.conf'));
  return {
    machine, demo, dir,
    async addApp(name, indexes, rateLimit = 0) {
      const { secret, record } = await machine.device.keys.namedKeySecret('mima.transport-ca');
      const ca: CaMaterial = { privateKeyPkcs8: secret, certificate: new x509.X509Certificate(record.attributes.certificate!) };
      const issued = await issueCertificate(ca, { commonName: name, purpose: 'client' });
      const now = new Date().toISOString();
      await machine.device.store.putApplication({ name, allowedIndexes: indexes, certSerial: issued.serial, certFingerprint: issued.fingerprint, revoked: false, createdAt: now, rateLimit });
      await machine.device.store.insertClientCert({ serial: issued.serial, application: name, fingerprint: issued.fingerprint, issuedAt: now, revokedAt: null });
      return { ...demo, cert: issued.certificate.toString('pem'), key: privateKeyPem(issued.privateKeyPkcs8!), serial: issued.serial };
    },
    async close() {
      await machine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function soLogin(m: RunningMachine) {
  return m.device.login('so', utf8(SO_PASSWORD));
}
