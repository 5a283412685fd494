/**
 * A throwaway PostgreSQL server for tests: initdb in a temp dir, listening on a Unix socket
 * only, stopped and removed by `stop()`. Runs as the `postgres` account when the tests run as
 * root (initdb refuses root). `postgresUnavailable()` says why it cannot run here.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

function findBin(name: string): string | undefined {
  const which = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/lib/postgresql/*/bin/${name} 2>/dev/null | tail -1`], { encoding: 'utf8' });
  const path = which.stdout.trim().split('\n').pop();
  return path && existsSync(path) ? path : undefined;
}

const asRoot = userInfo().uid === 0;

function pgUser(): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return r.status === 0 ? { uid: Number(r.stdout), gid: Number(g.stdout) } : undefined;
}

export function postgresUnavailable(): string | undefined {
  if (!findBin('initdb') || !findBin('pg_ctl')) return 'PostgreSQL server binaries not found (apt-get install postgresql)';
  if (asRoot && !pgUser()) return 'running as root and there is no postgres account for initdb';
  return undefined;
}

export interface TempPostgres {
  url: string;
  stop(): void;
}

function run(bin: string, args: string[]): void {
  const cmd = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }) : spawnSync(bin, args, { encoding: 'utf8' });
  if (cmd.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${cmd.stderr || cmd.stdout}`);
}

/** Starts a fresh server; `url` connects to its `postgres` database over the socket. */
export function startPostgres(): TempPostgres {
  const dir = mkdtempSync(join(tmpdir(), 'mima-pg-'));
  if (asRoot) {
    const u = pgUser()!;
    chownSync(dir, u.uid, u.gid);
  }
  const data = join(dir, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  run(findBin('initdb')!, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run(findBin('pg_ctl')!, ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`, 'start']);
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    stop() {
      try {
        run(findBin('pg_ctl')!, ['-D', data, '-w', '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
