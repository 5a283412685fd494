/**
 * The SM4 block cipher: tables, key schedule, single- and multi-block paths, the Annex A
 * known answers, the self-test, and node:crypto (OpenSSL) as an independent implementation.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Sm4, selfTest } from '../../src/algorithms/sm4/index.js';
import { SBOX, CK, FK, T0, T1, T2, T3, linearL } from '../../src/algorithms/sm4/_tables.js';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { gmConstants, gmVector, repoRoot } from '../helpers/vectors.js';
import { nodeEcb } from './reference.js';
import { hex, rand, throwsCode } from './util.js';

describe('SM4 constants and tables', () => {
  const c = gmConstants('sm4');

  test('the S-box equals the GM/T 0002 table in test-vectors.json', () => {
    assert.equal(toHex(SBOX), c['sbox']);
  });

  test('FK is the standard system parameter', () => {
    assert.deepEqual(
      Array.from(FK, (x) => (x >>> 0).toString(16).padStart(8, '0')),
      c['fk'],
    );
  });

  test('CK_i follows the rule byte j = (4i + j)·7 mod 256, CK_0 and CK_31 as published', () => {
    for (let i = 0; i < 32; i++) {
      let want = 0;
      for (let j = 0; j < 4; j++) want = want * 256 + (((4 * i + j) * 7) & 255);
      assert.equal(CK[i]! >>> 0, want, `CK_${i}`);
    }
    assert.equal((CK[0]! >>> 0).toString(16).padStart(8, '0'), c['ck0']);
    assert.equal((CK[31]! >>> 0).toString(16).padStart(8, '0'), c['ck31']);
  });

  test('every T-table entry is L applied to the S-box output in its byte position', () => {
    let checked = 0;
    for (let a = 0; a < 256; a++) {
      const s = SBOX[a]!;
      assert.equal(T0[a], linearL(s << 24));
      assert.equal(T1[a], linearL(s << 16));
      assert.equal(T2[a], linearL(s << 8));
      assert.equal(T3[a], linearL(s));
      checked += 4;
    }
    assert.equal(checked, 1024);
  });

  test('L matches its definition B ^ B<<<2 ^ B<<<10 ^ B<<<18 ^ B<<<24 on a spot value', () => {
    // 0x80000000 rotated left by 2, 10, 18, 24 sets bits 1, 9, 17, 23.
    assert.equal(linearL(0x80000000 | 0) >>> 0, (0x80000000 | (1 << 1) | (1 << 9) | (1 << 17) | (1 << 23)) >>> 0);
  });

  test('the generated kernels are what tools/gen/sm4-kernels.mjs produces', async () => {
    const gen = (await import(pathToFileURL(join(repoRoot, 'tools', 'gen', 'sm4-kernels.mjs')).href)) as {
      outputs: { path: string; generate: () => string }[];
    };
    assert.equal(gen.outputs.length, 2);
    for (const o of gen.outputs) assert.equal(readFileSync(o.path, 'utf8'), o.generate(), o.path);
  });
});

describe('SM4 known answers (GM/T 0002-2012 Annex A)', () => {
  test('A.1: one block encrypts to 681edf34... and decrypts back', () => {
    const v = gmVector('sm4_example_1');
    const c = new Sm4(hex(v['key'] as string));
    const out = new Uint8Array(16);
    c.encryptBlock(hex(v['plaintext'] as string), 0, out, 0);
    assert.equal(toHex(out), v['ciphertext']);
    c.decryptBlock(out, 0, out, 0);
    assert.equal(toHex(out), v['plaintext']);
  });

  test('A.2: 1,000,000 chained encryptions give 595298c7...', () => {
    // Fast enough to run always (~0.3 s); decided by timing, so no MIMA_LONG gate.
    const v = gmVector('sm4_example_2_1e6');
    const c = new Sm4(hex(v['key'] as string));
    const b = hex(v['plaintext'] as string);
    const iterations = v['iterations'] as number;
    assert.equal(iterations, 1_000_000);
    for (let i = 0; i < iterations; i++) c.encryptBlock(b, 0, b, 0);
    assert.equal(toHex(b), v['ciphertext']);
    for (let i = 0; i < iterations; i++) c.decryptBlock(b, 0, b, 0);
    assert.equal(toHex(b), v['plaintext']);
  });

  test('selfTest() passes', () => {
    assert.doesNotThrow(() => selfTest());
  });
});

describe('SM4 against node:crypto (OpenSSL)', () => {
  test('random keys and blocks: encryptBlock and decryptBlock agree with sm4-ecb', () => {
    let n = 0;
    for (let i = 0; i < 200; i++) {
      const key = rand(16);
      const block = rand(16);
      const c = new Sm4(key);
      const out = new Uint8Array(16);
      c.encryptBlock(block, 0, out, 0);
      assert.deepEqual(out, nodeEcb(key, block));
      c.decryptBlock(block, 0, out, 0);
      assert.deepEqual(out, nodeEcb(key, block, true));
      n++;
    }
    assert.equal(n, 200);
  });

  test('encryptBlocks/decryptBlocks equal block-by-block, at offsets and in place', () => {
    const key = rand(16);
    const c = new Sm4(key);
    const src = rand(16 * 37 + 5);
    const multi = new Uint8Array(16 * 36 + 9);
    c.encryptBlocks(src, 5, multi, 9, 36);
    for (let b = 0; b < 36; b++) {
      assert.deepEqual(multi.subarray(9 + 16 * b, 25 + 16 * b), nodeEcb(key, src.subarray(5 + 16 * b, 21 + 16 * b)));
    }
    const inPlace = multi.slice();
    c.decryptBlocks(inPlace, 9, inPlace, 9, 36);
    assert.deepEqual(inPlace.subarray(9), src.subarray(5, 5 + 16 * 36));
  });
});

describe('Sm4 misuse and key errors', () => {
  test('a key that is not 16 bytes is SDR_KEYERR', () => {
    for (const n of [0, 15, 17, 32]) throwsCode(() => new Sm4(new Uint8Array(n)), 'SDR_KEYERR');
  });

  test('a key that is not a Uint8Array is a TypeError', () => {
    assert.throws(() => new Sm4('0123456789abcdef' as unknown as Uint8Array), TypeError);
  });

  test('ranges outside the arrays are RangeErrors', () => {
    const c = new Sm4(rand(16));
    const b = new Uint8Array(32);
    assert.throws(() => c.encryptBlock(b, 17, b, 0), RangeError);
    assert.throws(() => c.encryptBlocks(b, 0, b, 0, 3), RangeError);
    assert.throws(() => c.decryptBlocks(b, -1, b, 0, 1), RangeError);
    assert.throws(() => c.encryptBlocks(b, 0, b, 0, 1.5), RangeError);
  });

  test('after destroy() every block call throws TypeError and writes nothing', () => {
    const c = new Sm4(rand(16));
    c.destroy();
    const out = new Uint8Array(16);
    assert.throws(() => c.encryptBlock(new Uint8Array(16), 0, out, 0), TypeError);
    assert.deepEqual(out, new Uint8Array(16));
  });

  test('the expanded key is not reachable through enumeration or JSON', () => {
    const c = new Sm4(rand(16));
    assert.equal(JSON.stringify(c), '{"blockSize":16}');
  });
});
