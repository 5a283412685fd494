/**
 * SM4 ECB/CBC/CFB/OFB/CTR against `openssl enc -sm4-<mode> -K -iv [-nopad]` (OpenSSL 3 CLI), both
 * directions, on random keys, IVs and messages, for every engine backend. OpenSSL's sm4-cfb is
 * CFB with 128-bit feedback and its sm4-ctr counts with the whole 16-byte block, as ours do.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../../src/engine/index.js';
import type { Padding, SmBackend, Sm4Mode } from '../../src/engine/index.js';
import { blockLengths, bytes, fromHex, hex, lengths, sameBytes } from './cases.js';
import { opensslOk, opensslUnavailable } from './openssl.js';

const skip = opensslUnavailable();

function opensslEnc(mode: Sm4Mode, decrypt: boolean, key: Uint8Array, iv: Uint8Array | undefined, data: Uint8Array, padding: Padding): Buffer {
  const args = ['enc', `-sm4-${mode}`, decrypt ? '-d' : '-e', '-K', hex(key)];
  if (iv) args.push('-iv', hex(iv));
  if (padding === 'none' && (mode === 'ecb' || mode === 'cbc')) args.push('-nopad');
  return opensslOk(args, data);
}

/** Encrypts with both, compares, then decrypts each side's ciphertext with the other. */
function crossCheck(b: SmBackend, mode: Sm4Mode, data: Uint8Array, padding: Padding, iv = mode === 'ecb' ? undefined : bytes(16)): void {
  const key = bytes(16);
  const what = `sm4-${mode} ${padding} key ${hex(key)} iv ${iv ? hex(iv) : '-'} data(${data.length}) ${hex(data)}`;
  const ours = b.sm4.encrypt({ mode, key, iv, data, padding });
  const theirs = opensslEnc(mode, false, key, iv, data, padding);
  sameBytes(ours, theirs, `encrypt: ${what}`);
  sameBytes(opensslEnc(mode, true, key, iv, ours, padding), data, `openssl decrypts ours: ${what}`);
  sameBytes(b.sm4.decrypt({ mode, key, iv, data: theirs, padding }), data, `we decrypt openssl's: ${what}`);
}

for (const backend of availableBackends()) {
  describe(`SM4 (${backend.name} backend) = \`openssl enc\``, { skip }, () => {
    for (const mode of ['ecb', 'cbc'] as const) {
      test(`${mode} with PKCS#7 padding: edge lengths and 6 random lengths, both directions`, () => {
        const all = lengths(6);
        for (const len of all) crossCheck(backend, mode, bytes(len), 'pkcs7');
        assert.equal(all.length, 12);
      });

      test(`${mode} without padding (-nopad): whole blocks from 0 to 1008 bytes, both directions`, () => {
        const all = blockLengths(6);
        for (const len of all) crossCheck(backend, mode, bytes(len), 'none');
        assert.equal(all.length, 10);
      });
    }

    for (const mode of ['cfb', 'ofb', 'ctr'] as const) {
      test(`${mode}: any length, edge lengths and 6 random lengths, both directions`, () => {
        const all = lengths(6);
        for (const len of all) crossCheck(backend, mode, bytes(len), 'none');
        assert.equal(all.length, 12);
      });
    }

    test('ctr: the counter carries across 32-, 64- and 128-bit boundaries as in OpenSSL', () => {
      const ivs = [
        'ffffffffffffffffffffffffffffffff', // wraps to zero
        '0123456789abcdef01234567fffffffd', // carry out of the low 32 bits
        '0123456789abcdeffffffffffffffffe', // carry out of the low 64 bits
        '0123456789abcdef00000000ffffffff',
      ];
      for (const iv of ivs) crossCheck(backend, 'ctr', bytes(100), 'none', fromHex(iv));
      assert.equal(ivs.length, 4);
    });
  });
}
