/**
 * `mima sm4 --encrypt|--decrypt --mode M --key HEX [--iv HEX] [--aad HEX] [--no-padding]
 * [--tag-length N] [--xts-standard GB|IEEE] [--in FILE] [--out FILE]` on the GM/T, RFC 8998 and
 * draft-ribose vectors of test/vectors/gmt, the OpenSSL/GmSSL XTS vectors of
 * test/vectors/sm4-xts, and node:crypto for what the vectors do not cover (PKCS#7 padding).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { gmVector, readJson } from '../helpers/vectors.js';
import type { GmVector } from '../helpers/vectors.js';
import { scratch } from '../interop/openssl.js';
import { fails, mima, ok } from './mima.js';

const hexOf = (b: Buffer): string => b.toString('hex');

/** Encrypts `pt` and decrypts `ct` with the same arguments; both must match. */
function both(args: string[], pt: string, ct: string, what: string): void {
  assert.equal(hexOf(ok(mima(['sm4', '--encrypt', ...args], { input: Buffer.from(pt, 'hex') })).stdout), ct, `encrypt ${what}`);
  assert.equal(hexOf(ok(mima(['sm4', '--decrypt', ...args], { input: Buffer.from(ct, 'hex') })).stdout), pt, `decrypt ${what}`);
}

describe('mima sm4', () => {
  const dir = scratch();
  after(() => dir.cleanup());

  test('ecb, cbc, cfb, ofb, ctr: the known answers (ecb/cbc with --no-padding), both directions', () => {
    const cases: [string, GmVector][] = [
      ['ecb', gmVector('sm4_example_1')],
      ['cbc', gmVector('sm4_cbc_1')],
      ['cfb', gmVector('sm4_cfb_1')],
      ['ofb', gmVector('sm4_ofb_1')],
      ['ctr', gmVector('sm4_ctr_1')],
    ];
    for (const [mode, v] of cases) {
      const args = ['--mode', mode, '--key', v.key as string];
      if (mode !== 'ecb') args.push('--iv', v.iv as string);
      if (mode === 'ecb' || mode === 'cbc') args.push('--no-padding');
      both(args, v.plaintext as string, v.ciphertext as string, v.id);
    }
    assert.equal(cases.length, 5);
  });

  test('ecb and cbc pad with PKCS#7 by default (0, 15, 16 and 17 bytes), as node:crypto does, and strip it again', () => {
    for (const len of [0, 15, 16, 17]) {
      const key = randomBytes(16), iv = randomBytes(16), pt = randomBytes(len);
      const ecb = createCipheriv('sm4-ecb', key, null);
      both(['--mode', 'ecb', '--key', hexOf(key)], hexOf(pt), hexOf(Buffer.concat([ecb.update(pt), ecb.final()])), `ecb ${len} bytes`);
      const cbc = createCipheriv('sm4-cbc', key, iv);
      both(['--mode', 'cbc', '--key', hexOf(key), '--iv', hexOf(iv)], hexOf(pt), hexOf(Buffer.concat([cbc.update(pt), cbc.final()])), `cbc ${len} bytes`);
    }
  });

  test('gcm and ccm: the RFC 8998 A.1/A.2 vectors and a 12-byte CCM tag (--tag-length), tag appended', () => {
    const cases: [string, GmVector, string[]][] = [
      ['gcm', gmVector('sm4_gcm_rfc8998'), []],
      ['ccm', gmVector('sm4_ccm_rfc8998'), []],
      ['ccm', gmVector('sm4_ccm_aad14_tag12'), ['--tag-length', '12']],
    ];
    for (const [mode, v, extra] of cases) {
      const args = ['--mode', mode, '--key', v.key as string, '--iv', v.iv as string, '--aad', v.aad as string, ...extra];
      both(args, v.plaintext as string, (v.ciphertext as string) + (v.tag as string), v.id);
    }
    assert.equal(cases.length, 3);
  });

  test('xts: the GB/T 17964-2021 (default) and IEEE 1619 vectors, 32-byte key and the tweak as --iv', () => {
    const { vectors } = readJson<{ vectors: { id: string; standard: 'GB' | 'IEEE'; key: string; tweak: string; plaintext: string; ciphertext: string }[] }>('sm4-xts', 'sm4-xts.json');
    for (const v of vectors) {
      const std = v.standard === 'IEEE' ? ['--xts-standard', 'IEEE'] : [];
      both(['--mode', 'xts', '--key', v.key, '--iv', v.tweak, ...std], v.plaintext, v.ciphertext, v.id);
    }
    assert.equal(vectors.length, 4);
  });

  test('--in and --out name files; the output file holds exactly the ciphertext', () => {
    const v = gmVector('sm4_gcm_rfc8998');
    const args = ['--mode', 'gcm', '--key', v.key as string, '--iv', v.iv as string, '--aad', v.aad as string];
    const inFile = dir.file('pt.bin', Buffer.from(v.plaintext as string, 'hex'));
    const r = ok(mima(['sm4', '--encrypt', ...args, '--in', inFile, '--out', dir.file('ct.bin')]));
    assert.equal(r.out, '');
    assert.equal(hexOf(dir.read('ct.bin')), (v.ciphertext as string) + (v.tag as string));
    ok(mima(['sm4', '--decrypt', ...args, '--in', dir.file('ct.bin'), '--out', dir.file('back.bin')]));
    assert.equal(hexOf(dir.read('back.bin')), v.plaintext);
  });

  test('usage errors name the option: both or neither direction, ecb with --iv, --aad outside gcm/ccm, bad --xts-standard', () => {
    const key = ['--key', '00'.repeat(16)];
    fails(mima(['sm4', '--encrypt', '--decrypt', '--mode', 'ecb', ...key]), /exactly one of --encrypt and --decrypt/);
    fails(mima(['sm4', '--mode', 'ecb', ...key]), /exactly one of --encrypt and --decrypt/);
    fails(mima(['sm4', '--encrypt', '--mode', 'ecb', ...key, '--iv', '00'.repeat(16)]), /ecb takes no --iv/);
    fails(mima(['sm4', '--encrypt', '--mode', 'cbc', ...key, '--iv', '00'.repeat(16), '--aad', '00']), /--aad applies to gcm and ccm only/);
    fails(mima(['sm4', '--encrypt', '--mode', 'xts', '--key', '00'.repeat(32), '--iv', '00'.repeat(16), '--xts-standard', 'ISO'], { input: Buffer.alloc(16) }), /--xts-standard: expected one of GB, IEEE/);
    fails(mima(['sm4', '--encrypt', '--mode', 'xts', ...key, '--iv', '00'.repeat(16)]), /--key: expected 32 bytes, got 16/);
    fails(mima(['sm4', '--encrypt', '--mode', 'cbc', ...key, '--iv', '00'.repeat(8)]), /--iv: expected 16 bytes, got 8/);
  });

  test('data errors: --no-padding on a partial block (SDR_INARGERR), bad padding on decryption (SDR_SYMOPERR)', () => {
    const key = ['--key', '00'.repeat(16)];
    fails(mima(['sm4', '--encrypt', '--mode', 'ecb', ...key, '--no-padding'], { input: Buffer.alloc(17) }), /SDR_INARGERR/);
    // A block whose plaintext ends in 0x00 (never a PKCS#7 pad byte), encrypted without padding.
    const block = Buffer.alloc(16, 0xa5);
    block[15] = 0;
    const ct = createCipheriv('sm4-ecb', Buffer.alloc(16), null).setAutoPadding(false).update(block);
    fails(mima(['sm4', '--decrypt', '--mode', 'ecb', ...key], { input: ct }), /SDR_SYMOPERR/);
  });
});
