/**
 * The handle world of GM/T 0018: device handles from SDF_OpenDevice, session handles from
 * SDF_OpenSession, both opaque numbers (never reused within a process). Closing a device closes
 * its sessions; closing a session destroys its key handles and multi-part state.
 *
 * GM/T 0018 has no "bad handle" code: a handle that is not open is SDR_INARGERR.
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';
import type { Device, Principal, Session } from '../device/index.js';

export type DeviceHandle = number;
export type SessionHandle = number;

interface OpenDevice {
  device: Device;
  principal: Principal;
  /** Whether SDF_CloseDevice also closes the Device (it was opened from a data directory). */
  owned: boolean;
  sessions: Set<SessionHandle>;
}

const devices = new Map<DeviceHandle, OpenDevice>();
const sessions = new Map<SessionHandle, { session: Session; device: DeviceHandle }>();
let nextDevice = 1;
let nextSession = 1;

/** Registers an opened device for `principal` (an operator) and returns its handle. */
export function registerDevice(device: Device, principal: Principal, owned: boolean): DeviceHandle {
  const h = nextDevice++;
  devices.set(h, { device, principal, owned, sessions: new Set() });
  return h;
}

function openDevice(h: DeviceHandle): OpenDevice {
  const d = devices.get(h);
  if (!d) throw new CryptoError('SDR_INARGERR', `SDF: ${h} is not an open device handle`);
  return d;
}

/** Closes every session of the device and forgets the handle; returns the entry. */
export function unregisterDevice(h: DeviceHandle): { device: Device; owned: boolean } {
  const d = openDevice(h);
  for (const s of d.sessions) closeSessionHandle(s);
  devices.delete(h);
  return { device: d.device, owned: d.owned };
}

export function openSessionHandle(h: DeviceHandle): SessionHandle {
  const d = openDevice(h);
  const session = d.device.openSession(d.principal);
  const sh = nextSession++;
  sessions.set(sh, { session, device: h });
  d.sessions.add(sh);
  return sh;
}

export function closeSessionHandle(sh: SessionHandle): void {
  const s = sessions.get(sh);
  if (!s) throw new CryptoError('SDR_INARGERR', `SDF: ${sh} is not an open session handle`);
  s.session.device.closeSession(s.session);
  sessions.delete(sh);
  devices.get(s.device)?.sessions.delete(sh);
}

/** The session behind a handle, checked open (and its device healthy and unlocked). */
export function sessionOf(sh: SessionHandle): Session {
  const s = sessions.get(sh);
  if (!s) throw new CryptoError('SDR_INARGERR', `SDF: ${sh} is not an open session handle`);
  s.session.check();
  return s.session;
}

/** The Device behind a device handle. */
export function deviceOf(h: DeviceHandle): Device {
  return openDevice(h).device;
}
