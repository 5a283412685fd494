/** The records the store keeps, as the device layer sees them. */

export type DeviceState = 'locked' | 'operational' | 'error' | 'zeroized';
export type SealKind = 'shares' | 'dev';
export type Role = 'security-officer' | 'operator' | 'auditor';
export type KeyUsage = 'sign' | 'enc';
export type KeyPairAlgorithm = 'sm2' | 'rsa2048' | 'rsa3072' | 'rsa4096';

/** Settings fixed at init (stored as JSON). */
export interface DeviceConfig {
  /** Internal key indexes are 1..maxKeyIndex (GM/T 0018 key pairs and KEKs). */
  maxKeyIndex: number;
  /** Wrong access passwords or logins in a row before a lockout. */
  lockoutThreshold: number;
  /** Lockout length in seconds. */
  lockoutSeconds: number;
  /** PBKDF2-HMAC-SM3 iterations for passwords stored from now on. */
  passwordIterations: number;
}

export interface DeviceRecord {
  serial: string;
  createdAt: string;
  state: DeviceState;
  /** Why the device is in the error or zeroized state (test name, time). */
  stateReason: string | null;
  sealKind: SealKind;
  threshold: number;
  shareCount: number;
  /** HMAC-SM3 check value proving a reconstructed master key is the right one. */
  mkCheck: Uint8Array;
  /** Dev seal only: the master key wrapped under a passphrase-derived key. */
  devSeal: Uint8Array | null;
  config: DeviceConfig;
}

/** A stored password verifier (account or per-index access password) and its lockout state. */
export interface PasswordVerifier {
  salt: Uint8Array;
  iterations: number;
  hash: Uint8Array;
  failures: number;
  /** Milliseconds since the epoch; 0 when not locked. */
  lockedUntil: number;
}

export interface AccountRecord extends PasswordVerifier {
  name: string;
  role: Role;
}

export interface KeyPairRecord {
  index: number;
  usage: KeyUsage;
  algorithm: KeyPairAlgorithm;
  /** SM2: 65-byte 04‖x‖y; RSA: SPKI DER. */
  publicKey: Uint8Array;
  /** nonce ‖ SM4-GCM ciphertext ‖ tag under the master wrapping key (see device/wrap.ts). */
  wrappedPrivate: Uint8Array;
  createdAt: string;
}

export interface KekRecord {
  index: number;
  algorithm: 'sm4';
  wrappedKey: Uint8Array;
  createdAt: string;
}

export interface NamedKeyRecord {
  id: string;
  version: number;
  algorithm: string;
  publicKey: Uint8Array | null;
  wrappedKey: Uint8Array;
  attributes: Record<string, string>;
  createdAt: string;
}

export interface FileRecord {
  name: string;
  size: number;
  data: Uint8Array;
}

export type AuditOutcome = 'ok' | 'denied' | 'error';

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  role: Role | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  /** Non-secret details (JSON object). */
  detail: Record<string, unknown>;
  /** SM3 of the previous record's canonical encoding (32 zero bytes for the first). */
  prevHash: Uint8Array;
  /** HMAC-SM3 of this record's canonical encoding under the audit key. */
  mac: Uint8Array;
}

/** An application registered with the server crypto machine. */
export interface ApplicationRecord {
  name: string;
  /** Internal key indexes it may use (private-key operations still need the access right). */
  allowedIndexes: number[];
  /** Its current client certificate (hex serial, SHA-256 fingerprint of the DER, hex). */
  certSerial: string | null;
  certFingerprint: string | null;
  revoked: boolean;
  createdAt: string;
  /** Requests per second allowed (0: unlimited). */
  rateLimit: number;
}

export interface ClientCertRecord {
  serial: string;
  application: string;
  fingerprint: string;
  issuedAt: string;
  revokedAt: string | null;
}

/** A certificate issued by a CA whose key is in this device, and its revocation. */
export interface CaCertificateRecord {
  /** The CA's subject key identifier (hex). */
  caKeyId: string;
  serial: string;
  subject: string;
  issuedAt: string;
  notAfter: string;
  revokedAt: string | null;
  /** RFC 5280 CRLReason code when revoked. */
  reason: number | null;
}

