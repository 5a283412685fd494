/**
 * PKI with SM2 (issue: PKI services): X.509 v3 certificates signed with sm2sign-with-sm3,
 * PKCS#10 requests, path validation, and signers backed by the crypto device.
 *
 * @module
 */
export * from './certificate.js';
export * from './csr.js';
export * from './crl.js';
export * from './cms.js';
export * from './cms-envelope.js';
export * from './cms-digest.js';
export * from './validate.js';
export * from './device-signer.js';
