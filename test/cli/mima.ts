/**
 * Runs the compiled `mima` bin as a user would: a child process of this Node, with stdin, in a
 * working directory of the test's choosing. The bin is found relative to this compiled file
 * (dist/test/cli/ -> dist/src/cli/main.js, and the same under a developer's .build/<name>/).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
if (!existsSync(BIN)) throw new Error(`mima bin not built: ${BIN}`);

export interface MimaResult {
  status: number;
  stdout: Buffer;
  /** stdout as text. */
  out: string;
  stderr: string;
}

export interface MimaOptions {
  input?: Uint8Array | string;
  cwd?: string;
  /** Extra environment variables (the rest is inherited). */
  env?: Record<string, string>;
}

/** `mima ...args`; never throws on a non-zero exit. */
export function mima(args: readonly string[], opts: MimaOptions = {}): MimaResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, out: r.stdout.toString(), stderr: r.stderr.toString() };
}

/**
 * `mima ...args` with stdin left open and nothing written to it, as on a terminal where the
 * user has not typed yet: the exit status, or null if it was still waiting after `ms`.
 */
export async function mimaWithIdleStdin(args: readonly string[], ms = 10_000): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve(null);
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  child.stdin.destroy();
  return { status, stderr };
}

/**
 * `mima ...args` whose reader closes stdout after the first chunk (`mima ... | head -c 1`):
 * the exit status and stderr.
 */
export async function mimaWithEarlyClose(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stderr };
}

/** Exit 0 and nothing on stderr. */
export function ok(r: MimaResult, what = 'mima'): MimaResult {
  assert.equal(r.status, 0, `${what} exited ${r.status}: ${r.stderr}`);
  assert.equal(r.stderr, '', `${what} wrote to stderr`);
  return r;
}

/**
 * The CLI's failure contract (src/cli/errors.ts): exit `code` (2 = bad input), nothing on stdout,
 * exactly one line on stderr, "mima: <problem>", matching `problem`, and no stack trace.
 */
export function fails(r: MimaResult, problem: RegExp, code = 2): void {
  assert.equal(r.status, code, `expected exit ${code}, got ${r.status}; stderr: ${r.stderr}`);
  assert.equal(r.out, '', 'nothing on stdout');
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  const lines = r.stderr.split('\n');
  assert.equal(lines.length, 2, `exactly one line on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.equal(lines[1], '');
  assert.match(lines[0]!, /^mima: /);
  assert.match(lines[0]!, problem);
}
