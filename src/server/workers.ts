/**
 * The primary side of a multi-core machine: forks `count` worker processes (worker.ts), hands
 * each the TLS material (and, for a shares-sealed device, the shares, over the IPC channel the
 * primary and its children share), waits until all listen on the shared port, and relays CRL
 * updates, lock/unlock and shutdown. Presents itself as a CryptoServer to the machine.
 *
 * @module
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { CryptoServer } from './server.js';
import type { FromWorker, ToWorker, WorkerConfig } from './worker.js';

export interface WorkerPool extends CryptoServer {
  lock(): void;
  unlock(shares: readonly Uint8Array[]): void;
  /** The SVS trust store changed: workers rebuild their signature-verification servers. */
  reloadSvs(): void;
}

/** Resolves with the worker's port once it listens; sends `start` when the worker says it is waiting. */
function startOne(w: Worker, start: ToWorker): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromWorker): void => {
      if (m.type === 'waiting') {
        w.send(start);
      } else if (m.type === 'ready') {
        cleanup();
        resolve(m.port);
      } else if (m.type === 'failed') {
        cleanup();
        reject(new Error(`worker ${w.id}: ${m.message}`));
      }
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`worker ${w.id} exited (${code}) before it was ready`));
    };
    const cleanup = (): void => {
      w.off('message', onMessage);
      w.off('exit', onExit);
    };
    w.on('message', onMessage);
    w.on('exit', onExit);
  });
}

export async function startWorkers(count: number, config: WorkerConfig, tls: { key: string; cert: string; ca: string; crl?: string },
  shares?: readonly Uint8Array[]): Promise<WorkerPool> {
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker-main.js', import.meta.url)), args: [], silent: false });
  const workers: Worker[] = [];
  const b64 = shares?.map((s) => Buffer.from(s).toString('base64'));
  const ports: number[] = [];
  try {
    // Port 0 included: the cluster primary binds each (address, port) once and shares that
    // handle, so every worker asking for port 0 gets the same ephemeral port.
    for (let i = 0; i < count; i++) {
      const w = cluster.fork();
      workers.push(w);
      ports.push(await startOne(w, { type: 'start', config, tls, shares: b64 }));
    }
    if (new Set(ports).size !== 1) throw new Error(`workers listen on different ports (${ports.join(', ')})`);
  } catch (e) {
    for (const w of workers) w.kill();
    throw e;
  }
  const broadcast = (m: ToWorker): void => {
    for (const w of workers) if (w.isConnected()) w.send(m);
  };
  return {
    port: ports[0]!,
    get connectionCount() {
      return -1; // per worker; see /metrics
    },
    updateCrl: (pem) => broadcast({ type: 'crl', pem }),
    lock: () => broadcast({ type: 'lock' }),
    unlock: (s) => broadcast({ type: 'unlock', shares: s.map((x) => Buffer.from(x).toString('base64')) }),
    reloadSvs: () => broadcast({ type: 'svs-reload' }),
    async close() {
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        if (!w.isConnected()) return resolve();
        w.once('exit', () => resolve());
        w.send({ type: 'shutdown' } satisfies ToWorker);
        setTimeout(() => w.kill(), 5000).unref();
      })));
    },
  };
}
