/**
 * One worker process of a multi-core machine (`mima serve --workers N`, node:cluster): its own
 * store connection and Device on the shared data directory, its own engine, and the protocol
 * server on the port the workers share (the primary hands connections out round robin). The
 * primary sends the TLS material, shares for a shares-sealed device, CRL updates, lock/unlock
 * and shutdown over IPC; the worker answers `ready` with its port.
 *
 * Shared state lives in the store: keys, applications, certificates and the audit chain (its
 * appends serialise on the database's write lock and continue from the MACed head, so records
 * from all workers form one chain). Per-process state: sessions (they belong to a connection
 * anyway), the rate limiter and the per-application session count (limits are per worker).
 *
 * @module
 */
import { utf8, wipe } from '../algorithms/internal/bytes.js';
import { DEFAULT_DEV_SEAL_PASSPHRASE, Device } from '../device/index.js';
import { openSqliteStore } from '../store/index.js';
import type { ServerLimits } from './limits.js';
import { AggregatorRegistry } from 'prom-client';
import { recordBatch, recordCall, registry } from './metrics.js';
import { startCryptoServer, type CryptoServer } from './server.js';
import { svsFromStore, SVS_PRINCIPAL, type SignatureVerificationServer } from '../svs/index.js';

export interface WorkerConfig {
  dataDir: string;
  host?: string;
  port: number;
  limits?: Partial<ServerLimits>;
  name: string;
}

export type ToWorker =
  | { type: 'start'; config: WorkerConfig; tls: { key: string; cert: string; ca: string; crl?: string }; shares?: string[] }
  | { type: 'crl'; pem: string }
  | { type: 'lock' }
  | { type: 'unlock'; shares: string[] }
  | { type: 'svs-reload' }
  | { type: 'shutdown' };

export type FromWorker = { type: 'waiting' } | { type: 'ready'; port: number } | { type: 'failed'; message: string };

function send(m: FromWorker): void {
  process.send?.(m);
}

let svs: Promise<SignatureVerificationServer> | undefined;

async function start(m: Extract<ToWorker, { type: 'start' }>): Promise<{ device: Device; server: CryptoServer }> {
  const store = await openSqliteStore(m.config.dataDir);
  const passphrase = utf8(process.env.MIMA_DEV_SEAL_PASSPHRASE || DEFAULT_DEV_SEAL_PASSPHRASE);
  const device = await Device.open(store, { devSealPassphrase: passphrase });
  wipe(passphrase);
  if (m.shares) await unlock(device, m.shares);
  device.requireOperational();
  const server = await startCryptoServer({
    device, host: m.config.host, port: m.config.port, tls: m.tls, limits: m.config.limits, name: m.config.name,
    hooks: { recordCall, recordBatch },
    svs: () => (svs ??= svsFromStore(device, SVS_PRINCIPAL)),
  });
  return { device, server };
}

async function unlock(device: Device, shares: string[]): Promise<void> {
  const raw = shares.map((s) => new Uint8Array(Buffer.from(s, 'base64')));
  try {
    await device.unlock(raw);
  } finally {
    wipe(...raw);
  }
}

/** The worker's message loop (called from the worker entry). */
export function runWorker(): void {
  // The primary's /metrics asks every worker for this registry (constructing one installs the
  // worker's answering listener).
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let running: Promise<{ device: Device; server: CryptoServer }> | undefined;
  process.on('message', (m: ToWorker) => {
    void (async () => {
      try {
        if (m.type === 'start') {
          running = start(m);
          send({ type: 'ready', port: (await running).server.port });
        } else if (m.type === 'crl') {
          (await running)?.server.updateCrl(m.pem);
        } else if (m.type === 'lock') {
          await (await running)?.device.lock();
        } else if (m.type === 'unlock') {
          const r = await running;
          if (r) await unlock(r.device, m.shares);
        } else if (m.type === 'svs-reload') {
          const old = svs;
          svs = undefined;
          void old?.then((x) => x.close()).catch(() => {});
        } else if (m.type === 'shutdown') {
          const r = await running;
          await r?.server.close();
          await r?.device.close();
          process.exit(0);
        }
      } catch (e) {
        send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
        if (m.type === 'start') process.exit(1);
      }
    })();
  });
  // The primary is gone (killed): a worker does not outlive it.
  process.on('disconnect', () => process.exit(0));
  // Messages sent before this listener existed would be lost: say when it is there.
  send({ type: 'waiting' });
}
