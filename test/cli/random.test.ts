/**
 * `mima rand --bytes N [--hex] [--drbg sm3|sm4] [--out FILE]` and `mima randtest [FILE] [--bits N]`.
 *
 * randtest is checked on fixed samples only, since a good generator fails one of the 25 P-values
 * at α = 0.01 about one sample in five: the first 10^6 bits of e (NIST STS data.e, every test
 * passes; P-values published by opengm_rts, test/vectors/randomness/examples.json "gmE-*") and
 * all-zero data (every test fails). DRBG output is only checked for the report's shape.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readJson } from '../helpers/vectors.js';
import { eBytes } from '../random/e-bits.js';
import { scratch } from '../interop/openssl.js';
import { fails, mima, mimaWithEarlyClose, ok } from './mima.js';

/** A report line: verdict, clause, test and parameters, P-value(s), Q-value(s). */
const LINE = /^(pass|FAIL)  5\.\d+\s+\S.*\S\s+P=(\S+)  Q=\S+$/;
const SUMMARY = /^(PASS|FAIL): (\d+)\/(\d+) passed, (\d+) bits, alpha 0\.01$/;

/** examples.json ids (opengm_rts values on e) -> the label `mima randtest` prints. */
const E_LABELS: Record<string, string> = {
  'gmE-frequency': 'frequency',
  'gmE-blockFrequency': 'blockFrequency m=10000',
  'gmE-poker-8': 'poker m=8',
  'gmE-serial-5': 'serial m=5',
  'gmE-runs': 'runs',
  'gmE-runsDistribution': 'runsDistribution',
  'gmE-longestRun-zeros': 'longestRun m=10000 zeros',
  'gmE-longestRun-ones': 'longestRun m=10000 ones',
  'gmE-binaryDerivative-7': 'binaryDerivative k=7',
  'gmE-autocorrelation-16': 'autocorrelation d=16',
  'gmE-matrixRank': 'matrixRank 32x32',
  'gmE-cumulativeSums-backward': 'cumulativeSums backward',
  'gmE-cumulativeSums-forward': 'cumulativeSums forward',
  'gmE-approximateEntropy-5': 'approximateEntropy m=5',
  'gmE-linearComplexity-1000': 'linearComplexity M=1000',
  'gmE-universal': 'universal L=7 Q=1280',
  'gmE-discreteFourier': 'discreteFourier',
};

function parseReport(out: string): { lines: { verdict: string; label: string; p: number[] }[]; summary: RegExpMatchArray } {
  const all = out.trimEnd().split('\n');
  const summary = all.pop()!.match(SUMMARY);
  assert.ok(summary, `summary line: ${out}`);
  const lines = all.map((l) => {
    const m = l.match(LINE);
    assert.ok(m, `report line format: ${JSON.stringify(l)}`);
    return { verdict: m[1]!, label: l.slice(12, 42).trim(), p: m[2]!.split(',').map(Number) };
  });
  return { lines, summary };
}

describe('mima rand', () => {
  const dir = scratch();
  after(() => dir.cleanup());

  test('--bytes N writes exactly N raw bytes (0, 1, 100000), different on every run', () => {
    assert.equal(ok(mima(['rand', '--bytes', '0'])).stdout.length, 0);
    assert.equal(ok(mima(['rand', '--bytes', '1'])).stdout.length, 1);
    const a = ok(mima(['rand', '--bytes', '100000'])).stdout, b = ok(mima(['rand', '--bytes', '100000'])).stdout;
    assert.equal(a.length, 100_000);
    assert.notDeepEqual(a, b);
  });

  test('--hex prints one line of 2N hex digits; --drbg sm4 and --out work', () => {
    assert.match(ok(mima(['rand', '--bytes', '32', '--hex'])).out, /^[0-9a-f]{64}\n$/);
    assert.match(ok(mima(['rand', '--bytes', '5', '--hex', '--drbg', 'sm4'])).out, /^[0-9a-f]{10}\n$/);
    assert.equal(ok(mima(['rand', '--bytes', '1000', '--drbg', 'sm4', '--out', dir.file('r.bin')])).out, '');
    assert.equal(dir.read('r.bin').length, 1000);
  });

  test('a reader that stops early (`| head -c 1`) ends it quietly: exit 0, nothing on stderr', async () => {
    assert.deepEqual(await mimaWithEarlyClose(['rand', '--bytes', '10000000']), { status: 0, stderr: '' });
  });

  test('refuses a bad count or generator, naming the option', () => {
    fails(mima(['rand', '--bytes', '-1']), /--bytes: expected an integer from 0 to 1073741824, got "-1"/);
    fails(mima(['rand', '--bytes', 'ten']), /--bytes: expected an integer/);
    fails(mima(['rand', '--bytes', '16', '--drbg', 'md5']), /--drbg: expected one of sm3, sm4, got "md5"/);
    fails(mima(['rand']), /required option '--bytes <n>' not specified/);
  });
});

describe('mima randtest', () => {
  const dir = scratch();
  after(() => dir.cleanup());

  test('the first 10^6 bits of e pass all 25 results (exit 0) with the P-values opengm_rts publishes', () => {
    const r = ok(mima(['randtest', dir.file('e.bin', eBytes(1_000_000))]));
    const { lines, summary } = parseReport(r.out);
    assert.deepEqual([summary[1], summary[2], summary[3], summary[4]], ['PASS', '25', '25', '1000000']);
    assert.ok(lines.every((l) => l.verdict === 'pass'));
    const examples = readJson<{ examples: { id: string; p: number[] }[] }>('randomness', 'examples.json').examples.filter((e) => e.id.startsWith('gmE-'));
    for (const e of examples) {
      const line = lines.find((l) => l.label === E_LABELS[e.id]);
      assert.ok(line, `no line ${E_LABELS[e.id]} for ${e.id}`);
      assert.deepEqual(line.p, e.p.map((x) => Number(x.toFixed(6))), e.id);
    }
    assert.equal(examples.length, 17);
  });

  test('all-zero data fails every test: FAIL lines, exit 1, nothing on stderr; stdin works', () => {
    const r = mima(['randtest'], { input: Buffer.alloc(2500) });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const { lines, summary } = parseReport(r.out);
    assert.equal(summary[1], 'FAIL');
    assert.equal(summary[2], '0');
    assert.ok(lines.length > 0 && lines.every((l) => l.verdict === 'FAIL'));
  });

  test('DRBG output gets a well-formed report and exit 0 or 1 (one sample may fail by chance)', () => {
    ok(mima(['rand', '--bytes', '125000', '--out', dir.file('r.bin')]));
    const r = mima(['randtest', dir.file('r.bin')]);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const { lines, summary } = parseReport(r.out);
    assert.equal(lines.length, 25);
    assert.equal(summary[1], r.status === 0 ? 'PASS' : 'FAIL');
    assert.equal(Number(summary[2]), lines.filter((l) => l.verdict === 'pass').length);
  });

  test('--bits tests a prefix; a sample under 20,000 bits is refused (exit 2)', () => {
    const r = ok(mima(['randtest', '--bits', '20000', dir.file('e.bin', eBytes(1_000_000))]));
    assert.equal(parseReport(r.out).summary[4], '20000');
    fails(mima(['randtest'], { input: Buffer.alloc(2499) }), /sample has 19992 bits; at least 20000 are needed/);
    fails(mima(['randtest', '--bits', '10', dir.file('e.bin')]), /--bits: expected an integer from 20000 to 1000000/);
  });
});
