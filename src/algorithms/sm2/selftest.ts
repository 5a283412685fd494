/**
 * Known-answer self-test for SM2 (the GM/T 0028 power-on test the device runs before first use),
 * with the recommended-curve examples of GM/T 0003.5-2012 (= GB/T 32918.5-2017): the signature
 * of Annex A and the encryption of Annex C, both with their fixed k replayed through the random
 * source.
 *
 * @module
 */
import { ctEqual, fromHex, utf8 } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { decrypt, encrypt } from './encrypt.js';
import { sign, verify } from './sign.js';

// GM/T 0003.5 Annex A/C key, k and expected outputs.
const D = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
const PUB = '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
const K = '59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21';
const SIG = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3' +
  'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
const CT = '0404ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0' +
  '59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766' + '21886ca989ca9c7d58087307ca93092d651efa';

/**
 * Runs the SM2 known-answer tests: a signature with fixed k (exact r ‖ s), its verification and
 * the rejection of a altered message, an encryption with fixed k (exact C1 ‖ C3 ‖ C2) and its
 * decryption.
 * @throws CryptoError SDR_UNKNOWERR when any result differs.
 */
export function selfTest(): void {
  const fail = (what: string): never => {
    throw new CryptoError('SDR_UNKNOWERR', `sm2.selfTest: ${what} known-answer test failed`);
  };
  const d = fromHex(D), pub = fromHex(PUB);
  const fixedK = (): Uint8Array => fromHex(K);
  const msg = utf8('message digest');
  const sig = sign(d, msg, { publicKey: pub, rand: fixedK });
  if (!ctEqual(sig, fromHex(SIG))) fail('signature');
  if (!verify(pub, msg, sig)) fail('verification');
  if (verify(pub, utf8('message digesT'), sig)) fail('verification (negative)');
  const pt = utf8('encryption standard');
  const ct = encrypt(pub, pt, { rand: fixedK });
  if (!ctEqual(ct, fromHex(CT))) fail('encryption');
  if (!ctEqual(decrypt(d, ct), pt)) fail('decryption');
}
