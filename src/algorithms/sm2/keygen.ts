/**
 * SM2 key-pair generation (GM/T 0003.1-2012 §6.1) and the GM/T 0028 pairwise-consistency test.
 *
 * @module
 */
import { ctEqual, utf8, wipe } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { generateKeyPairWith, parsePrivateKey, parsePublicKey, uncompressed } from './keys.js';
import { dInverseWith, signDigestWith, verifyDigestWith } from './sign.js';
import { sm2p256v1Backend as SM2 } from './sm2p256v1.js';
import { eWith, idBytes, zWith } from './z.js';

export interface KeyPair {
  /** d, 32 bytes big-endian, 1 <= d <= n − 2. */
  privateKey: Uint8Array;
  /** P = [d]G as 04 ‖ x ‖ y (65 bytes). */
  publicKey: Uint8Array;
}

/**
 * Generates an SM2 key pair, d uniform in [1, n − 2].
 *
 * The pairwise-consistency test (a signature made and verified with the new key) is off by
 * default because it costs about five key generations; pass `{ pairwiseCheck: true }`, or call
 * `checkKeyPair`, where GM/T 0028 asks for it on every generated key.
 *
 * @throws CryptoError SDR_RANDERR if the random source misbehaves; SDR_KEYERR if a requested
 * pairwise check fails.
 */
export function generateKeyPair(rand: RandomSource = osRandom, opts: { pairwiseCheck?: boolean } = {}): KeyPair {
  const kp = generateKeyPairWith(SM2, rand, 'sm2.generateKeyPair');
  if (opts.pairwiseCheck === true) checkKeyPair(kp.privateKey, kp.publicKey, rand);
  return kp;
}

const PCT_MESSAGE = utf8('Mima SM2 pairwise consistency test');

/**
 * Pairwise-consistency test: P = [d]G, and a signature made with d verifies under P.
 * @throws CryptoError SDR_KEYERR if the keys do not belong together or either is invalid.
 */
export function checkKeyPair(privateKey: Uint8Array, publicKey: Uint8Array, rand: RandomSource = osRandom): void {
  const fn = 'sm2.checkKeyPair';
  const d = parsePrivateKey(SM2, privateKey, fn);
  const P = parsePublicKey(SM2, publicKey, fn);
  const derived = uncompressed(SM2.mulBase(d));
  const same = ctEqual(derived, uncompressed(P.xy));
  const e = eWith(zWith(SM2, P, idBytes(undefined, fn)), PCT_MESSAGE);
  const dInv = dInverseWith(SM2, d);
  const sig = signDigestWith(SM2, d, dInv, e, rand, fn);
  wipe(dInv);
  if (!same || !verifyDigestWith(SM2, P, e, sig)) {
    throw new CryptoError('SDR_KEYERR', `${fn}: private and public key do not match`);
  }
}
