/**
 * The signature-verification server (GM/T 0029): the application's signing keys stay in the
 * crypto device (by index, unlocked per call with the index's access password, as `keyValue`);
 * certificates are checked against a trust store (anchors, intermediates, CRLs).
 *
 * Implemented: SVS_ExportCert, SVS_ParseCert (the GM/T 0006 certificate item IDs of
 * services.md), SVS_ValidateCert, SVS_SignData, SVS_VerifySignedData (verify levels 0 validity,
 * 1 + chain, 2 + chain + CRL), SVS_SignMessage (GM/T 0010 / PKCS#7 SignedData, attached or not),
 * SVS_VerifySignedMessage, and the multi-part Init/Update/Final forms of the four signing and
 * verifying functions (stateless: the caller carries the SM3 state as the "hash intermediate").
 * Not implemented: OCSP.
 *
 * Validation results are cached by certificate (SHA-free: SM3 of the DER) and level; the cache
 * is dropped whenever the trust store changes (a CRL update, a new anchor), so a revocation is
 * seen at the next call.
 *
 * @module
 */
import { concatBytes, ctEqual, toHex, utf8 } from '../algorithms/internal/bytes.js';
import { isCryptoError } from '../algorithms/internal/errors.js';
import { sm3, sm3State } from '../algorithms/sm3/index.js';
import type { Device, Principal } from '../device/index.js';
import { signatureFromDer, signatureToDer } from '../formats/index.js';
import { parseCertificate, type ParsedCertificate } from '../pki/certificate.js';
import { signCms, verifyCms, type CmsFlavour } from '../pki/cms.js';
import { parseCrl, type ParsedCrl } from '../pki/crl.js';
import { validatePath } from '../pki/validate.js';
import { SGD_SM3_SM2 } from '../sdf/sgd.js';
import { SVS, SvsError } from './codes.js';

export interface TrustStore {
  anchors: ParsedCertificate[];
  intermediates: ParsedCertificate[];
  crls: ParsedCrl[];
}

/** GM/T 0006 certificate item identifiers (services.md §1.1, SVS_ParseCert). */
export const CERT_ITEMS = Object.freeze({
  version: 0x01, serial: 0x02, issuer: 0x05, validity: 0x06, subject: 0x07, publicKey: 0x08, extensions: 0x09,
  issuerCN: 0x21, issuerO: 0x22, issuerOU: 0x23, subjectCN: 0x31, subjectO: 0x32, subjectOU: 0x33, subjectEmail: 0x34, notBefore: 0x35, notAfter: 0x36,
});

function rdn(dn: string, attr: string): string {
  const m = new RegExp(`(?:^|,\\s*)${attr}=([^,]*)`).exec(dn);
  return m ? m[1]!.trim() : '';
}

export class SignatureVerificationServer {
  readonly #device: Device;
  readonly #operator: Principal;
  /** Certificates of the signing keys (by device index) and others the SVS exports by id. */
  readonly #certs = new Map<string, ParsedCertificate>();
  #trust: TrustStore;
  #cache = new Map<string, number>();

  constructor(device: Device, operator: Principal, trust: TrustStore) {
    this.#device = device;
    this.#operator = operator;
    this.#trust = trust;
  }

  /** Registers a certificate under an id; a key index's certificate is registered as "index:N". */
  addCertificate(id: string, der: Uint8Array): void {
    this.#certs.set(id, parseCertificate(der));
  }

  /** Replaces the trust store (new CRLs, anchors): cached validation results are dropped. */
  updateTrust(trust: Partial<TrustStore>): void {
    this.#trust = { ...this.#trust, ...trust };
    this.#cache = new Map();
  }

  get cachedResults(): number {
    return this.#cache.size;
  }

  exportCert(certId: string): Uint8Array {
    const c = this.#certs.get(certId);
    if (!c) throw new SvsError(SVS.CERT_ID, `no certificate with id ${certId}`);
    return c.der;
  }

  parseCert(infoType: number, certDer: Uint8Array): string {
    const c = this.#parse(certDer);
    switch (infoType) {
      case CERT_ITEMS.version: return 'V3';
      case CERT_ITEMS.serial: return c.serial;
      case CERT_ITEMS.issuer: return c.issuer;
      case CERT_ITEMS.validity: return `${c.notBefore.toISOString()} - ${c.notAfter.toISOString()}`;
      case CERT_ITEMS.subject: return c.subject;
      case CERT_ITEMS.publicKey: return c.publicKey ? toHex(c.publicKey) : '';
      case CERT_ITEMS.issuerCN: return rdn(c.issuer, 'CN');
      case CERT_ITEMS.issuerO: return rdn(c.issuer, 'O');
      case CERT_ITEMS.issuerOU: return rdn(c.issuer, 'OU');
      case CERT_ITEMS.subjectCN: return rdn(c.subject, 'CN');
      case CERT_ITEMS.subjectO: return rdn(c.subject, 'O');
      case CERT_ITEMS.subjectOU: return rdn(c.subject, 'OU');
      case CERT_ITEMS.subjectEmail: return rdn(c.subject, 'E');
      case CERT_ITEMS.notBefore: return c.notBefore.toISOString();
      case CERT_ITEMS.notAfter: return c.notAfter.toISOString();
      default: throw new SvsError(SVS.CERT_INFO_TYPE, `unknown certificate item ${infoType}`);
    }
  }

  /** SVS_ValidateCert: SUCCESS or the GM/T 0029 code of the first problem (chain and CRL). */
  validateCert(certDer: Uint8Array, level = 2): number {
    const c = this.#parse(certDer);
    const key = `${toHex(sm3(c.der))}:${level}`; // SM3 again: cheap beside validation, and keyed by exactly these bytes
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const code = this.#validate(c, level);
    this.#cache.set(key, code);
    return code;
  }

  #validate(c: ParsedCertificate, level: number): number {
    const now = new Date();
    if (now < c.notBefore) return SVS.CERT_INVALID_BF;
    if (now > c.notAfter) return SVS.CERT_INVALID_AF;
    if (level === 0) return SVS.SUCCESS;
    const r = validatePath(c, this.#trust.intermediates, this.#trust.anchors, now, { crls: level >= 2 ? this.#trust.crls : undefined });
    if (r.ok) return SVS.SUCCESS;
    if (/revoked/.test(r.reason!)) return SVS.CERT_REMOVED;
    if (/expired/.test(r.reason!)) return SVS.CERT_INVALID_AF;
    if (/not valid before/.test(r.reason!)) return SVS.CERT_INVALID_BF;
    return SVS.CERT;
  }

  /** Parsed certificates by SM3 of their DER (applications send the same few certificates). */
  readonly #parsed = new Map<string, ParsedCertificate>();

  #parse(der: Uint8Array): ParsedCertificate {
    const id = toHex(sm3(der));
    const hit = this.#parsed.get(id);
    if (hit) return hit;
    let c: ParsedCertificate;
    try {
      c = parseCertificate(der);
    } catch {
      throw new SvsError(SVS.CERT_DECODE, 'not an X.509 certificate');
    }
    if (this.#parsed.size > 10_000) this.#parsed.clear();
    this.#parsed.set(id, c);
    return c;
  }

  /**
   * One open session per key index holding its access right, kept after the first correct
   * password (as an SVS keeps its application keys unlocked): later calls compare the password's
   * SM3 digest in constant time instead of running PBKDF2 again. A wrong password drops nothing
   * and still counts towards the index's lockout.
   */
  readonly #unlocked = new Map<number, { session: ReturnType<Device['openSession']>; passwordDigest: Uint8Array; publicKey: Uint8Array; z: Uint8Array }>();

  async #keySession(keyIndex: number, keyValue: string) {
    const digest = sm3(utf8(`mima-svs\u0000${keyValue}`));
    const open = this.#unlocked.get(keyIndex);
    if (open && open.session.isOpen && ctEqual(open.passwordDigest, digest)) return open;
    const session = this.#device.openSession(this.#operator);
    try {
      try {
        await session.getPrivateKeyAccessRight(keyIndex, utf8(keyValue));
      } catch (e) {
        if (isCryptoError(e, 'SDR_KEYNOTEXIST') || isCryptoError(e, 'SDR_INARGERR')) throw new SvsError(SVS.KEY_INDEX, `no key at index ${keyIndex}`);
        throw new SvsError(SVS.KEY_VALUE, `the access password of index ${keyIndex} is wrong`);
      }
      const pair = await this.#device.keys.keyPair(keyIndex, 'sign').catch(() => undefined);
      if (!pair || pair.algorithm !== 'sm2') throw new SvsError(SVS.KEY_INDEX, `no SM2 signing key at index ${keyIndex}`);
      const entry = { session, passwordDigest: digest, publicKey: pair.publicKey, z: this.#device.engine.sm.sm2.computeZ(pair.publicKey) };
      if (open) this.#device.closeSession(open.session);
      this.#unlocked.set(keyIndex, entry);
      return entry;
    } catch (e) {
      this.#device.closeSession(session);
      throw e;
    }
  }

  /** Signs e = SM3(Z_A ‖ data) with the device key at `keyIndex` (access password `keyValue`). */
  async #sign(signMethod: number, keyIndex: number, keyValue: string, data: Uint8Array): Promise<Uint8Array> {
    if (signMethod !== SGD_SM3_SM2) throw new SvsError(SVS.SIGN_METHOD, `sign method 0x${signMethod.toString(16)} is not SGD_SM3_SM2`);
    const k = await this.#keySession(keyIndex, keyValue);
    const [sig] = await k.session.internalSignDigests(keyIndex, [this.#device.engine.sm.sm3.digest(concatBytes(k.z, data))]);
    return sig!;
  }

  /** Closes the sessions of unlocked keys. */
  close(): void {
    for (const k of this.#unlocked.values()) this.#device.closeSession(k.session);
    this.#unlocked.clear();
  }

  /** SVS_SignData: a GM/T 0009 DER SM2 signature. */
  async signData(signMethod: number, keyIndex: number, keyValue: string, data: Uint8Array): Promise<Uint8Array> {
    return signatureToDer(await this.#sign(signMethod, keyIndex, keyValue, data));
  }

  /** SVS_VerifySignedData: type 1 = certificate given, 2 = serial of a registered certificate. */
  verifySignedData(type: 1 | 2, certOrSerial: Uint8Array | string, data: Uint8Array, signature: Uint8Array, verifyLevel: number): number {
    let cert: ParsedCertificate | undefined;
    if (type === 1) cert = this.#parse(certOrSerial as Uint8Array);
    else cert = [...this.#certs.values()].find((c) => c.serial === String(certOrSerial).toLowerCase());
    if (!cert?.publicKey) return SVS.CERT;
    const status = this.validateCert(cert.der, verifyLevel);
    if (status !== SVS.SUCCESS) return status;
    let raw: Uint8Array;
    try {
      raw = signatureFromDer(signature);
    } catch {
      return SVS.INVALID_DATA_FORMAT;
    }
    // The engine (native kernels when built) with the signer's Z_A: e = SM3(Z_A ‖ data).
    const { sm2, sm3: h } = this.#device.engine.sm;
    const e = h.digest(concatBytes(sm2.computeZ(cert.publicKey), data));
    return sm2.verifyDigestBatch([{ publicKey: cert.publicKey, digest: e, signature: raw }])[0] ? SVS.SUCCESS : SVS.INVALID_SIGNATURE;
  }

  /** SVS_SignMessage: SignedData by the key at `keyIndex`, whose certificate is registered as "index:N". */
  async signMessage(signMethod: number, keyIndex: number, keyValue: string, data: Uint8Array,
    flags: { originalText?: boolean; flavour?: CmsFlavour } = {}): Promise<Uint8Array> {
    const cert = this.#certs.get(`index:${keyIndex}`);
    if (!cert) throw new SvsError(SVS.CERT, `no certificate is registered for key index ${keyIndex}`);
    return signCms({
      content: data, certificate: cert.der, detached: flags.originalText === false, flavour: flags.flavour ?? 'gm',
      signer: (d) => this.#sign(signMethod, keyIndex, keyValue, d),
    });
  }

  // --- multi-part (stateless: the caller carries the SM3 "hash intermediate" between calls) ------

  /**
   * SVS_SignDataInit / SVS_VerifySignedDataInit: the intermediate after Z_A of the signer's key
   * (04 ‖ x ‖ y, ID default 1234567812345678) and the first data.
   */
  dataInit(signMethod: number, publicKey: Uint8Array, id: Uint8Array | null, data: Uint8Array): Uint8Array {
    if (signMethod !== SGD_SM3_SM2) throw new SvsError(SVS.SIGN_METHOD, `sign method 0x${signMethod.toString(16)} is not SGD_SM3_SM2`);
    let z: Uint8Array;
    try {
      z = this.#device.engine.sm.sm2.computeZ(publicKey, id ?? undefined);
    } catch {
      throw new SvsError(SVS.INVALID_DATA_FORMAT, 'the signer public key is not an SM2 point (04 ‖ x ‖ y)');
    }
    const h = sm3.create(); // the TypeScript SM3: its state is what the intermediate carries
    h.update(z).update(data);
    return sm3State.export(h);
  }

  /** SVS_SignDataUpdate / SVS_VerifySignedDataUpdate (and the message variants). */
  dataUpdate(intermediate: Uint8Array, data: Uint8Array): Uint8Array {
    const h = this.#resume(intermediate);
    h.update(data);
    return sm3State.export(h);
  }

  #resume(intermediate: Uint8Array) {
    try {
      return sm3State.import(intermediate);
    } catch {
      throw new SvsError(SVS.INVALID_DATA_FORMAT, 'not a hash intermediate');
    }
  }

  /** SVS_SignDataFinal: the DER signature of the digest the intermediate finishes to. */
  async signDataFinal(signMethod: number, keyIndex: number, keyValue: string, intermediate: Uint8Array): Promise<Uint8Array> {
    if (signMethod !== SGD_SM3_SM2) throw new SvsError(SVS.SIGN_METHOD, `sign method 0x${signMethod.toString(16)} is not SGD_SM3_SM2`);
    const e = this.#resume(intermediate).digest();
    const k = await this.#keySession(keyIndex, keyValue);
    const [sig] = await k.session.internalSignDigests(keyIndex, [e]);
    return signatureToDer(sig!);
  }

  /** SVS_VerifySignedDataFinal. */
  verifySignedDataFinal(type: 1 | 2, certOrSerial: Uint8Array | string, intermediate: Uint8Array, signature: Uint8Array, verifyLevel: number): number {
    const cert = type === 1 ? this.#parse(certOrSerial as Uint8Array) : [...this.#certs.values()].find((c) => c.serial === String(certOrSerial).toLowerCase());
    if (!cert?.publicKey) return SVS.CERT;
    const status = this.validateCert(cert.der, verifyLevel);
    if (status !== SVS.SUCCESS) return status;
    let raw: Uint8Array;
    try {
      raw = signatureFromDer(signature);
    } catch {
      return SVS.INVALID_DATA_FORMAT;
    }
    const e = this.#resume(intermediate).digest();
    return this.#device.engine.sm.sm2.verifyDigestBatch([{ publicKey: cert.publicKey, digest: e, signature: raw }])[0] ? SVS.SUCCESS : SVS.INVALID_SIGNATURE;
  }

  /** SVS_SignMessageInit / SVS_VerifySignedMessageInit: SM3 of the content (no Z_A: CMS hashes the content alone). */
  messageInit(data: Uint8Array): Uint8Array {
    const h = sm3.create(); // the TypeScript SM3: its state is what the intermediate carries
    h.update(data);
    return sm3State.export(h);
  }

  /** SVS_SignMessageFinal: a detached SignedData over the content the intermediate hashed. */
  async signMessageFinal(signMethod: number, keyIndex: number, keyValue: string, intermediate: Uint8Array): Promise<Uint8Array> {
    const cert = this.#certs.get(`index:${keyIndex}`);
    if (!cert) throw new SvsError(SVS.CERT, `no certificate is registered for key index ${keyIndex}`);
    const digest = this.#resume(intermediate).digest();
    return signCms({ content: new Uint8Array(0), contentDigest: digest, certificate: cert.der, signer: (d) => this.#sign(signMethod, keyIndex, keyValue, d) });
  }

  /** SVS_VerifySignedMessageFinal: a detached SignedData against the content the intermediate hashed. */
  verifySignedMessageFinal(intermediate: Uint8Array, signedMessage: Uint8Array): number {
    try {
      const v = verifyCms(signedMessage, { contentDigest: this.#resume(intermediate).digest() });
      for (const s of v.signers) {
        const code = this.validateCert(s.certificate.der, 2);
        if (code !== SVS.SUCCESS) return code;
      }
      return SVS.SUCCESS;
    } catch (e) {
      if (e instanceof SvsError) throw e;
      if (isCryptoError(e, 'SDR_VERIFYERR')) return SVS.INVALID_SIGNATURE;
      return SVS.INVALID_DATA_FORMAT;
    }
  }

  /** SVS_VerifySignedMessage: the signature, then the signer's certificate at level 2. */
  verifySignedMessage(signedMessage: Uint8Array, data?: Uint8Array): number {
    try {
      const v = verifyCms(signedMessage, { content: data });
      for (const s of v.signers) {
        const code = this.validateCert(s.certificate.der, 2);
        if (code !== SVS.SUCCESS) return code;
      }
      return SVS.SUCCESS;
    } catch (e) {
      if (isCryptoError(e, 'SDR_VERIFYERR')) return SVS.INVALID_SIGNATURE;
      return SVS.INVALID_DATA_FORMAT;
    }
  }
}

/** The operator principal of a machine's SVS sessions (applications reach it through their key grants). */
export const SVS_PRINCIPAL: Principal = Object.freeze({ name: 'svs', role: 'operator' as const });

/**
 * The SVS of a machine, configured from the store's trust items (anchors, intermediates, CRLs,
 * and the certificates of key indexes), which the management API edits.
 */
export async function svsFromStore(device: Device, principal: Principal): Promise<SignatureVerificationServer> {
  const items = await device.store.listTrustItems();
  const certs = (kind: string) => items.filter((i) => i.kind === kind).map((i) => parseCertificate(i.pem));
  const svs = new SignatureVerificationServer(device, principal, {
    anchors: certs('anchor'), intermediates: certs('intermediate'), crls: items.filter((i) => i.kind === 'crl').map((i) => parseCrl(i.pem)),
  });
  for (const i of items.filter((x) => x.kind === 'key-cert')) svs.addCertificate(`index:${i.id}`, parseCertificate(i.pem).der);
  return svs;
}
