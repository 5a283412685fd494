/**
 * Where a remote machine is and how to authenticate to it: host, port, the application's client
 * certificate and key, and the machine CA. The same `sdf.conf` file the C library reads
 * (`key = value` lines; MIMA_SDF_CONFIG names it; `npm start` writes
 * ./data/clients/demo/sdf.conf).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { CryptoError } from '../algorithms/internal/errors.js';

export interface RemoteConfig {
  host: string;
  port: number;
  /** PEM of the client certificate, its private key, and the machine CA. */
  cert: string;
  key: string;
  ca: string;
  /** Connections in the pool (sessions are spread over them). Default 2. */
  poolSize?: number;
  /** Per-call timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Connect attempts before giving up, with exponential backoff from 100 ms (default 5). */
  connectAttempts?: number;
}

export const DEFAULT_SDF_CONF = './data/clients/demo/sdf.conf';

/** Reads an sdf.conf (the file named by MIMA_SDF_CONFIG, else the demo's). */
export function readSdfConf(path = process.env.MIMA_SDF_CONFIG || DEFAULT_SDF_CONF): RemoteConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CryptoError('SDR_OPENDEVICE', `remote: cannot read ${path} (start a machine with \`npm start\`, or set MIMA_SDF_CONFIG)`);
  }
  const kv = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new CryptoError('SDR_OPENDEVICE', `remote: ${path}: "${line}" is not a key = value line`);
    kv.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const need = (k: string): string => {
    const v = kv.get(k);
    if (!v) throw new CryptoError('SDR_OPENDEVICE', `remote: ${path} has no ${k}`);
    return v;
  };
  const port = Number(need('port'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CryptoError('SDR_OPENDEVICE', `remote: ${path}: bad port`);
  const file = (k: string): string => {
    try {
      return readFileSync(need(k), 'utf8');
    } catch (e) {
      if (e instanceof CryptoError) throw e;
      throw new CryptoError('SDR_OPENDEVICE', `remote: ${path}: cannot read ${k} file ${kv.get(k)}`);
    }
  };
  return { host: need('host'), port, cert: file('cert'), key: file('key'), ca: file('ca') };
}
