/** Device-layer failures: `CryptoError`s with SDR codes, built in one place. */
import { CryptoError } from '../algorithms/internal/errors.js';
import type { Role } from '../store/index.js';

export const deny = {
  notInitialised: () => new CryptoError('SDR_MIMA_NOTINIT', 'device: not initialised (mima device init)'),
  locked: () => new CryptoError('SDR_MIMA_LOCKED', 'device: locked (unlock it with the administrators\' shares)'),
  zeroized: () => new CryptoError('SDR_MIMA_NOTINIT', 'device: zeroized; initialise it again to use it'),
  selfTest: (reason: string) => new CryptoError('SDR_MIMA_SELFTEST', `device: in the error state after a failed self-test (${reason})`),
  role: (need: readonly Role[], have: Role) =>
    new CryptoError('SDR_MIMA_ROLE', `device: this operation needs the ${need.join(' or ')} role, not ${have}`),
  auth: () => new CryptoError('SDR_MIMA_AUTH', 'device: wrong account name or password'),
  lockout: (what: string, seconds: number) =>
    new CryptoError('SDR_MIMA_LOCKOUT', `device: ${what} locked for ${seconds} s after repeated failures`),
  noKey: (what: string) => new CryptoError('SDR_KEYNOTEXIST', `device: ${what} does not exist`),
  keyExists: (what: string) => new CryptoError('SDR_KEYERR', `device: ${what} already exists (destroy it first)`),
  badIndex: (index: number, max: number) => new CryptoError('SDR_INARGERR', `device: key index ${index} is outside 1..${max}`),
  noAccessRight: (index: number) =>
    new CryptoError('SDR_PARDENY', `device: no private-key access right for index ${index} in this session`),
  accessRightFailed: (index: number, why: string) => new CryptoError('SDR_PRKRERR', `device: access right for index ${index} refused: ${why}`),
};
