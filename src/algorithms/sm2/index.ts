/**
 * SM2 public-key cryptography on the recommended curve sm2p256v1: GM/T 0003-2012
 * (= GB/T 32918.1–5-2016/2017) Part 2 signatures, Part 3 key exchange, Part 4 encryption,
 * Part 5 parameters; default user ID per GM/T 0009-2012 §10. Raw bytes in and out: keys as
 * 32-byte d and 04‖x‖y points (02/03‖x and bare x‖y accepted), signatures as r‖s, ciphertexts as
 * C1‖C3‖C2. DER/ASN.1/PEM encodings live in src/formats.
 *
 * Speed: field elements are 11 limbs of 24 bits in Float64Arrays with Montgomery reduction
 * (field.ts, ~45 ns per multiplication), points are Jacobian (point.ts), [k]G uses a comb table
 * of G built on first use (comb.ts: 240 KB, ~2.5 ms warm, ~25 ms in a cold process),
 * verification a width-5 wNAF for the public key or, for prepared verifiers, a comb table of its
 * own, and compares x projectively instead of inverting.
 *
 * Constant time, and how far it goes. For secret scalars (key generation's d, signing's k and d,
 * decryption's d, the key exchange's r and t): the point multiplications use fixed signed
 * windows whose table entries are all read and combined by arithmetic masking, the recoding is
 * arithmetic, the infinity and zero-digit cases are 0/1 flags, the scalar arithmetic mod n and
 * all inversions of secret-derived values run fixed Fermat chains, range checks and comparisons
 * of secrets are branch-free, and no branch or memory index depends on a secret. Limb arithmetic
 * is IEEE multiplication and addition of integer-valued doubles (no subnormals), whose timing on
 * current CPUs does not depend on the values. The incomplete addition formulas never meet
 * their exceptional case for scalars in [1, n − 1] on the secret paths (the one case, k = n − 6
 * in [k]P, is handled branch-free); a variable-time BigInt fall-back exists only as a guard and
 * is not reached by valid inputs. Not covered: (1) the JavaScript engine, which gives no timing
 * guarantee at all (interpreter and JIT tiers, deoptimisation, garbage collection); (2) SM3, the
 * KDF and byte handling of secrets, which have no data-dependent branches but were not audited
 * here. Verification, and every function whose name ends in `Vartime`, is for public inputs
 * only. Buffers and scratch space that held secrets are zeroed after use.
 *
 * @module
 */
export { SM2P256V1, type CurveParams } from './curve.js';
export { SM2_DEFAULT_ID, computeZ, computeE } from './z.js';
export { generateKeyPair, checkKeyPair, type KeyPair } from './keygen.js';
export {
  getPublicKey, validatePrivateKey, validatePublicKey, compressPublicKey, decompressPublicKey,
} from './keys.js';
export {
  sign, signDigest, verify, verifyDigest, prepareSigner, prepareVerifier,
  type SignOptions, type Signer, type Verifier,
} from './sign.js';
export {
  encrypt, decrypt, prepareEncryptor, splitCiphertext, joinCiphertext,
  type CiphertextFormat, type CiphertextParts, type EncryptOptions, type Encryptor,
} from './encrypt.js';
export {
  createKeyExchange, type KeyExchange, type KeyExchangeOptions, type KeyExchangeResult,
  type KeyExchangeRole,
} from './exchange.js';
export { selfTest } from './selftest.js';
