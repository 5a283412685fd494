/**
 * The device's keys: internal key pairs at indexes (a signing and an encryption pair each),
 * key-encryption keys at indexes, per-index access passwords, and the unbounded pool of named
 * keys for the systems above. Every secret is wrapped under the master wrap key (wrap.ts) with
 * its identity and attributes as AAD; unwrapped private keys are cached in memory (loaded into
 * the engine) while the device is unlocked and wiped when it locks.
 *
 * @module
 */
import { toHex, wipe } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { importRsaPrivateKey, importRsaPublicKey, type RsaPrivateKey, type RsaPublicKey } from '../algorithms/legacy/index.js';
import type { Sm2EncryptingKey, Sm2SigningKey, Sm2VerifyingKey } from '../engine/index.js';
import type { KeyPairAlgorithm, KeyPairRecord, KeyUsage, NamedKeyRecord } from '../store/index.js';
import type { Device } from './device.js';
import { deny } from './errors.js';
import { checkPassword, makeVerifier } from './passwords.js';
import type { KeyPairInfo, Principal } from './types.js';
import { unwrapSecret, wrapSecret, type WrapContext } from './wrap.js';

const RSA_BITS: Partial<Record<KeyPairAlgorithm, number>> = { rsa2048: 2048, rsa3072: 3072, rsa4096: 4096 };
const USAGES: readonly KeyUsage[] = ['sign', 'enc'];

function keyPairContext(index: number, usage: KeyUsage, algorithm: string, publicKey: Uint8Array): WrapContext {
  return { kind: 'key-pair', id: `${index}/${usage}`, attributes: { algorithm, publicKey: toHex(publicKey) } };
}

function kekContext(index: number): WrapContext {
  return { kind: 'kek', id: String(index), attributes: { algorithm: 'sm4' } };
}

function namedContext(k: Pick<NamedKeyRecord, 'id' | 'version' | 'algorithm' | 'publicKey' | 'attributes'>): WrapContext {
  const attrs: Record<string, string> = { ...k.attributes, algorithm: k.algorithm };
  if (k.publicKey) attrs.publicKey = toHex(k.publicKey);
  return { kind: 'named-key', id: `${k.id}@${k.version}`, attributes: attrs };
}

/** An unwrapped private key held while the device is unlocked. */
export interface LoadedKey {
  algorithm: KeyPairAlgorithm;
  /** SM2: the 32-byte d (decryption, key exchange). */
  d?: Uint8Array;
  /** SM2 signing state in the engine ((1+d)^-1, Z_A for the default ID). */
  signer?: Sm2SigningKey;
  rsa?: RsaPrivateKey;
}

/**
 * The public half of an internal key pair, ready for the engine (public-key operations are hot
 * paths too: verifying and encrypting with an index must not read the store every call).
 */
export interface PublicKeyState {
  algorithm: KeyPairAlgorithm;
  /** SM2: 04 ‖ x ‖ y; RSA: SubjectPublicKeyInfo DER. */
  publicKey: Uint8Array;
  /** SM2 signing pairs: the verifying key with its precomputed table. */
  verifier?: Sm2VerifyingKey;
  /** SM2 encryption pairs: the encrypting key with its precomputed table. */
  encryptor?: Sm2EncryptingKey;
  rsa?: RsaPublicKey;
}

export class KeyStore {
  readonly #device: Device;
  readonly #wrapKey: Uint8Array;
  readonly #loaded = new Map<string, LoadedKey>();
  readonly #public = new Map<string, PublicKeyState>();
  /** Unwrapped KEKs, loaded once per unlock like the key pairs (SDF_GenerateKeyWithKEK is a hot path). */
  readonly #keks = new Map<number, Uint8Array>();

  constructor(device: Device, wrapKey: Uint8Array) {
    this.#device = device;
    this.#wrapKey = wrapKey;
  }

  /** Wipes the wrap key and every loaded key. */
  destroy(): void {
    for (const k of this.#loaded.values()) this.#unload(k);
    this.#loaded.clear();
    for (const k of this.#public.values()) this.#releasePublic(k);
    this.#public.clear();
    for (const k of this.#keks.values()) wipe(k);
    this.#keks.clear();
    wipe(this.#wrapKey);
  }

  #unload(k: LoadedKey): void {
    if (k.d) wipe(k.d);
    k.signer?.release();
  }

  #releasePublic(k: PublicKeyState): void {
    k.verifier?.release();
    k.encryptor?.release();
  }

  #checkIndex(index: number): void {
    const max = this.#device.config.maxKeyIndex;
    if (!Number.isInteger(index) || index < 1 || index > max) throw deny.badIndex(index, max);
  }

  // --- internal key pairs ----------------------------------------------------------------

  /**
   * Security officer: generates the signing and the encryption key pair at `index`, each
   * checked by a pairwise-consistency test before it is stored (a failure puts the device into
   * the error state). Optionally sets the index's access password.
   */
  async generateKeyPair(p: Principal, index: number, algorithm: KeyPairAlgorithm,
    opts: { accessPassword?: Uint8Array } = {}): Promise<KeyPairInfo[]> {
    this.#device.requireRole(p, ['security-officer']);
    this.#checkIndex(index);
    if (algorithm !== 'sm2' && RSA_BITS[algorithm] === undefined) throw new CryptoError('SDR_ALGNOTSUPPORT', `device: unknown key algorithm ${algorithm}`);
    if ((await this.#device.store.getKeyPair(index, 'sign')) || (await this.#device.store.getKeyPair(index, 'enc'))) {
      throw deny.keyExists(`key pair at index ${index}`);
    }
    const now = new Date().toISOString();
    const records: KeyPairRecord[] = [];
    for (const usage of USAGES) {
      const { publicKey, privateKey } = await this.#generate(algorithm, usage);
      try {
        records.push({ index, usage, algorithm, publicKey, wrappedPrivate: wrapSecret(this.#wrapKey, keyPairContext(index, usage, algorithm, publicKey), privateKey), createdAt: now });
      } finally {
        wipe(privateKey);
      }
    }
    await this.#device.store.transaction(async (tx) => {
      for (const r of records) await tx.insertKeyPair(r);
      if (opts.accessPassword) await tx.putAccessPassword(index, makeVerifier(opts.accessPassword, this.#device.config.passwordIterations, this.#device.random));
    });
    await this.#device.audit({ actor: p.name, role: p.role, action: 'key.generate', target: `index ${index}`, outcome: 'ok', detail: { algorithm, accessPassword: Boolean(opts.accessPassword) } });
    return records.map((r) => this.#info(r, Boolean(opts.accessPassword)));
  }

  /** A fresh key pair with its pairwise-consistency test (GM/T 0028 conditional self-test). */
  async #generate(algorithm: KeyPairAlgorithm, usage: KeyUsage): Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> {
    const sm2 = this.#device.engine.sm.sm2;
    if (algorithm === 'sm2') {
      const [pair] = sm2.generateKeyPairs(1);
      if (!this.#sm2PairwiseOk(pair!.privateKey, pair!.publicKey, usage)) {
        wipe(pair!.privateKey);
        return this.#device.failConditionalTest(`SM2 ${usage} key pair consistency`);
      }
      return pair!;
    }
    const pair = this.#device.engine.legacy.rsa.generateKeyPair(RSA_BITS[algorithm]!);
    return { publicKey: pair.publicKeyDer, privateKey: pair.privateKeyDer };
  }

  #sm2PairwiseOk(d: Uint8Array, pub: Uint8Array, usage: KeyUsage): boolean {
    const sm2 = this.#device.engine.sm.sm2;
    const probe = this.#device.random(32);
    try {
      if (usage === 'sign') {
        const signer = sm2.signingKey(d, { publicKey: pub });
        const sig = signer.sign(probe);
        signer.release();
        return sm2.verifyingKey(pub).verify(probe, sig);
      }
      const back = sm2.decrypt(d, sm2.encrypt(pub, probe));
      return back.length === probe.length && back.every((b, i) => b === probe[i]);
    } catch {
      return false;
    }
  }

  /**
   * Security officer: imports a key pair at (index, usage). SM2: the 32-byte private key (its
   * public key is derived); RSA: PKCS#8 DER. Used by restore and for keys made elsewhere.
   */
  async importKeyPair(p: Principal, index: number, usage: KeyUsage, algorithm: KeyPairAlgorithm, privateKey: Uint8Array): Promise<KeyPairInfo> {
    this.#device.requireRole(p, ['security-officer']);
    this.#checkIndex(index);
    if (await this.#device.store.getKeyPair(index, usage)) throw deny.keyExists(`${usage} key pair at index ${index}`);
    let publicKey: Uint8Array;
    if (algorithm === 'sm2') publicKey = this.#device.engine.sm.sm2.publicKeyOf(privateKey);
    else if (RSA_BITS[algorithm] !== undefined) {
      const k = importRsaPrivateKey(privateKey);
      if (k.bits !== RSA_BITS[algorithm]) throw new CryptoError('SDR_KEYERR', `device: RSA key has ${k.bits} bits, not ${RSA_BITS[algorithm]}`);
      publicKey = k.publicKey.toDer();
    } else throw new CryptoError('SDR_ALGNOTSUPPORT', `device: unknown key algorithm ${algorithm}`);
    const record: KeyPairRecord = {
      index, usage, algorithm, publicKey,
      wrappedPrivate: wrapSecret(this.#wrapKey, keyPairContext(index, usage, algorithm, publicKey), privateKey),
      createdAt: new Date().toISOString(),
    };
    await this.#device.store.insertKeyPair(record);
    await this.#device.audit({ actor: p.name, role: p.role, action: 'key.import', target: `index ${index} ${usage}`, outcome: 'ok', detail: { algorithm } });
    return this.#info(record, Boolean(await this.#device.store.getAccessPassword(index)));
  }

  /** Security officer: destroys both key pairs at `index` and its access password. */
  async destroyKeyPairs(p: Principal, index: number): Promise<void> {
    this.#device.requireRole(p, ['security-officer']);
    this.#checkIndex(index);
    const removed = await this.#device.store.transaction(async (tx) => {
      const n = await tx.deleteKeyPairs(index);
      await tx.deleteAccessPassword(index);
      return n;
    });
    for (const usage of USAGES) {
      const k = this.#loaded.get(`${index}/${usage}`);
      if (k) this.#unload(k);
      this.#loaded.delete(`${index}/${usage}`);
      const pub = this.#public.get(`${index}/${usage}`);
      if (pub) this.#releasePublic(pub);
      this.#public.delete(`${index}/${usage}`);
    }
    if (removed === 0) throw deny.noKey(`key pair at index ${index}`);
    await this.#device.audit({ actor: p.name, role: p.role, action: 'key.destroy', target: `index ${index}`, outcome: 'ok' });
  }

  /** Security officer: sets (or replaces) the private-key access password of `index`. */
  async setAccessPassword(p: Principal, index: number, password: Uint8Array): Promise<void> {
    this.#device.requireRole(p, ['security-officer']);
    this.#checkIndex(index);
    await this.#device.store.putAccessPassword(index, makeVerifier(password, this.#device.config.passwordIterations, this.#device.random));
    await this.#device.audit({ actor: p.name, role: p.role, action: 'key.access-password', target: `index ${index}`, outcome: 'ok' });
  }

  /**
   * Checks an access password (constant-time; repeated failures lock the index out for a
   * while). Used by SDF_GetPrivateKeyAccessRight.
   */
  async checkAccessPassword(p: Principal, index: number, password: Uint8Array): Promise<void> {
    this.#checkIndex(index);
    const store = this.#device.store;
    const v = await store.getAccessPassword(index);
    const target = `index ${index}`;
    if (!(await store.getKeyPair(index, 'sign')) && !(await store.getKeyPair(index, 'enc'))) throw deny.noKey(`key pair at index ${index}`);
    if (!v) {
      await this.#device.audit({ actor: p.name, role: p.role, action: 'key.access-right', target, outcome: 'denied', detail: { reason: 'no access password set' } });
      throw deny.accessRightFailed(index, 'no access password is set for this index');
    }
    const now = Date.now();
    if (v.lockedUntil > now) {
      await this.#device.audit({ actor: p.name, role: p.role, action: 'key.access-right', target, outcome: 'denied', detail: { reason: 'locked out' } });
      throw deny.lockout(`access password of index ${index}`, Math.ceil((v.lockedUntil - now) / 1000));
    }
    if (!checkPassword(v, password)) {
      const { lockoutThreshold, lockoutSeconds } = this.#device.config;
      const failures = v.failures + 1;
      const lockedUntil = failures >= lockoutThreshold ? now + lockoutSeconds * 1000 : 0;
      await store.setAccessPasswordFailures(index, lockedUntil ? 0 : failures, lockedUntil);
      await this.#device.audit({ actor: p.name, role: p.role, action: 'key.access-right', target, outcome: 'denied', detail: { failures } });
      throw deny.accessRightFailed(index, 'wrong password');
    }
    if (v.failures > 0) await store.setAccessPasswordFailures(index, 0, 0);
    await this.#device.audit({ actor: p.name, role: p.role, action: 'key.access-right', target, outcome: 'ok' });
  }

  #info(r: KeyPairRecord, hasAccessPassword: boolean): KeyPairInfo {
    return { index: r.index, usage: r.usage, algorithm: r.algorithm, publicKey: r.publicKey, createdAt: r.createdAt, hasAccessPassword };
  }

  /** Public parts of every internal key pair. */
  async listKeyPairs(): Promise<KeyPairInfo[]> {
    const store = this.#device.store;
    const pairs = await store.listKeyPairs();
    const withPw = new Set<number>();
    for (const i of new Set(pairs.map((r) => r.index))) if (await store.getAccessPassword(i)) withPw.add(i);
    return pairs.map((r) => this.#info(r, withPw.has(r.index)));
  }

  /** The stored record (public key and algorithm) of (index, usage). */
  async keyPair(index: number, usage: KeyUsage): Promise<KeyPairRecord> {
    this.#checkIndex(index);
    const r = await this.#device.store.getKeyPair(index, usage);
    if (!r) throw deny.noKey(`${usage} key pair at index ${index}`);
    return r;
  }

  /** The public key of (index, usage) with its engine state, loaded once per unlock. */
  async publicState(index: number, usage: KeyUsage): Promise<PublicKeyState> {
    const id = `${index}/${usage}`;
    const cached = this.#public.get(id);
    if (cached) return cached;
    const r = await this.keyPair(index, usage);
    const sm2 = this.#device.engine.sm.sm2;
    let state: PublicKeyState;
    if (r.algorithm === 'sm2') {
      state = usage === 'sign'
        ? { algorithm: 'sm2', publicKey: r.publicKey, verifier: sm2.verifyingKey(r.publicKey, { precompute: true }) }
        : { algorithm: 'sm2', publicKey: r.publicKey, encryptor: sm2.encryptingKey(r.publicKey, { precompute: true }) };
    } else {
      state = { algorithm: r.algorithm, publicKey: r.publicKey, rsa: importRsaPublicKey(r.publicKey) };
    }
    this.#public.set(id, state);
    return state;
  }

  /** The unwrapped private key of (index, usage), loaded once per unlock. */
  async loaded(index: number, usage: KeyUsage): Promise<LoadedKey> {
    const id = `${index}/${usage}`;
    const cached = this.#loaded.get(id);
    if (cached) return cached;
    const r = await this.keyPair(index, usage);
    const secret = unwrapSecret(this.#wrapKey, keyPairContext(index, usage, r.algorithm, r.publicKey), r.wrappedPrivate);
    let k: LoadedKey;
    if (r.algorithm === 'sm2') {
      k = { algorithm: 'sm2', d: secret, signer: usage === 'sign' ? this.#device.engine.sm.sm2.signingKey(secret, { publicKey: r.publicKey }) : undefined };
    } else {
      try {
        k = { algorithm: r.algorithm, rsa: importRsaPrivateKey(secret) };
      } finally {
        wipe(secret);
      }
    }
    this.#loaded.set(id, k);
    return k;
  }

  // --- key-encryption keys ---------------------------------------------------------------

  /** Security officer: a fresh 16-byte SM4 KEK at `index`. */
  async generateKek(p: Principal, index: number): Promise<void> {
    this.#device.requireRole(p, ['security-officer']);
    this.#checkIndex(index);
    if (await this.#device.store.getKek(index)) throw deny.keyExists(`KEK at index ${index}`);
    const key = this.#device.random(16);
    try {
      await this.#device.store.insertKek({ index, algorithm: 'sm4', wrappedKey: wrapSecret(this.#wrapKey, kekContext(index), key), createdAt: new Date().toISOString() });
    } finally {
      wipe(key);
    }
    await this.#device.audit({ actor: p.name, role: p.role, action: 'kek.generate', target: `kek ${index}`, outcome: 'ok' });
  }

  /** Security officer: imports a KEK (restore). */
  async importKek(p: Principal, index: number, key: Uint8Array): Promise<void> {
    this.#device.requireRole(p, ['security-officer']);
    this.#checkIndex(index);
    if (key.length !== 16) throw new CryptoError('SDR_KEYERR', 'device: a KEK is a 16-byte SM4 key');
    if (await this.#device.store.getKek(index)) throw deny.keyExists(`KEK at index ${index}`);
    await this.#device.store.insertKek({ index, algorithm: 'sm4', wrappedKey: wrapSecret(this.#wrapKey, kekContext(index), key), createdAt: new Date().toISOString() });
    await this.#device.audit({ actor: p.name, role: p.role, action: 'kek.import', target: `kek ${index}`, outcome: 'ok' });
  }

  async destroyKek(p: Principal, index: number): Promise<void> {
    this.#device.requireRole(p, ['security-officer']);
    this.#checkIndex(index);
    wipe(this.#keks.get(index));
    this.#keks.delete(index);
    if ((await this.#device.store.deleteKek(index)) === 0) throw deny.noKey(`KEK at index ${index}`);
    await this.#device.audit({ actor: p.name, role: p.role, action: 'kek.destroy', target: `kek ${index}`, outcome: 'ok' });
  }

  /** A copy of the KEK at `index`; the caller wipes it. */
  async kek(index: number): Promise<Uint8Array> {
    this.#checkIndex(index);
    let k = this.#keks.get(index);
    if (!k) {
      const r = await this.#device.store.getKek(index);
      if (!r) throw deny.noKey(`KEK at index ${index}`);
      k = unwrapSecret(this.#wrapKey, kekContext(index), r.wrappedKey);
      this.#keks.set(index, k);
    }
    return k.slice();
  }

  async listKeks(): Promise<{ index: number; algorithm: 'sm4'; createdAt: string }[]> {
    return (await this.#device.store.listKeks()).map(({ index, algorithm, createdAt }) => ({ index, algorithm, createdAt }));
  }

  // --- named keys (the pool for KMS and other systems) --------------------------------------

  /**
   * Stores a named key version. `secret` is wrapped with id, version, algorithm, public key and
   * attributes bound; versions are immutable (a new version is a new record).
   */
  async putNamedKey(p: Principal, k: Omit<NamedKeyRecord, 'wrappedKey' | 'createdAt'>, secret: Uint8Array): Promise<void> {
    this.#device.requireRole(p, ['security-officer', 'operator']);
    const record: NamedKeyRecord = { ...k, wrappedKey: wrapSecret(this.#wrapKey, namedContext(k), secret), createdAt: new Date().toISOString() };
    await this.#device.store.insertNamedKey(record);
    await this.#device.audit({ actor: p.name, role: p.role, action: 'named-key.put', target: `${k.id}@${k.version}`, outcome: 'ok', detail: { algorithm: k.algorithm } });
  }

  /** The secret of a named key version (latest when omitted); the caller wipes it. */
  async namedKeySecret(id: string, version?: number): Promise<{ record: NamedKeyRecord; secret: Uint8Array }> {
    this.#device.requireOperational();
    const record = await this.#device.store.getNamedKey(id, version);
    if (!record) throw deny.noKey(`named key ${id}${version === undefined ? '' : `@${version}`}`);
    return { record, secret: unwrapSecret(this.#wrapKey, namedContext(record), record.wrappedKey) };
  }
}
