/**
 * libmimasdf.so, the GM/T 0018 C library: test/c/sdf_all.c is compiled against include/sdf.h and
 * the library built by `npm install`, and run against a machine started here (mutual TLS, the
 * demo application's sdf.conf). The program checks known answers and round trips itself; this
 * test checks that it passed, that it called every function sdf.h declares, and the values it
 * printed for an independent check (SM2 signature, HMAC-SM3) with Mima's TypeScript algorithms.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fromHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import { hmacSm3 } from '../../src/algorithms/sm3/index.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { sdfIncludePath, sdfLibraryPath } from '../../src/cli/commands/sdf.js';
import { startMachine, type RunningMachine } from '../../src/server/machine.js';

const root = new URL('../../../', import.meta.url).pathname;
const lib = sdfLibraryPath();
const cc = spawnSync('cc', ['--version']).status === 0;
const skip = !existsSync(lib) ? `libmimasdf.so not built (${lib})` : !cc ? 'no C compiler' : false;

let dir: string;
let machine: RunningMachine;
let output = '';
let exitCode: number | null = null;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'mima-clib-'));
  const exe = join(dir, 'sdf_all');
  const build = spawnSync('cc', ['-std=c11', '-Wall', '-Werror', `-I${sdfIncludePath()}`, '-o', exe, join(root, 'test/c/sdf_all.c'),
    `-L${join(lib, '..')}`, '-lmimasdf', `-Wl,-rpath,${join(lib, '..')}`], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  process.env.MIMA_SO_PASSWORD = 'so-pass';
  process.env.MIMA_OPERATOR_PASSWORD = 'op-pass';
  process.env.MIMA_AUDITOR_PASSWORD = 'au-pass';
  machine = await startMachine({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, adminPort: null, quiet: true, log: () => {} });
  // What the program expects beyond the demo: an RSA pair at index 2 and a KEK at index 1, granted to the demo application.
  const so = await machine.device.login('so', utf8('so-pass'));
  await machine.device.keys.generateKeyPair(so, 2, 'rsa2048', { accessPassword: utf8('rsa-pass') });
  await machine.device.keys.generateKek(so, 1);
  const app = (await machine.device.store.getApplication('demo'))!;
  await machine.device.store.putApplication({ ...app, allowedIndexes: [1, 2] });
  const run = await promisify(execFile)(exe, [], { env: { ...process.env, MIMA_SDF_CONFIG: join(machine.demoClientDir, 'sdf.conf') }, timeout: 120_000 })
    .then((r) => ({ stdout: r.stdout, code: 0 }))
    .catch((e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? -1 }));
  output = run.stdout;
  exitCode = run.code;
});

after(async () => {
  if (skip) return;
  await machine?.close();
  rmSync(dir, { recursive: true, force: true });
});

function checkLine(name: string): Record<string, Uint8Array> {
  const line = output.split('\n').find((l) => l.startsWith(`check ${name} `));
  assert.ok(line, `no "check ${name}" line in:\n${output}`);
  return Object.fromEntries(line.split(' ').slice(2).map((kv) => kv.split('=')).map(([k, v]) => [k!, fromHex(v!)]));
}

test('the C program passes every check against a running machine', { skip }, () => {
  assert.equal(exitCode, 0, output.split('\n').filter((l) => l.startsWith('FAIL') || l.includes('libmimasdf')).join('\n'));
  assert.match(output, /^OK: 0 failures$/m);
});

test('it called every function include/sdf.h declares', { skip }, () => {
  const declared = [...readFileSync(join(sdfIncludePath(), 'sdf.h'), 'utf8').matchAll(/^int ((?:SDF|MIMA)_\w+)\(/gm)].map((m) => m[1]!);
  const called = new Set([...output.matchAll(/^called (\w+)$/gm)].map((m) => m[1]!));
  assert.ok(declared.length >= 75, `${declared.length} functions declared`);
  assert.deepEqual(declared.filter((f) => !called.has(f)), []);
});

test('the internal SM2 signature it printed verifies with the algorithm module (ID 1234567812345678)', { skip }, () => {
  const c = checkLine('sm2-sign');
  const pub = new Uint8Array([4, ...c.x!, ...c.y!]);
  assert.ok(sm2.verify(pub, c.msg!, new Uint8Array([...c.r!, ...c.s!])));
});

test('the HMAC-SM3 it printed equals the algorithm module', { skip }, () => {
  const c = checkLine('hmac-sm3');
  assert.deepEqual(hmacSm3(c.key!, c.data!), c.mac);
});
