/**
 * SM9Signature DER (GM/T 0080; GmSSL sm9_signature_to_der) <-> raw h ‖ S: the fixed 104-byte
 * layout on the GM/T 0044.5 Annex A signature, round trips, and strict-DER refusals.
 * (GmSSL-made DER signatures are parsed and verified in test/sm9/interop-gmssl.test.ts.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm9SignatureFromDer, sm9SignatureToDer } from '../../src/formats/index.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import { concatBytes, fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { gmVector } from '../helpers/vectors.js';

const v = gmVector('sm9_sign');
const H = String(v['h']);
const S = String(v['S']);
const RAW = fromHex(H + S);
const DER_HEX = '3066' + '0420' + H + '034200' + S;

function notDer(fn: () => unknown, reason: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, 'SDR_INARGERR'), `expected CryptoError SDR_INARGERR, got ${String(e)}`);
    assert.match(e.message, /^sm9SignatureFromDer: signature is not DER: /);
    assert.match(e.message, reason);
    return true;
  });
}

describe('sm9SignatureToDer / sm9SignatureFromDer', () => {
  test('the Annex A signature encodes as SEQUENCE { OCTET STRING h, BIT STRING 00‖04‖x‖y } (104 bytes)', () => {
    const der = sm9SignatureToDer(RAW);
    assert.equal(toHex(der), DER_HEX);
    assert.equal(der.length, 104);
    assert.deepEqual(sm9SignatureFromDer(der), RAW);
  });

  test('round-trip of any 97 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 97, maxLength: 97 }), (raw) => {
        assert.deepEqual(sm9SignatureFromDer(sm9SignatureToDer(raw)), raw);
      }),
      { numRuns: 200 },
    );
  });

  test('encoding a raw signature that is not 97 bytes is SDR_INARGERR; a non-Uint8Array is TypeError', () => {
    for (const n of [0, 96, 98]) {
      assert.throws(() => sm9SignatureToDer(new Uint8Array(n)), (e: unknown) => isCryptoError(e, 'SDR_INARGERR'));
    }
    assert.throws(() => sm9SignatureToDer(DER_HEX as unknown as Uint8Array), TypeError);
    assert.throws(() => sm9SignatureFromDer([1, 2] as unknown as Uint8Array), TypeError);
  });

  test('refuses trailing bytes, long-form and indefinite lengths, and empty input', () => {
    const der = fromHex(DER_HEX);
    notDer(() => sm9SignatureFromDer(concatBytes(der, Uint8Array.of(0))), /trailing/);
    notDer(() => sm9SignatureFromDer(fromHex('308166' + DER_HEX.slice(4))), /long-form/);
    notDer(() => sm9SignatureFromDer(fromHex('3080' + DER_HEX.slice(4) + '0000')), /indefinite/);
    notDer(() => sm9SignatureFromDer(new Uint8Array(0)), /empty/);
  });

  test('refuses h of 31 or 33 bytes, and S of 64 or 66 bytes', () => {
    notDer(() => sm9SignatureFromDer(fromHex('3065' + '041f' + H.slice(2) + '034200' + S)), /h must be 32 bytes/);
    notDer(() => sm9SignatureFromDer(fromHex('3067' + '042100' + H + '034200' + S)), /h must be 32 bytes/);
    notDer(() => sm9SignatureFromDer(fromHex('3065' + '0420' + H + '034100' + S.slice(2))), /S must be 65 bytes/);
    notDer(() => sm9SignatureFromDer(fromHex('3067' + '0420' + H + '034300' + S + '00')), /S must be 65 bytes/);
  });

  test('refuses other tags, a missing or extra element, unused bits in S, constructed strings', () => {
    notDer(() => sm9SignatureFromDer(fromHex('3066' + '0220' + H + '034200' + S)), /OCTET STRING h/);
    notDer(() => sm9SignatureFromDer(fromHex('3066' + '0420' + H + '044200' + S)), /BIT STRING S/);
    notDer(() => sm9SignatureFromDer(fromHex('3166' + DER_HEX.slice(4))), /SEQUENCE/);
    notDer(() => sm9SignatureFromDer(fromHex('3022' + '0420' + H)), /2 elements|got 1/);
    notDer(() => sm9SignatureFromDer(fromHex('3068' + DER_HEX.slice(4) + '0500')), /got 3/);
    // One unused bit: the last byte of S must then have its low bit clear to be DER at all.
    const sEven = S.slice(0, -2) + '04';
    notDer(() => sm9SignatureFromDer(fromHex('3066' + '0420' + H + '034201' + sEven)), /unused bits/);
    notDer(() => sm9SignatureFromDer(fromHex('3068' + '2422' + '0420' + H + '034200' + S)), /constructed/);
  });
});
