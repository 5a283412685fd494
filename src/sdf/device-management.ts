/**
 * GM/T 0018 §3.1 device and session management (SDF_GetDeviceInfo lives with the structures
 * in device-info.ts).
 *
 * What SDF_OpenDevice opens: either an existing `Device` with an operator principal (how the
 * network server and in-process callers use it), or a data directory opened here, with the
 * operator account from options or the environment (MIMA_OPERATOR_USER, default "operator";
 * MIMA_OPERATOR_PASSWORD) — the same credentials the `mima` CLI uses. A dev-sealed device
 * unlocks with MIMA_DEV_SEAL_PASSPHRASE (or the default); a shares-sealed one needs `shares`.
 *
 * @module
 */
import { utf8 } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import { DEFAULT_DEV_SEAL_PASSPHRASE, Device, type Principal } from '../device/index.js';
import { openSqliteStore } from '../store/index.js';
import {
  closeSessionHandle,
  openSessionHandle,
  registerDevice,
  sessionOf,
  unregisterDevice,
  type DeviceHandle,
  type SessionHandle,
} from './handles.js';

export type OpenDeviceOptions =
  | { device: Device; principal: Principal }
  | {
      dataDir?: string;
      operator?: { name: string; password: Uint8Array };
      devSealPassphrase?: Uint8Array;
      /** Administrator shares (raw) for a shares-sealed device. */
      shares?: readonly Uint8Array[];
    };

/** SDF_OpenDevice. */
export async function SDF_OpenDevice(opts: OpenDeviceOptions = {}): Promise<DeviceHandle> {
  if ('device' in opts) {
    if (opts.principal.role !== 'operator') throw new CryptoError('SDR_OPENDEVICE', 'SDF_OpenDevice: needs an operator principal');
    return registerDevice(opts.device, opts.principal, false);
  }
  const dataDir = opts.dataDir ?? process.env.MIMA_DATA ?? './data';
  const store = await openSqliteStore(dataDir);
  const device = await Device.open(store, {
    devSealPassphrase: opts.devSealPassphrase ?? utf8(process.env.MIMA_DEV_SEAL_PASSPHRASE || DEFAULT_DEV_SEAL_PASSPHRASE),
  });
  try {
    if (opts.shares) await device.unlock(opts.shares);
    const name = opts.operator?.name ?? process.env.MIMA_OPERATOR_USER ?? 'operator';
    const password = opts.operator?.password ?? utf8(process.env.MIMA_OPERATOR_PASSWORD ?? '');
    const principal = await device.login(name, password);
    if (principal.role !== 'operator') throw new CryptoError('SDR_OPENDEVICE', `SDF_OpenDevice: account ${name} is not an operator`);
    return registerDevice(device, principal, true);
  } catch (e) {
    await device.close();
    throw e;
  }
}

/** SDF_CloseDevice: closes its sessions (wiping their keys), and the device if opened here. */
export async function SDF_CloseDevice(hDevice: DeviceHandle): Promise<void> {
  const { device, owned } = unregisterDevice(hDevice);
  if (owned) await device.close();
}

/** SDF_OpenSession. */
export function SDF_OpenSession(hDevice: DeviceHandle): SessionHandle {
  return openSessionHandle(hDevice);
}

/** SDF_CloseSession: destroys the session's key handles and multi-part state. */
export function SDF_CloseSession(hSession: SessionHandle): void {
  closeSessionHandle(hSession);
}

/** SDF_GenerateRandom: `length` bytes from the device's GM/T 0105 DRBG. */
export function SDF_GenerateRandom(hSession: SessionHandle, uiLength: number): Uint8Array {
  const s = sessionOf(hSession);
  if (!Number.isInteger(uiLength) || uiLength < 0 || uiLength > 1 << 24) {
    throw new CryptoError('SDR_INARGERR', 'SDF_GenerateRandom: length must be 0..16 MiB');
  }
  return s.device.random(uiLength);
}

/** SDF_GetPrivateKeyAccessRight. */
export async function SDF_GetPrivateKeyAccessRight(hSession: SessionHandle, uiKeyIndex: number, pucPassword: Uint8Array): Promise<void> {
  await sessionOf(hSession).getPrivateKeyAccessRight(uiKeyIndex, pucPassword);
}

/** SDF_ReleasePrivateKeyAccessRight. */
export function SDF_ReleasePrivateKeyAccessRight(hSession: SessionHandle, uiKeyIndex: number): void {
  sessionOf(hSession).releasePrivateKeyAccessRight(uiKeyIndex);
}
