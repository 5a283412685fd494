import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ctEqual, fromHex, toHex, bigIntToBytes, bytesToBigInt } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';

test('hex round-trips every byte value', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(fromHex(toHex(all)), all);
  assert.deepEqual(fromHex('ABcd'), Uint8Array.of(0xab, 0xcd));
});

test('bad hex is a CryptoError with SDR_INARGERR', () => {
  assert.throws(() => fromHex('abc'), (e: unknown) => e instanceof CryptoError && e.code === 'SDR_INARGERR');
  assert.throws(() => fromHex('zz'), (e: unknown) => e instanceof CryptoError && e.sdr === 0x0100001d);
});

test('ctEqual compares contents and lengths', () => {
  assert.equal(ctEqual(fromHex('0102'), fromHex('0102')), true);
  assert.equal(ctEqual(fromHex('0102'), fromHex('0103')), false);
  assert.equal(ctEqual(fromHex('0102'), fromHex('010203')), false);
  assert.equal(ctEqual(new Uint8Array(0), new Uint8Array(0)), true);
});

test('bigint <-> fixed-width bytes', () => {
  assert.equal(toHex(bigIntToBytes(0x1234n, 4)), '00001234');
  assert.equal(bytesToBigInt(fromHex('00001234')), 0x1234n);
  assert.throws(() => bigIntToBytes(0x123456n, 2), RangeError);
});
