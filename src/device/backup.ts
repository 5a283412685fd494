/**
 * Backup and restore of the device's keys (GM/T 0028 key management: keys leave the module only
 * wrapped). `createBackup` (security officer) gathers every internal key pair (SM2 and RSA, both
 * usages), every KEK, every access-password verifier and every named key, encrypts them under a
 * FRESH random backup key, and splits that key M-of-N (Shamir) for administrators; nothing of the
 * device's own master key is in the file, so a backup restores onto any initialised device.
 * `restoreBackup` (security officer, with M backup shares) puts the same keys back at the same
 * indexes — byte-identical private keys, so the old public keys and certificates stay valid.
 *
 * File: `MIMABK01` ‖ header length (u32, big-endian) ‖ header (JSON: version, backup id, source
 * device serial, time, share threshold and count, how many of each kind) ‖ 12-byte nonce ‖
 * SM4-GCM(payload) with the magic, header and nonce as AAD — the GCM tag is the MAC over
 * everything: an edited header, payload or tag fails as a whole (SDR_MACERR). The SM4 key comes
 * from the backup key through the SM3 KDF ("mima backup v1" label); a backup key is only ever
 * used for its one file.
 *
 * Decisions: restore refuses, before changing anything, an index that is occupied
 * (SDR_INARGERR naming it) unless `force`, which replaces what is there;
 * access-password verifiers are restored as stored (the passwords stay the same, lockout
 * counters reset); named keys that already exist (same id and version) are skipped when equal.
 *
 * @module
 */
import { concatBytes, fromHex, toHex, utf8, wipe } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { sm3Kdf } from '../algorithms/sm3/index.js';
import type { KeyPairAlgorithm, KeyUsage } from '../store/index.js';
import type { Device } from './device.js';
import { combineShares, splitSecret } from './seal/shamir.js';
import type { Principal } from './types.js';

const MAGIC = utf8('MIMABK01');
const NONCE = 12;
const BACKUP_KEY_BYTES = 32;

export interface BackupHeader {
  version: 1;
  backupId: string;
  sourceSerial: string;
  createdAt: string;
  threshold: number;
  count: number;
  counts: { keyPairs: number; keks: number; accessPasswords: number; namedKeys: number };
}

interface Payload {
  keyPairs: { index: number; usage: KeyUsage; algorithm: KeyPairAlgorithm; publicKey: string; privateKey: string }[];
  keks: { index: number; key: string }[];
  accessPasswords: { index: number; salt: string; iterations: number; hash: string }[];
  namedKeys: { id: string; version: number; algorithm: string; publicKey: string | null; attributes: Record<string, string>; secret: string }[];
}

/** The file's SM4 key from the backup key (SM3 KDF, labelled). */
function derive(backupKey: Uint8Array): { key: Uint8Array } {
  return { key: sm3Kdf(concatBytes(utf8('mima backup v1'), backupKey), 16) };
}

/** Everything secret the device holds, as the backup payload (plaintext: the caller wipes it). */
async function collect(device: Device, onProgress?: (done: number) => void): Promise<Payload> {
  const keys = device.keys;
  const payload: Payload = { keyPairs: [], keks: [], accessPasswords: [], namedKeys: [] };
  let done = 0;
  for (const info of await keys.listKeyPairs()) {
    const loaded = await keys.loaded(info.index, info.usage);
    const secret = loaded.d ? loaded.d.slice() : loaded.rsa!.exportDer();
    payload.keyPairs.push({ index: info.index, usage: info.usage, algorithm: info.algorithm, publicKey: toHex(info.publicKey), privateKey: toHex(secret) });
    wipe(secret);
    onProgress?.(++done);
  }
  for (const k of await keys.listKeks()) {
    const key = await keys.kek(k.index);
    payload.keks.push({ index: k.index, key: toHex(key) });
    wipe(key);
    onProgress?.(++done);
  }
  for (const info of await keys.listKeyPairs()) {
    if (!info.hasAccessPassword || payload.accessPasswords.some((a) => a.index === info.index)) continue;
    const v = (await device.store.getAccessPassword(info.index))!;
    payload.accessPasswords.push({ index: info.index, salt: toHex(v.salt), iterations: v.iterations, hash: toHex(v.hash) });
  }
  for (let after = ''; ;) {
    const page = await device.store.listNamedKeys(100_000, after);
    for (const r of page) {
      const { secret } = await keys.namedKeySecret(r.id, r.version);
      payload.namedKeys.push({ id: r.id, version: r.version, algorithm: r.algorithm, publicKey: r.publicKey ? toHex(r.publicKey) : null, attributes: r.attributes, secret: toHex(secret) });
      wipe(secret);
      onProgress?.(++done);
    }
    if (page.length < 100_000) break;
    after = page[page.length - 1]!.id;
  }
  return payload;
}

/** Security officer: the backup file and the backup key's shares (one per administrator). */
export async function createBackup(device: Device, so: Principal, opts: { threshold: number; count: number; onProgress?: (done: number) => void }):
  Promise<{ file: Uint8Array; shares: Uint8Array[]; header: BackupHeader }> {
  device.requireRole(so, ['security-officer']);
  if (!Number.isInteger(opts.count) || !Number.isInteger(opts.threshold) || opts.threshold < 1 || opts.threshold > opts.count || opts.count > 255) {
    throw new CryptoError('SDR_INARGERR', 'backup: need 1 <= threshold <= count <= 255');
  }
  const payload = await collect(device, opts.onProgress);
  const header: BackupHeader = {
    version: 1,
    backupId: toHex(device.random(8)),
    sourceSerial: device.record!.serial,
    createdAt: new Date().toISOString(),
    threshold: opts.threshold,
    count: opts.count,
    counts: { keyPairs: payload.keyPairs.length, keks: payload.keks.length, accessPasswords: payload.accessPasswords.length, namedKeys: payload.namedKeys.length },
  };
  const headerBytes = utf8(JSON.stringify(header));
  const backupKey = device.random(BACKUP_KEY_BYTES);
  const plain = utf8(JSON.stringify(payload));
  const { key } = derive(backupKey);
  const nonce = device.random(NONCE);
  const lead = concatBytes(MAGIC, u32(headerBytes.length), headerBytes, nonce);
  try {
    const sealed = device.engine.sm.sm4.seal({ mode: 'gcm', key, nonce, data: plain, aad: lead, tagLength: 16 });
    const shares = splitSecret(backupKey, opts.threshold, opts.count, device.random);
    await device.audit({ actor: so.name, role: so.role, action: 'backup.create', target: header.backupId, outcome: 'ok', detail: { ...header.counts, threshold: opts.threshold, count: opts.count } });
    return { file: concatBytes(lead, sealed), shares, header };
  } finally {
    wipe(backupKey, key, plain);
  }
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

/** The header of a backup file (public: no key needed). */
export function readBackupHeader(file: Uint8Array): BackupHeader {
  if (file.length < MAGIC.length + 4 || toHex(file.subarray(0, MAGIC.length)) !== toHex(MAGIC)) {
    throw new CryptoError('SDR_INARGERR', 'backup: not a Mima backup file');
  }
  const len = new DataView(file.buffer, file.byteOffset + MAGIC.length, 4).getUint32(0);
  const start = MAGIC.length + 4;
  if (file.length < start + len + NONCE + 16) throw new CryptoError('SDR_INARGERR', 'backup: file truncated');
  try {
    const h = JSON.parse(new TextDecoder().decode(file.subarray(start, start + len))) as BackupHeader;
    if (h.version !== 1) throw new Error('version');
    return h;
  } catch {
    throw new CryptoError('SDR_INARGERR', 'backup: unreadable header');
  }
}

/**
 * Security officer: restores a backup onto this (initialised, unlocked) device with `threshold`
 * of its shares. Returns what was restored.
 */
export async function restoreBackup(device: Device, so: Principal, file: Uint8Array, shares: readonly Uint8Array[],
  opts: { force?: boolean; onProgress?: (done: number) => void } = {}): Promise<BackupHeader['counts']> {
  device.requireRole(so, ['security-officer']);
  const header = readBackupHeader(file);
  if (shares.length < header.threshold) throw new CryptoError('SDR_INARGERR', `backup: ${header.threshold} shares are needed, ${shares.length} given`);
  const start = MAGIC.length + 4;
  const len = new DataView(file.buffer, file.byteOffset + MAGIC.length, 4).getUint32(0);
  const lead = file.subarray(0, start + len + NONCE);
  const nonce = file.subarray(start + len, start + len + NONCE);
  const backupKey = combineShares(shares);
  const { key } = derive(backupKey);
  let plain: Uint8Array;
  try {
    plain = device.engine.sm.sm4.open({ mode: 'gcm', key, nonce, data: file.subarray(lead.length), aad: lead, tagLength: 16 });
  } catch {
    throw new CryptoError('SDR_MACERR', 'backup: the file was altered, or the shares are not this backup\'s');
  } finally {
    wipe(backupKey, key);
  }
  const payload = JSON.parse(new TextDecoder().decode(plain)) as Payload;
  wipe(plain);
  const keys = device.keys;
  // Refuse before changing anything when an index is taken (unless forced).
  if (!opts.force) {
    for (const k of payload.keyPairs) if (await device.store.getKeyPair(k.index, k.usage)) throw new CryptoError('SDR_INARGERR', `backup: index ${k.index} already holds a ${k.usage} key pair (restore with force to replace it)`);
    for (const k of payload.keks) if (await device.store.getKek(k.index)) throw new CryptoError('SDR_INARGERR', `backup: KEK index ${k.index} is taken (restore with force to replace it)`);
  }
  let done = 0;
  const cleared = new Set<number>();
  for (const k of payload.keyPairs) {
    if (opts.force && !cleared.has(k.index) && (await device.store.getKeyPair(k.index, k.usage))) {
      await keys.destroyKeyPairs(so, k.index);
      cleared.add(k.index);
    }
    const secret = fromHex(k.privateKey);
    try {
      const info = await keys.importKeyPair(so, k.index, k.usage, k.algorithm, secret);
      if (toHex(info.publicKey) !== k.publicKey) throw new CryptoError('SDR_KEYERR', `backup: restored key at index ${k.index} does not match its public key`);
    } finally {
      wipe(secret);
    }
    opts.onProgress?.(++done);
  }
  for (const k of payload.keks) {
    if (opts.force && (await device.store.getKek(k.index))) await keys.destroyKek(so, k.index);
    const key = fromHex(k.key);
    try {
      await keys.importKek(so, k.index, key);
    } finally {
      wipe(key);
    }
    opts.onProgress?.(++done);
  }
  for (const a of payload.accessPasswords) {
    await device.store.putAccessPassword(a.index, { salt: fromHex(a.salt), iterations: a.iterations, hash: fromHex(a.hash), failures: 0, lockedUntil: 0 });
  }
  let named = 0;
  for (const n of payload.namedKeys) {
    const secret = fromHex(n.secret);
    try {
      if (!(await device.store.getNamedKey(n.id, n.version))) {
        await keys.putNamedKey(so, { id: n.id, version: n.version, algorithm: n.algorithm, publicKey: n.publicKey ? fromHex(n.publicKey) : null, attributes: n.attributes }, secret);
        named++;
      }
    } finally {
      wipe(secret);
    }
    opts.onProgress?.(++done);
  }
  const counts = { keyPairs: payload.keyPairs.length, keks: payload.keks.length, accessPasswords: payload.accessPasswords.length, namedKeys: named };
  await device.audit({ actor: so.name, role: so.role, action: 'backup.restore', target: header.backupId, outcome: 'ok', detail: { ...counts, sourceSerial: header.sourceSerial, force: Boolean(opts.force) } });
  return counts;
}
