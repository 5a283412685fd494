/**
 * Engine selection. `engine()` returns the process-wide engine: the SM backend chosen once
 * (MIMA_ENGINE=ts forces TypeScript; otherwise the fastest available backend) and the
 * node:crypto backend for the international algorithms.
 *
 * @module
 */
import { tsBackend } from './ts/index.js';
import { nodeBackend, type LegacyBackend } from './node/index.js';
import { nativeBackend } from './native/index.js';
import type { SmBackend, SmBackendName } from './types.js';

export type * from './types.js';
export type { LegacyBackend } from './node/index.js';

export interface Engine {
  /** SM2/SM3/SM4/ZUC. */
  readonly sm: SmBackend;
  /** RSA, AES, SHA-2, ECDSA P-256 through node:crypto. */
  readonly legacy: LegacyBackend;
  /** Why this SM backend was chosen, for `mima engine`. */
  readonly reason: string;
}

const BACKENDS: Readonly<Record<SmBackendName, () => SmBackend | undefined>> = {
  ts: () => tsBackend,
  native: () => nativeBackend().backend,
};

/** Chooses the SM backend: an explicit request wins; otherwise native when available, else ts. */
export function createEngine(request: string | undefined = process.env.MIMA_ENGINE): Engine {
  if (request !== undefined && request !== '') {
    if (!Object.hasOwn(BACKENDS, request)) {
      throw new RangeError(`MIMA_ENGINE: unknown backend "${request}" (one of: ${Object.keys(BACKENDS).join(', ')})`);
    }
    const chosen = BACKENDS[request as SmBackendName]();
    if (chosen) return { sm: chosen, legacy: nodeBackend, reason: `MIMA_ENGINE=${request}` };
    return { sm: tsBackend, legacy: nodeBackend, reason: `MIMA_ENGINE=${request} requested but not available; using ts` };
  }
  const native = BACKENDS.native();
  if (native) return { sm: native, legacy: nodeBackend, reason: `native kernels for ${nativeBackend().backend!.nativeFamilies.join(', ')}` };
  return { sm: tsBackend, legacy: nodeBackend, reason: `${nativeBackend().reason ?? 'native backend unavailable'}; pure TypeScript` };
}

/** Every SM backend available in this build, TypeScript first (tests run them all). */
export function availableBackends(): SmBackend[] {
  const all: SmBackend[] = [];
  for (const make of Object.values(BACKENDS)) {
    const b = make();
    if (b) all.push(b);
  }
  return all;
}

let current: Engine | undefined;

/** The process-wide engine, created on first use. */
export function engine(): Engine {
  current ??= createEngine();
  return current;
}
