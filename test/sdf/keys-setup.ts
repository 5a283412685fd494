/**
 * Shared set-up of the key-management tests: an in-memory device (fast self-test suite) with
 * internal SM2 pairs at indexes 1 and 2 (access passwords "pw1", "pw2"), a known KEK at index 1
 * (so wrapped keys can be checked with node:crypto), an operator's SDF device handle, and the
 * security officer and auditor principals for provisioning and reading the audit chain.
 */
import assert from 'node:assert/strict';
import { fromHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { Device, type Principal } from '../../src/device/index.js';
import type { Engine } from '../../src/engine/index.js';
import { SDF_CloseDevice, SDF_OpenDevice, SDF_OpenSession } from '../../src/sdf/device-management.js';
import { sessionOf, type DeviceHandle, type SessionHandle } from '../../src/sdf/handles.js';
import { openMemoryStore } from '../../src/store/index.js';

export const PW1 = utf8('pw1');
export const PW2 = utf8('pw2');
/** KEK 1: the GM/T 0002 A.1 example key, so wrapped outputs can be recomputed independently. */
export const KEK1 = fromHex('0123456789abcdeffedcba9876543210');

export interface KeysFixture {
  device: Device;
  so: Principal;
  auditor: Principal;
  hDevice: DeviceHandle;
  /** A new session on the operator's device handle. */
  session(): SessionHandle;
  close(): Promise<void>;
}

export async function openKeysFixture(opts: { rsaIndex?: number; engine?: Engine } = {}): Promise<KeysFixture> {
  const device = await Device.open(await openMemoryStore(), { selfTests: async () => [], engine: opts.engine });
  await device.init({
    seal: { kind: 'dev', passphrase: utf8('keys-test') },
    accounts: [
      { name: 'so', role: 'security-officer', password: utf8('so-pw') },
      { name: 'op', role: 'operator', password: utf8('op-pw') },
      { name: 'au', role: 'auditor', password: utf8('au-pw') },
    ],
    config: { passwordIterations: 1000 },
  });
  const so = await device.login('so', utf8('so-pw'));
  await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: PW1 });
  await device.keys.generateKeyPair(so, 2, 'sm2', { accessPassword: PW2 });
  if (opts.rsaIndex !== undefined) await device.keys.generateKeyPair(so, opts.rsaIndex, 'rsa2048', { accessPassword: PW1 });
  await device.keys.importKek(so, 1, KEK1);
  const op = await device.login('op', utf8('op-pw'));
  const auditor = await device.login('au', utf8('au-pw'));
  const hDevice = await SDF_OpenDevice({ device, principal: op });
  return {
    device, so, auditor, hDevice,
    session: () => SDF_OpenSession(hDevice),
    close: async () => {
      await SDF_CloseDevice(hDevice);
      await device.close();
    },
  };
}

/** The bytes of a session key (white-box: the device layer's view of the handle). */
export function keyBytes(hSession: SessionHandle, hKey: number): Uint8Array {
  return sessionOf(hSession).key(hKey).key.slice();
}

/** The stored public key (04 ‖ x ‖ y, or SPKI DER for RSA) of the encryption pair at `index`. */
export async function encPublicKey(device: Device, index: number): Promise<Uint8Array> {
  return (await device.keys.keyPair(index, 'enc')).publicKey;
}

/** Asserts that `fn` fails with the CryptoError `code` (sync throw or rejection). */
export async function assertSdr(fn: () => unknown, code: SdrName): Promise<void> {
  await assert.rejects(async () => fn(), (e: unknown) => {
    assert.ok(e instanceof CryptoError, `expected a CryptoError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

/** Audit records of the device so far (flushed), as "action target" strings. */
export async function auditTrail(f: KeysFixture): Promise<string[]> {
  const log = f.device.auditLog(f.auditor);
  await log.flush();
  const recs = await f.device.store.listAudit(0, 10000);
  return recs.map((r) => `${r.action} ${r.target ?? ''}`.trim());
}
