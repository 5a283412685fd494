/**
 * The native backend: the C kernels of native/ behind the engine interface. Each algorithm
 * family is native when the addon has it; a family the addon lacks (a partial build) is served
 * by the TypeScript backend, and `describe()` says which are which.
 *
 * @module
 */
import { tsBackend } from '../ts/index.js';
import type { SmBackend } from '../types.js';
import { loadAddon } from './loader.js';
import { nativeSm2 } from './sm2.js';
import { nativeSm3 } from './sm3.js';
import { nativeSm4 } from './sm4.js';
import { nativeZuc } from './zuc.js';

export interface NativeBackend extends SmBackend {
  /** Which families run in C, e.g. ['sm2', 'sm3', 'sm4', 'zuc']. */
  readonly nativeFamilies: readonly string[];
}

let cached: { backend?: NativeBackend; reason?: string } | undefined;

/** The native backend, or why it is not available. Built once per process. */
export function nativeBackend(): { backend?: NativeBackend; reason?: string } {
  if (cached) return cached;
  const load = loadAddon();
  if (!load.addon) {
    cached = { reason: load.reason };
    return cached;
  }
  const a = load.addon;
  const families: string[] = [];
  const pick = <T>(name: string, present: boolean, make: () => T, fallback: T): T => {
    if (!present) return fallback;
    families.push(name);
    return make();
  };
  const backend: NativeBackend = Object.freeze({
    name: 'native',
    cpuFeatures: Object.freeze(a.cpuFeatures.split(' ').filter(Boolean)),
    sm2: pick('sm2', a.sm2 !== undefined, () => nativeSm2(a), tsBackend.sm2),
    sm3: pick('sm3', a.sm3 !== undefined, () => nativeSm3(a), tsBackend.sm3),
    sm4: pick('sm4', a.sm4 !== undefined, () => nativeSm4(a), tsBackend.sm4),
    zuc: pick('zuc', a.zuc !== undefined, () => nativeZuc(a), tsBackend.zuc),
    nativeFamilies: Object.freeze(families),
  });
  cached = families.length > 0 ? { backend } : { reason: 'native addon has no algorithm families' };
  return cached;
}
