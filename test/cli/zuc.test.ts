/**
 * `mima zuc eea3|eia3 --key HEX --count N --bearer N --direction 0|1 [--length BITS] [--in FILE]
 * [--out FILE]` on the GM/T 0001.2/.3 (= 3GPP) test sets of test/vectors/gmt.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gmVectorsByAlg } from '../helpers/vectors.js';
import type { GmVector } from '../helpers/vectors.js';
import { scratch } from '../interop/openssl.js';
import { fails, mima, ok } from './mima.js';

const params = (v: GmVector): string[] => [
  '--key', v.key as string, '--count', v.count as string, '--bearer', String(v.bearer),
  '--direction', String(v.direction), '--length', String(v.length_bits),
];

describe('mima zuc', () => {
  const dir = scratch();
  after(() => dir.cleanup());

  test('eea3: GM/T 0001.2 test sets 1 and 2 (bit lengths 193 and 800), and applying it twice gives the plaintext back', () => {
    const vectors = gmVectorsByAlg('128-EEA3');
    for (const v of vectors) {
      const ct = ok(mima(['zuc', 'eea3', ...params(v), '--in', dir.file(`${v.id}.pt`, Buffer.from(v.plaintext as string, 'hex'))])).stdout;
      assert.equal(ct.toString('hex'), v.ciphertext, v.id);
      ok(mima(['zuc', 'eea3', ...params(v), '--out', dir.file(`${v.id}.back`)], { input: ct }));
      assert.equal(dir.read(`${v.id}.back`).toString('hex'), v.plaintext, `${v.id} decrypted`);
    }
    assert.equal(vectors.length, 2);
  });

  test('eia3: GM/T 0001.3 test sets 1 and 2 print the 32-bit MAC as one hex line', () => {
    const vectors = gmVectorsByAlg('128-EIA3');
    for (const v of vectors) {
      const r = ok(mima(['zuc', 'eia3', ...params(v)], { input: Buffer.from(v.message as string, 'hex') }));
      assert.equal(r.out, `${v.mac}\n`, v.id);
    }
    assert.equal(vectors.length, 2);
  });

  test('--count takes decimal as well as 0x hex; --length defaults to the whole input', () => {
    const v = gmVectorsByAlg('128-EIA3').find((x) => x.id === 'zuc_eia3_2')!;
    const decimal = params(v).map((a) => (a === v.count ? String(Number.parseInt(v.count as string, 16)) : a));
    assert.equal(ok(mima(['zuc', 'eia3', ...decimal], { input: Buffer.from(v.message as string, 'hex') })).out, `${v.mac}\n`);
    const whole = ok(mima(['zuc', 'eia3', ...params(v).slice(0, -2)], { input: Buffer.from(v.message as string, 'hex') })).out;
    assert.match(whole, /^[0-9a-f]{8}\n$/);
    assert.notEqual(whole, `${v.mac}\n`, 'all 584 input bits are another message than the first 577');
  });

  test('refuses out-of-range parameters, naming the option', () => {
    const base = ['--key', '00'.repeat(16), '--count', '0', '--bearer', '0', '--direction', '0'];
    const swap = (opt: string, value: string): string[] => base.map((a, i) => (base[i - 1] === opt ? value : a));
    fails(mima(['zuc', 'eea3', ...swap('--bearer', '32')], { input: 'x' }), /--bearer: expected an integer from 0 to 31, got "32"/);
    fails(mima(['zuc', 'eea3', ...swap('--direction', '2')], { input: 'x' }), /--direction: expected an integer from 0 to 1/);
    fails(mima(['zuc', 'eia3', ...swap('--count', '0x100000000')], { input: 'x' }), /--count: expected an integer from 0 to 4294967295/);
    fails(mima(['zuc', 'eia3', ...swap('--key', '00'.repeat(32))], { input: 'x' }), /--key: expected 16 bytes, got 32/);
    fails(mima(['zuc', 'eia3', ...base, '--length', '9'], { input: 'x' }), /--length: expected an integer from 0 to 8, got "9"/);
  });
});
