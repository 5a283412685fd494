/**
 * Loading of the known-answer vector files under test/vectors/.
 *
 * Tests assert how many vectors they ran, so a file that fails to load or a filter that matches
 * nothing fails loudly instead of passing with zero iterations.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * Repository root: the nearest ancestor of this compiled file that holds test/vectors/
 * (the file runs from dist/test/helpers/ or from a developer's .build/<name>/test/helpers/).
 */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'vectors', 'gmt'))) return dir;
    if (dirname(dir) === dir) throw new Error('test/vectors not found above ' + from);
  }
}

export function vectorPath(...parts: string[]): string {
  return join(repoRoot, 'test', 'vectors', ...parts);
}

export function readJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(vectorPath(...parts), 'utf8')) as T;
}

/** One entry of gmt/test-vectors.json; fields vary by algorithm. */
export interface GmVector {
  id: string;
  alg: string;
  source: string;
  [field: string]: unknown;
}

interface GmVectorFile {
  constants: Record<string, Record<string, unknown>>;
  vectors: GmVector[];
}

let gmFile: GmVectorFile | undefined;
function gm(): GmVectorFile {
  gmFile ??= readJson<GmVectorFile>('gmt', 'test-vectors.json');
  return gmFile;
}

/** The GM/T vector with this id; throws if absent. */
export function gmVector(id: string): GmVector {
  const v = gm().vectors.find((x) => x.id === id);
  if (!v) throw new Error(`test vector ${id} not found`);
  return v;
}

/** All GM/T vectors whose `alg` starts with `prefix`. */
export function gmVectorsByAlg(prefix: string): GmVector[] {
  return gm().vectors.filter((x) => x.alg.startsWith(prefix));
}

/** A constants block from gmt/test-vectors.json (e.g. 'sm2p256v1', 'sm4', 'zuc'). */
export function gmConstants(name: string): Record<string, unknown> {
  const c = gm().constants[name];
  if (!c) throw new Error(`constants ${name} not found`);
  return c;
}

/** Wycheproof schema (aead_test_schema_v1 / mac_test_schema_v1), the fields we use. */
export interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  key: string;
  iv?: string;
  aad?: string;
  msg: string;
  ct?: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
export interface WycheproofGroup {
  keySize: number;
  ivSize?: number;
  tagSize: number;
  tests: WycheproofTest[];
}
export interface WycheproofFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: WycheproofGroup[];
}

export function wycheproof(file: string): WycheproofFile {
  return readJson<WycheproofFile>('wycheproof', file);
}
