/**
 * An Sm2Signer backed by an internal key of the crypto device: e = SM3(Z_A ‖ data) with the
 * key's own Z_A (default ID), signed inside the device (the operator's session needs the index's
 * access right, as every private-key use does; it is audited).
 *
 * @module
 */
import { concatBytes } from '../algorithms/internal/bytes.js';
import type { Device, Principal } from '../device/index.js';
import type { Sm2Signer } from './certificate.js';

export interface DeviceSigner {
  signer: Sm2Signer;
  /** The signing key's public key, 04 ‖ x ‖ y. */
  publicKey: Uint8Array;
  close(): void;
}

export async function deviceSigner(device: Device, operator: Principal, index: number, accessPassword: Uint8Array): Promise<DeviceSigner> {
  const session = device.openSession(operator);
  try {
    await session.getPrivateKeyAccessRight(index, accessPassword);
    const publicKey = (await device.keys.keyPair(index, 'sign')).publicKey;
    const { sm2, sm3 } = device.engine.sm;
    const z = sm2.computeZ(publicKey);
    return {
      publicKey,
      signer: async (data) => (await session.internalSignDigests(index, [sm3.digest(concatBytes(z, data))]))[0]!,
      close: () => device.closeSession(session),
    };
  } catch (e) {
    device.closeSession(session);
    throw e;
  }
}
