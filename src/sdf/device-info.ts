/**
 * SDF_GetDeviceInfo (GM/T 0018 §6.2.5): who made the device, its serial, versions, and what it
 * can do, as ORs of GM/T 0006 ids.
 *
 * DeviceSerial follows the standard's 16 characters (8-character date, 3-character batch,
 * 5-character serial): the date the device was initialised, batch "MMA", and the last five
 * characters of the device's own serial. DeviceVersion is the package version as 0xMMmmpp00;
 * StandardVersion says which GM/T 0018 edition the interface follows (2023, with the 2012
 * functions kept).
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';
import { sessionOf, type SessionHandle } from './handles.js';
import { CAPABILITIES } from './sgd.js';
import type { DEVICEINFO } from './structs.js';

/** Bytes of user-file storage the device offers (SDF_CreateFile's limit; DEVICEINFO.BufferSize). */
export const FILE_STORAGE_BYTES = 16 * 1024 * 1024;

const PACKAGE_VERSION = 0x00010000; // 0.1.0
const STANDARD_VERSION = 2023;

export function SDF_GetDeviceInfo(hSessionHandle: SessionHandle): DEVICEINFO {
  const s = sessionOf(hSessionHandle);
  const record = s.device.record;
  if (!record) throw new CryptoError('SDR_MIMA_NOTINIT', 'SDF_GetDeviceInfo: the device is not initialised');
  const date = record.createdAt.slice(0, 10).replace(/-/g, '');
  const serial = record.serial.replace(/[^0-9A-Za-z]/g, '').toUpperCase().padStart(5, '0').slice(-5);
  return {
    IssuerName: 'Mima',
    DeviceName: 'Mima SoftCard',
    DeviceSerial: `${date}MMA${serial}`,
    DeviceVersion: PACKAGE_VERSION,
    StandardVersion: STANDARD_VERSION,
    AsymAlgAbility: [CAPABILITIES.asymAlgAbility[0], CAPABILITIES.asymAlgAbility[1]],
    SymAlgAbility: CAPABILITIES.symAlgAbility,
    HashAlgAbility: CAPABILITIES.hashAlgAbility,
    BufferSize: FILE_STORAGE_BYTES,
  };
}
