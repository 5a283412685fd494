/** SM2 on the TypeScript backend: src/algorithms/sm2 behind the engine's key objects. */
import * as sm2 from '../../algorithms/sm2/index.js';
import type { Sm2EncryptingKey, Sm2KeyPair, Sm2Ops, Sm2SigningKey, Sm2VerifyingKey } from '../types.js';

function signingKey(privateKey: Uint8Array, opts: { id?: Uint8Array; publicKey?: Uint8Array } = {}): Sm2SigningKey {
  const signer = sm2.prepareSigner(privateKey, opts);
  return {
    publicKey: signer.publicKey,
    sign: (message) => signer.sign(message),
    signDigests: (digests) => signer.signDigests(digests),
    release: () => signer.destroy(),
  };
}

function verifyingKey(publicKey: Uint8Array, opts: { id?: Uint8Array; precompute?: boolean } = {}): Sm2VerifyingKey {
  const verifier = sm2.prepareVerifier(publicKey, opts);
  return {
    publicKey: verifier.publicKey,
    verify: (message, signature) => verifier.verify(message, signature),
    verifyDigests: (items) => verifier.verifyDigests(items),
    // Nothing secret is held; dropping the reference frees the table.
    release: () => {},
  };
}

function encryptingKey(publicKey: Uint8Array, opts: { precompute?: boolean } = {}): Sm2EncryptingKey {
  const encryptor = sm2.prepareEncryptor(publicKey, opts);
  return {
    publicKey: encryptor.publicKey,
    encrypt: (plaintext, order = 'c1c3c2') => encryptor.encrypt(plaintext, { format: order }),
    release: () => {},
  };
}

export const tsSm2: Sm2Ops = Object.freeze<Sm2Ops>({
  generateKeyPairs(count: number): Sm2KeyPair[] {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('sm2.generateKeyPairs: bad count');
    return Array.from({ length: count }, () => sm2.generateKeyPair());
  },
  publicKeyOf: (privateKey: Uint8Array) => sm2.getPublicKey(privateKey),
  computeZ: (publicKey: Uint8Array, id?: Uint8Array) => sm2.computeZ(publicKey, id),
  signingKey,
  verifyingKey,
  encryptingKey,
  verifyDigestBatch: (items) => items.map((it) => sm2.verifyDigest(it.publicKey, it.digest, it.signature)),
  encrypt: (publicKey, plaintext, order = 'c1c3c2') => sm2.encrypt(publicKey, plaintext, { format: order }),
  decrypt: (privateKey, ciphertext, order = 'c1c3c2') => sm2.decrypt(privateKey, ciphertext, { format: order }),
});
