/**
 * Power-on known-answer tests of the node:crypto algorithms (GM/T 0028 asks a module to test
 * each algorithm before first use; the values come from the standards' own examples):
 * SHA-256/384 of "abc" (FIPS 180-4 examples, NIST CSRC "SHA256.pdf"/"SHA384.pdf"), AES-128-GCM
 * test case 4 of McGrew & Viega, "The Galois/Counter Mode of Operation" (2005, Appendix B), and
 * AES-128-CBC of SP 800-38A Appendix F.2.1 (first block). RSA and ECDSA are covered by the
 * pairwise tests run at key generation and import.
 *
 * @module
 */
import { CryptoError } from '../internal/errors.js';
import { fromHex, toHex, utf8 } from '../internal/bytes.js';
import { sha256, sha384 } from './sha2.js';
import { aesCbc, aesGcm } from './aes.js';

const GCM_TC4 = {
  key: 'feffe9928665731c6d6a8f9467308308',
  iv: 'cafebabefacedbaddecaf888',
  aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
  pt:
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525' +
    'b16aedf5aa0de657ba637b39',
  ctTag:
    '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05' +
    '1ba30b396a0aac973d58e0915bc94fbc3221a5db94fae95ae7121a47',
};

/** @throws CryptoError SDR_UNKNOWERR naming the algorithm whose answer was wrong. */
export function selfTest(): void {
  const fail = (alg: string): never => {
    throw new CryptoError('SDR_UNKNOWERR', `legacy.selfTest: ${alg} known-answer test failed`);
  };
  const abc = utf8('abc');
  if (toHex(sha256(abc)) !== 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad') fail('sha256');
  if (toHex(sha384(abc)) !== 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7') fail('sha384');
  const gcm = aesGcm(fromHex(GCM_TC4.key));
  try {
    const sealed = gcm.sealWithNonce(fromHex(GCM_TC4.iv), fromHex(GCM_TC4.pt), fromHex(GCM_TC4.aad));
    if (toHex(sealed) !== GCM_TC4.ctTag) fail('aes-128-gcm');
    if (toHex(gcm.openWithNonce(fromHex(GCM_TC4.iv), sealed, fromHex(GCM_TC4.aad))) !== GCM_TC4.pt) fail('aes-128-gcm');
  } finally {
    gcm.destroy();
  }
  const ct = aesCbc.encrypt(
    fromHex('2b7e151628aed2a6abf7158809cf4f3c'),
    fromHex('000102030405060708090a0b0c0d0e0f'),
    fromHex('6bc1bee22e409f96e93d7e117393172a'),
    { padding: 'none' },
  );
  if (toHex(ct) !== '7649abac8119b246cee98e9b12e9197d') fail('aes-128-cbc');
}
