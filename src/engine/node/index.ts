/**
 * The node:crypto backend: RSA, AES, SHA-2 and ECDSA P-256 from OpenSSL through Node, for
 * legacy and international systems. The algorithms themselves (with our argument checks,
 * padding rules and error codes) live in src/algorithms/legacy; this is their engine seat.
 */
import * as legacy from '../../algorithms/legacy/index.js';

export interface LegacyBackend {
  readonly name: 'node';
  readonly sha256: typeof legacy.sha256;
  readonly sha384: typeof legacy.sha384;
  readonly aesGcm: typeof legacy.aesGcm;
  readonly aesCbc: typeof legacy.aesCbc;
  readonly rsa: {
    readonly generateKeyPair: typeof legacy.generateRsaKeyPair;
    readonly importPrivateKey: typeof legacy.importRsaPrivateKey;
    readonly importPublicKey: typeof legacy.importRsaPublicKey;
    readonly privateKeyFromComponents: typeof legacy.rsaPrivateKeyFromComponents;
    readonly publicKeyFromComponents: typeof legacy.rsaPublicKeyFromComponents;
  };
  readonly ecdsaP256: {
    readonly generateKeyPair: typeof legacy.generateEcdsaP256KeyPair;
    readonly importPrivateKey: typeof legacy.importEcdsaP256PrivateKey;
    readonly importPublicKey: typeof legacy.importEcdsaP256PublicKey;
    readonly privateKeyFromRaw: typeof legacy.ecdsaP256PrivateKeyFromRaw;
    readonly publicKeyFromPoint: typeof legacy.ecdsaP256PublicKeyFromPoint;
  };
}

export const nodeBackend: LegacyBackend = Object.freeze({
  name: 'node',
  sha256: legacy.sha256,
  sha384: legacy.sha384,
  aesGcm: legacy.aesGcm,
  aesCbc: legacy.aesCbc,
  rsa: Object.freeze({
    generateKeyPair: legacy.generateRsaKeyPair,
    importPrivateKey: legacy.importRsaPrivateKey,
    importPublicKey: legacy.importRsaPublicKey,
    privateKeyFromComponents: legacy.rsaPrivateKeyFromComponents,
    publicKeyFromComponents: legacy.rsaPublicKeyFromComponents,
  }),
  ecdsaP256: Object.freeze({
    generateKeyPair: legacy.generateEcdsaP256KeyPair,
    importPrivateKey: legacy.importEcdsaP256PrivateKey,
    importPublicKey: legacy.importEcdsaP256PublicKey,
    privateKeyFromRaw: legacy.ecdsaP256PrivateKeyFromRaw,
    publicKeyFromPoint: legacy.ecdsaP256PublicKeyFromPoint,
  }),
});
