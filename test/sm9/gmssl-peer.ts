/**
 * GmSSL 3.x as a running SM9 peer: compiles gmssl/sm9peer.c against a GmSSL build once (cached
 * in the OS temp dir by source hash) and talks to it over stdin/stdout, one request line in, one
 * answer line out (see the C file for the commands).
 *
 * Where GmSSL is looked for: $MIMA_GMSSL_DIR, else <repo>/.build/gmssl — a source tree with
 * include/gmssl/sm9.h and a cmake build in build/ (libgmssl.so in build/bin). Built here from
 * guanzhi/GmSSL at commit 24ae482701a7b124826c382fffc55c19f76d475d (GmSSL 3.3.0-dev):
 *   cmake -S . -B build && make -C build gmssl
 * Without it the interop tests are skipped, with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../helpers/vectors.js';

const SOURCE = join(repoRoot, 'test', 'sm9', 'gmssl', 'sm9peer.c');
const GMSSL = process.env['MIMA_GMSSL_DIR'] ?? join(repoRoot, '.build', 'gmssl');
const LIBDIR = join(GMSSL, 'build', 'bin');

/** Why the GmSSL peer cannot run here, or undefined when it can. */
export function gmsslUnavailable(): string | undefined {
  if (!existsSync(join(GMSSL, 'include', 'gmssl', 'sm9.h'))) return `GmSSL headers not found under ${GMSSL} (set MIMA_GMSSL_DIR)`;
  if (!existsSync(join(LIBDIR, 'libgmssl.so'))) return `${LIBDIR}/libgmssl.so missing (build GmSSL with cmake)`;
  if (spawnSync('cc', ['--version']).status !== 0) return 'no C compiler (cc)';
  return undefined;
}

function compile(): string {
  const src = readFileSync(SOURCE);
  const tag = createHash('sha256').update(src).update(GMSSL).digest('hex').slice(0, 16);
  const exe = join(tmpdir(), `mima-sm9peer-${tag}`);
  if (!existsSync(exe)) {
    // Compile to a private name, then rename into place (atomic) for parallel test files.
    const tmp = `${exe}.${process.pid}`;
    mkdirSync(tmpdir(), { recursive: true });
    const r = spawnSync('cc', ['-O2', '-o', tmp, SOURCE, `-I${join(GMSSL, 'include')}`, `-L${LIBDIR}`, '-lgmssl', `-Wl,-rpath,${LIBDIR}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('cc sm9peer.c failed: ' + r.stderr);
    try {
      renameSync(tmp, exe);
    } catch {
      rmSync(tmp, { force: true }); // another process got there first
    }
  }
  return exe;
}

export class GmsslPeer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve(line: string): void; reject(e: Error): void }[] = [];
  private stderr = '';

  private constructor(exe: string) {
    this.proc = spawn(exe, []);
    createInterface({ input: this.proc.stdout }).on('line', (line) => this.waiting.shift()?.resolve(line));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc.on('close', (code) => {
      const e = new Error(`GmSSL peer exited (${code}): ${this.stderr.trim()}`);
      for (const p of this.waiting.splice(0)) p.reject(e);
    });
  }

  static start(): GmsslPeer {
    return new GmsslPeer(compile());
  }

  /** Sends one command; resolves with the words after "ok", rejects on "err". */
  async call(...words: string[]): Promise<string[]> {
    const line = await new Promise<string>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.proc.stdin.write(words.join(' ') + '\n');
    });
    const [status, ...rest] = line.split(' ');
    if (status !== 'ok') throw new Error(`GmSSL peer: ${line}`);
    return rest;
  }

  close(): void {
    this.proc.stdin.end();
  }
}
