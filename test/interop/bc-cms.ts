/**
 * Bouncy Castle's CMS (Debian's libbcpkix-java) as a verifier: compiles java/BcCms.java once
 * (cached in the OS temp dir by source hash) and runs it per file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/vectors.js';

const JARS = ['/usr/share/java/bcprov.jar', '/usr/share/java/bcpkix.jar', '/usr/share/java/bcutil.jar'];
const SOURCE = join(repoRoot, 'test', 'interop', 'java', 'BcCms.java');

export function bcCmsUnavailable(): string | undefined {
  const missing = JARS.find((j) => !existsSync(j));
  if (missing) return `${missing} missing (apt-get install libbcprov-java libbcpkix-java)`;
  if (spawnSync('javac', ['-version']).status !== 0) return 'javac not found (Java 17 JDK)';
  return undefined;
}

function classDir(): string {
  const src = readFileSync(SOURCE);
  const dir = join(tmpdir(), 'mima-bccms-' + createHash('sha256').update(src).digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'BcCms.class'))) {
    const tmp = `${dir}.${process.pid}`;
    mkdirSync(tmp, { recursive: true });
    const r = spawnSync('javac', ['-nowarn', '-encoding', 'UTF-8', '-d', tmp, '-cp', JARS.join(':'), SOURCE], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('javac BcCms failed: ' + r.stderr);
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return dir;
}

/** Bouncy Castle's verdict lines for a SignedData file ("OK <subject>" / "FAIL <subject> ..."). */
export function bcVerifyCms(file: string, contentFile?: string): string[] {
  const r = spawnSync('java', ['-cp', [classDir(), ...JARS].join(':'), 'BcCms', 'verify', file, ...(contentFile ? [contentFile] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`BcCms: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

/** Bouncy Castle's verdict on an RFC 3161 response ("OK <serial> <policy>" / "FAIL ..."). */
export function bcVerifyTimestamp(file: string): string {
  const r = spawnSync('java', ['-cp', [classDir(), ...JARS].join(':'), 'BcCms', 'tsverify', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`BcCms: ${r.stderr}`);
  return r.stdout.trim();
}

/** Bouncy Castle's verdict on a certificate or CRL (DER files) signed by `issuer` (DER file). */
export function bcVerifySigned(kind: 'cert' | 'crl', file: string, issuer: string): string {
  const r = spawnSync('java', ['-cp', [classDir(), ...JARS].join(':'), 'BcCms', `${kind}verify`, file, issuer], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`BcCms: ${r.stderr}`);
  return r.stdout.trim();
}

