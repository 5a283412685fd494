/**
 * The crypto device (GM/T 0018 card, GM/T 0028 protections): `Device` (life cycle, roles,
 * keys, sessions, audit), `Session` (SDF session state and internal-key operations).
 *
 * @module
 */
export { Device, type InitOptions, type OpenOptions, type AccountSpec } from './device.js';
export { Session, type SessionKey } from './session.js';
export { KeyStore } from './keystore.js';
export { AuditLog, type AuditEvent, type AuditVerdict } from './audit.js';
export { DEV_SEAL_WARNING, DEFAULT_DEV_SEAL_PASSPHRASE } from './seal/dev-seal.js';
export { splitSecret, combineShares } from './seal/shamir.js';
export { sealWithPassphrase, openWithPassphrase } from './seal/passphrase.js';
export { runPowerUpSelfTests, runKnownAnswerSelfTests, algorithmKats, backendKats, drbgHealth, randomnessSelfTest, type SelfTestSuite } from './selftest.js';
export * from './types.js';
export {
  encodeShareFile, decodeShareFile, readShareInfo, isShareFile, shareToWords, shareFromWords, splitWords, formatShareWords,
  SHARE_FILE_LABEL, type ShareInfo, type OpenedShare,
} from './seal/share-file.js';
export { createBackup, restoreBackup, readBackupHeader, type BackupHeader } from './backup.js';
