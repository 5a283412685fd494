/** The OpenSSL 3 command line as an interop peer: run it on files in a private temp dir. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why the OpenSSL 3 CLI cannot be used, or undefined. */
export function opensslUnavailable(): string | undefined {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (r.status !== 0) return 'openssl CLI not found';
  if (!/^OpenSSL 3\./.test(r.stdout)) return `need OpenSSL 3, found ${r.stdout.trim()}`;
  return undefined;
}

export interface OpensslResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs `openssl args...` with optional stdin; never throws on a non-zero exit. */
export function openssl(args: string[], input?: Uint8Array): OpensslResult {
  const r = spawnSync('openssl', args, { input, maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** Like openssl() but throws with OpenSSL's message on failure. */
export function opensslOk(args: string[], input?: Uint8Array): Buffer {
  const r = openssl(args, input);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A scratch directory, removed by the returned cleanup. */
export function scratch(): { dir: string; file(name: string, data?: Uint8Array | string): string; read(name: string): Buffer; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mima-interop-'));
  return {
    dir,
    file(name, data) {
      const p = join(dir, name);
      if (data !== undefined) writeFileSync(p, data);
      return p;
    },
    read(name) {
      return readFileSync(join(dir, name));
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
