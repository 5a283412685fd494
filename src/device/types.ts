/** Public shapes of the device layer. */
import type { DeviceConfig, DeviceState, KeyPairAlgorithm, KeyUsage, Role } from '../store/index.js';

export type { DeviceConfig, DeviceState, KeyPairAlgorithm, KeyUsage, Role };

/** An authenticated account. Obtained from `Device.login`; required by role-bound operations. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
}

/** What `status` reports: no secrets. */
export interface DeviceStatus {
  /** 'uninitialized' when the store has no device yet; 'operational' when unlocked. */
  state: DeviceState | 'uninitialized';
  reason: string | null;
  serial: string | null;
  sealKind: 'shares' | 'dev' | null;
  threshold: number | null;
  shareCount: number | null;
  config: DeviceConfig | null;
  keyPairs: number;
  keks: number;
  engine: string;
  selfTest: SelfTestSummary | null;
}

export interface SelfTestResult {
  name: string;
  passed: boolean;
  detail?: string;
  /** How long it took. */
  ms?: number;
}

export interface SelfTestSummary {
  at: string;
  passed: boolean;
  results: SelfTestResult[];
}

/** Public part of an internal key pair, as listed. */
export interface KeyPairInfo {
  index: number;
  usage: KeyUsage;
  algorithm: KeyPairAlgorithm;
  publicKey: Uint8Array;
  createdAt: string;
  hasAccessPassword: boolean;
}

export const DEFAULT_CONFIG: DeviceConfig = Object.freeze({
  maxKeyIndex: 1024,
  lockoutThreshold: 5,
  lockoutSeconds: 300,
  passwordIterations: 10000,
});
