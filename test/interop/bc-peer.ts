/**
 * Bouncy Castle as a running peer: compiles java/BcPeer.java against Debian's bcprov.jar once
 * (cached in the OS temp dir by source hash) and talks to one JVM over stdin/stdout, one request
 * line in, one answer line out. Requests may be pipelined (`Promise.all` over `call`): the JVM
 * answers in order. If the JVM dies, every pending call fails with its stderr instead of hanging.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../helpers/vectors.js';

const BCPROV = '/usr/share/java/bcprov.jar';
const SOURCE = join(repoRoot, 'test', 'interop', 'java', 'BcPeer.java');

/** Why Bouncy Castle cannot run here, or undefined when it can. */
export function bcUnavailable(): string | undefined {
  if (!existsSync(BCPROV)) return `${BCPROV} missing (apt-get install libbcprov-java)`;
  if (spawnSync('javac', ['-version']).status !== 0) return 'javac not found (Java 17 JDK)';
  return undefined;
}

function compile(): string {
  const src = readFileSync(SOURCE);
  const dir = join(tmpdir(), 'mima-bcpeer-' + createHash('sha256').update(src).digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'BcPeer.class'))) {
    // Test files run in parallel: compile into a private directory, then rename it into place
    // (atomic), so no JVM ever loads a half-written class.
    const tmp = `${dir}.${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    const r = spawnSync('javac', ['-nowarn', '-encoding', 'UTF-8', '-d', tmp, '-cp', BCPROV, SOURCE], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('javac BcPeer failed: ' + r.stderr);
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process got there first
    }
  }
  return dir;
}

interface Pending {
  resolve(line: string): void;
  reject(e: Error): void;
}

export class BcPeer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: Pending[] = [];
  private stderr = '';
  private exited: Error | undefined;
  /** Settles when the JVM has gone (its pipes closed) or could not be started. */
  private readonly gone: Promise<void>;

  private constructor(classDir: string) {
    // C1 only: a test file sends a few hundred requests, too few for C2 to pay off (measured:
    // 50 signatures in 0.28 s instead of 0.52 s, 1,000 in 1.6 s instead of 2.5 s).
    this.proc = spawn('java', ['-XX:TieredStopAtLevel=1', '-cp', `${classDir}:${BCPROV}`, 'BcPeer']);
    createInterface({ input: this.proc.stdout }).on('line', (line) => this.waiting.shift()?.resolve(line));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.gone = new Promise((resolve) => {
      const end = (why: string): void => {
        this.exited ??= new Error(`Bouncy Castle peer ${why}: ${this.stderr.trim()}`);
        for (const p of this.waiting.splice(0)) p.reject(this.exited);
        resolve();
      };
      this.proc.on('close', (code) => end(`exited (${code})`));
      this.proc.on('error', (e) => end(`could not run java: ${e.message}`));
    });
  }

  static start(): BcPeer {
    return new BcPeer(compile());
  }

  /** Sends one command (words joined by spaces; byte strings as hex, '-' for empty). */
  async call(...words: string[]): Promise<string> {
    if (this.exited) throw this.exited;
    const answer = new Promise<string>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.proc.stdin.write(words.join(' ') + '\n');
    const line = await answer;
    if (line.startsWith('ERR ')) throw new Error('Bouncy Castle: ' + line.slice(4));
    return line;
  }

  async stop(): Promise<void> {
    this.proc.stdin.end();
    await this.gone;
  }
}

/** Hex for the peer protocol ('-' for empty). */
export function h(bytes: Uint8Array): string {
  return bytes.length === 0 ? '-' : Buffer.from(bytes).toString('hex');
}

export function unh(s: string): Uint8Array {
  return s === '-' ? new Uint8Array(0) : new Uint8Array(Buffer.from(s, 'hex'));
}
