/**
 * Every known-answer vector in test/vectors/gmt/test-vectors.json is run by some test: its id
 * appears in a test source, or its algorithm is selected with gmVectorsByAlg('<prefix>') by a
 * test (which then asserts how many it ran). A vector added to the file without a test fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, repoRoot } from '../helpers/vectors.js';

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'vectors' ? [] : testSources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

test('every GM/T vector id is referenced by a test', () => {
  const { vectors } = readJson<{ vectors: { id: string; alg: string }[] }>('gmt', 'test-vectors.json');
  assert.ok(vectors.length >= 31, `expected the full vector file, found ${vectors.length} vectors`);
  const sources = testSources(join(repoRoot, 'test')).map((f) => readFileSync(f, 'utf8')).join('\n');
  const prefixes = [...sources.matchAll(/gmVectorsByAlg\('([^']+)'\)/g)].map((m) => m[1]!);
  const covered = (v: { id: string; alg: string }): boolean =>
    sources.includes(`'${v.id}'`) || sources.includes(`"${v.id}"`) || prefixes.some((p) => v.alg.startsWith(p));
  const unused = vectors.filter((v) => !covered(v)).map((v) => v.id);
  assert.deepEqual(unused, [], `vectors no test runs: ${unused.join(', ')}`);
});
